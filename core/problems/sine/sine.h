#pragma once
#include "core/problems/spec_problem.h"

namespace ml {
/// y = sin(3 pi x1) + cos(3 pi x2), x uniform in [-1, 1]^2 (METHOD.md section 1).
class SineProblem : public SpecProblem {
 public:
  SineProblem();
  torch::Tensor simulate(const torch::Tensor& x) const override;
  torch::Tensor sample(std::int64_t n, at::Generator& gen) const override;
  Box domain(const torch::Tensor& x_train) const override;
};

/// The sine wave's registry entry: names, presets (the paper's f and g: 4 x 500), factory.
const ProblemSpec& sine_spec();
}  // namespace ml
