#include "core/problems/sine.h"

#include <cmath>

namespace ml {

torch::Tensor SineProblem::simulate(const torch::Tensor& x) const {
  TORCH_CHECK(x.dim() == 2 && x.size(1) == 2, "sine: x must be [N, 2]");
  const double w = 3.0 * M_PI;
  return (torch::sin(w * x.select(1, 0)) + torch::cos(w * x.select(1, 1))).unsqueeze(1);
}

torch::Tensor SineProblem::sample(std::int64_t n, at::Generator& gen) const {
  return torch::rand({n, 2}, gen, torch::kFloat32) * 2.0 - 1.0;
}

Box SineProblem::domain(const torch::Tensor&) const { return Box{{-1.0, -1.0}, {1.0, 1.0}}; }

}  // namespace ml
