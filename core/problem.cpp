#include "core/problem.h"

#include "core/config.h"
#include "core/problems/robot_arm.h"
#include "core/problems/sine.h"

namespace ml {

std::unique_ptr<Problem> make_problem(const std::string& name) {
  if (name == "sine") return std::make_unique<SineProblem>();
  if (name == "robot-arm") return std::make_unique<RobotArmProblem>();
  throw ConfigError("unknown problem '" + name + "' (known: sine, robot-arm)");
}

}  // namespace ml
