#pragma once
/// Inverse ballistics (PROBLEMS.md section 1) as a plug-in: x = (x0 m, y0 m, angle rad, v0 m/s)
/// -> y = where the projectile with linear drag lands (m), the exact root of
/// core/problems/ballistics/ballistics_physics.h, differentiable by the implicit-function rule.
/// A launch that never lands is invalid: simulate() gives NaN there.
#include "core/problems/spec_problem.h"

namespace ml {

class BallisticsProblem : public SpecProblem {
 public:
  BallisticsProblem();
  /// Landings computed in double on the CPU; gradient d landing / d x from Landing::dx. NaN (and
  /// a zero gradient) for a launch that never lands. Same device and dtype as x.
  torch::Tensor simulate(const torch::Tensor& x) const override;
  /// simulate(), with a launch that never lands continued by x at its apex (the point nearest
  /// the ground; equal to the landing where the apex touches it), so g can train through it.
  torch::Tensor simulate_for_training(const torch::Tensor& x) const override;
  /// The benchmark's prior: x0 ~ N(0, 0.5^2), y0 ~ max(N(1.5, 0.5^2), 0), angle ~
  /// U(0.1 pi/2, 0.9 pi/2), v0 ~ Poisson(15) (whole m/s).
  torch::Tensor sample(std::int64_t n, at::Generator& gen) const override;
  /// Prior draws until n of them land (all do from y0 >= 0; the rule is kept for other priors).
  std::pair<torch::Tensor, torch::Tensor> draw_rows(std::int64_t n, std::int64_t seed) const override;
  /// MMN's box (ballistics::kBoxLow/kBoxHigh), whatever the training rows.
  Box domain(const torch::Tensor& x_train) const override;
};

/// The registry entry: names and units, invalid = "never lands", presets, factory.
const ProblemSpec& ballistics_spec();

}  // namespace ml
