#include "core/problems/registry.h"

#include "core/problems/ballistics/ballistics.h"
#include "core/problems/robot_arm/robot_arm.h"
#include "core/problems/shell/shell.h"
#include "core/problems/sine/sine.h"

namespace ml {

const std::vector<ProblemSpec>& problem_registry() {
  // Adding a problem: its folder core/problems/<name>/ with <name>.h/.cpp, and one line here.
  static const std::vector<ProblemSpec> table{
      sine_spec(),
      robot_arm_spec(),
      ballistics_spec(),
      shell_spec(),
  };
  return table;
}

}  // namespace ml
