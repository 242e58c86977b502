// The fuzz targets compile the torch-free sources alone, without the problems' torch plug-ins: this
// stands in for core/problems/registry.cpp with two entries that have names and no factory.
#include "core/problems/registry.h"

namespace ml {

const std::vector<ProblemSpec>& problem_registry() {
  static const std::vector<ProblemSpec> table = [] {
    ProblemSpec sine, arm;
    sine.name = "sine";
    arm.name = "robot-arm";
    return std::vector<ProblemSpec>{sine, arm};
  }();
  return table;
}

}  // namespace ml
