#include "core/problems/robot_arm.h"

#include <cmath>

namespace ml {

namespace arm {
std::vector<std::array<double, 2>> joints(const double* x) {
  const double a[3] = {x[1], x[2] - x[1], x[3] - x[2] - x[1]};
  std::vector<std::array<double, 2>> points{{0.0, x[0]}};
  double h = 0.0, v = x[0];
  for (int i = 0; i < 3; ++i) {
    h += kLengths[i] * std::cos(a[i]);
    v += kLengths[i] * std::sin(a[i]);
    points.push_back({h, v});
  }
  return points;
}
}  // namespace arm

torch::Tensor RobotArmProblem::simulate(const torch::Tensor& x) const {
  TORCH_CHECK(x.dim() == 2 && x.size(1) == 4, "robot-arm: x must be [N, 4]");
  const auto rail = x.select(1, 0), t1 = x.select(1, 1), t2 = x.select(1, 2), t3 = x.select(1, 3);
  const torch::Tensor a[3] = {t1, t2 - t1, t3 - t2 - t1};
  torch::Tensor h = torch::zeros_like(rail), v = rail;
  for (int i = 0; i < 3; ++i) {
    h = h + arm::kLengths[i] * torch::cos(a[i]);
    v = v + arm::kLengths[i] * torch::sin(a[i]);
  }
  return torch::stack({h, v}, 1);
}

torch::Tensor RobotArmProblem::sample(std::int64_t n, at::Generator& gen) const {
  const auto std =
      torch::tensor({arm::kPriorStd[0], arm::kPriorStd[1], arm::kPriorStd[2], arm::kPriorStd[3]}, torch::kFloat32);
  return torch::randn({n, 4}, gen, torch::kFloat32) * std;
}

Box RobotArmProblem::domain(const torch::Tensor& x_train) const { return bounding_box(x_train); }

}  // namespace ml
