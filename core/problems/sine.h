#pragma once
#include "core/problem.h"

namespace ml {
/// y = sin(3 pi x1) + cos(3 pi x2), x uniform in [-1, 1]^2 (METHOD.md section 1).
class SineProblem : public Problem {
 public:
  std::string name() const override { return "sine"; }
  std::vector<std::string> x_names() const override { return {"x1", "x2"}; }
  std::vector<std::string> y_names() const override { return {"y"}; }
  torch::Tensor simulate(const torch::Tensor& x) const override;
  torch::Tensor sample(std::int64_t n, at::Generator& gen) const override;
  Box domain(const torch::Tensor& x_train) const override;
};
}  // namespace ml
