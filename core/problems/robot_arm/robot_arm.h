#pragma once
#include "core/problems/spec_problem.h"
#include "core/problems/robot_arm_geometry.h"

namespace ml {
/// The 4-DOF robot arm: x = [rail offset, t1, t2, t3] ~ N(0, diag(0.25², 0.5², 0.5², 0.5²)),
/// y = end point [h, v].
class RobotArmProblem : public SpecProblem {
 public:
  RobotArmProblem();
  torch::Tensor simulate(const torch::Tensor& x) const override;
  torch::Tensor sample(std::int64_t n, at::Generator& gen) const override;
  /// [min, max] of the training x per dimension (mid +/- half-range).
  Box domain(const torch::Tensor& x_train) const override;
};

/// The robot arm's registry entry: names, presets (the paper's f 2 x 300, g 3 x 500; quick
/// trains unclipped), factory.
const ProblemSpec& robot_arm_spec();
}  // namespace ml
