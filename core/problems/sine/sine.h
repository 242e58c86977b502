#pragma once
#include "core/problem.h"
#include "core/problems/registry.h"

namespace ml {
/// y = sin(3 pi x1) + cos(3 pi x2), x uniform in [-1, 1]^2 (METHOD.md section 1).
class SineProblem : public Problem {
 public:
  std::string name() const override;
  std::vector<std::string> x_names() const override;
  std::vector<std::string> y_names() const override;
  torch::Tensor simulate(const torch::Tensor& x) const override;
  torch::Tensor sample(std::int64_t n, at::Generator& gen) const override;
  Box domain(const torch::Tensor& x_train) const override;
};

/// The sine wave's registry entry: names, presets (the paper's f and g: 4 x 500), factory.
const ProblemSpec& sine_spec();
}  // namespace ml
