#include "core/problems/robot_arm/robot_arm.h"

#include <cmath>
#include <cstdio>

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

namespace {
/// The generative baselines: the benchmark's arm choices (cVAE KL weight 1, 6 cINN blocks) but 32
/// MDN components, not 4: with diagonal covariances and 60 epochs, 4 gave r_50 = 7.1e-4 on 200
/// test targets (benchmark 7e-5), 32 gave 1.05e-4 (seed 1).
void arm_generative(Config& c) {
  c.mdn_components = 32;
  c.cvae_kl = 1.0;
  c.cinn_blocks = 6;
}
}  // namespace

const ProblemSpec& robot_arm_spec() {
  static const ProblemSpec spec = [] {
    ProblemSpec s;
    s.name = "robot-arm";
    s.description = "the 4-DOF robot arm: rail offset and three joint angles -> the end point";
    s.x_names = {"rail", "t1", "t2", "t3"};
    s.x_units = {"", "rad", "rad", "rad"};
    s.y_names = {"h", "v"};
    s.y_units = {"", ""};
    // Gradient clipping kept every sine network valid in 10 of 10 seeds (5 of 10 without); on the
    // arm it made the selected error worse on the seeds compared and its failures are not
    // blow-ups, so the arm keeps training unclipped. A one-cycle peak of 5e-3 rather than 1e-2
    // left more arm networks valid at the same cost (seeds 1-10, k = 4: 33 of 40 against 24,
    // every network valid in 5 seeds against 2; selected error 2.32e-4 against 2.35e-4).
    s.quick = [](Config& c) {
      c.grad_clip_inverse = 0.0;
      c.lr_inverse = 5e-3;
      arm_generative(c);
    };
    s.paper = [](Config& c) {
      c.hidden_forward = {300, 300};
      c.hidden_inverse = {500, 500, 500};
      arm_generative(c);
      c.gen_hidden = {500, 500, 500, 500, 500, 500};
    };
    s.simulate_notes = [](const double* x) {
      const auto points = arm::joints(x);
      const char* names[] = {"base", "joint1", "joint2", "end"};
      std::vector<std::string> lines;
      for (size_t j = 0; j < points.size(); ++j) {
        char line[96];
        std::snprintf(line, sizeof line, "  %-6s (%.6f, %.6f)", names[j], points[j][0], points[j][1]);
        lines.push_back(line);
      }
      return lines;
    };
    s.make = [](const Config&) -> std::unique_ptr<Problem> { return std::make_unique<RobotArmProblem>(); };
    return s;
  }();
  return spec;
}

RobotArmProblem::RobotArmProblem() : SpecProblem(robot_arm_spec()) {}

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
