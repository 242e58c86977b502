#include "core/problems/ballistics/ballistics.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <limits>

#include "core/problems/dataset.h"
#include "core/problems/ballistics/ballistics_physics.h"

namespace ml {
namespace {

/// x [N, 4] -> landing [N, 1] with Landing::dx as its gradient.
class LandingFunction : public torch::autograd::Function<LandingFunction> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x) {
    const auto xd = x.detach().to(torch::kCPU, torch::kFloat64).contiguous();
    const long n = xd.size(0);
    auto y = torch::empty({n, 1}, torch::kFloat64);
    auto grad = torch::zeros({n, 4}, torch::kFloat64);
    const double* px = xd.data_ptr<double>();
    double* py = y.data_ptr<double>();
    double* pg = grad.data_ptr<double>();
    at::parallel_for(0, n, 512, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) {
        const ballistics::Landing l = ballistics::landing(px + 4 * i);
        py[i] = l.lands ? l.x : std::numeric_limits<double>::quiet_NaN();
        if (l.lands)
          for (int d = 0; d < 4; ++d) pg[4 * i + d] = l.dx[d];
      }
    });
    ctx->save_for_backward({grad.to(x.device(), x.scalar_type())});
    return y.to(x.device(), x.scalar_type());
  }
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grad_out) {
    const auto grad = ctx->get_saved_variables()[0];
    return {grad_out[0] * grad};  // [N, 1] * [N, 4]
  }
};

}  // namespace

const ProblemSpec& ballistics_spec() {
  static const ProblemSpec spec = [] {
    ProblemSpec s;
    s.name = "ballistics";
    s.description = "inverse ballistics: launch point, angle and speed -> where a projectile with drag lands";
    s.x_names = {"x0", "y0", "angle", "v0"};
    s.x_units = {"m", "m", "rad", "m/s"};
    s.y_names = {"landing"};
    s.y_units = {"m"};
    s.invalid_meaning = "never lands";
    s.invalid_reason = [](const double* x) -> std::string {
      return ballistics::landing(x).lands ? "" : "this launch never lands (its apex is below the ground)";
    };
    s.standardize = true;
    s.valid_tau = 1e-2;  // 1e-3 of the landing's variance (9.6 m^2 over the prior): about 10 cm RMS
    s.quick = [](Config& c) {
      // Tuned on 2 CPU cores (docs/ARCHITECTURE.md's worked example; numbers in the README).
      // Repulsion's distance is in standardised x (x is standardised here): 0.04 per dimension.
      c.sigma2 = 0.16;
    };
    s.paper = [](Config& c) {
      // BDIMNNA's tandem for ballistics on a CPU-sized scale is not published per layer; keep
      // the reference code's training settings with the arm's network sizes.
      c.hidden_forward = {300, 300};
      c.hidden_inverse = {500, 500, 500};
    };
    s.make = [](const Config&) -> std::unique_ptr<Problem> { return std::make_unique<BallisticsProblem>(); };
    return s;
  }();
  return spec;
}

BallisticsProblem::BallisticsProblem() : SpecProblem(ballistics_spec()) {}

torch::Tensor BallisticsProblem::simulate(const torch::Tensor& x) const {
  TORCH_CHECK(x.dim() == 2 && x.size(1) == 4, "ballistics: x must be [N, 4]");
  return LandingFunction::apply(x);
}

torch::Tensor BallisticsProblem::simulate_for_training(const torch::Tensor& x) const {
  const auto y = simulate(x);
  // Apex: vy(t) = 0 at exp(-k t / m) = g m / (k vy + g m), so x(t_apex) = x0 + vx vy / (g + vy k / m).
  const auto a = x.select(1, 2), v0 = x.select(1, 3);
  const auto vx = v0 * torch::cos(a), vy = torch::relu(v0 * torch::sin(a));
  const double k_over_m = ballistics::kDrag / ballistics::kMass;
  const auto apex = (x.select(1, 0) + vx * vy / (ballistics::kGravity + vy * k_over_m)).unsqueeze(1);
  return torch::where(torch::isnan(y), apex, y);
}

torch::Tensor BallisticsProblem::sample(std::int64_t n, at::Generator& gen) const {
  const auto x0 = torch::randn({n}, gen, torch::kFloat32) * 0.5;
  const auto y0 = torch::clamp_min(torch::randn({n}, gen, torch::kFloat32) * 0.5 + 1.5, 0.0);
  const double lo = 0.1 * M_PI / 2, hi = 0.9 * M_PI / 2;
  const auto angle = torch::rand({n}, gen, torch::kFloat32) * (hi - lo) + lo;
  const auto v0 = torch::poisson(torch::full({n}, 15.0, torch::kFloat32), gen);
  return torch::stack({x0, y0, angle, v0}, 1);
}

std::pair<torch::Tensor, torch::Tensor> BallisticsProblem::draw_rows(std::int64_t n, std::int64_t seed) const {
  auto gen = seeded_generator(seed);
  std::vector<torch::Tensor> xs, ys;
  std::int64_t have = 0;
  for (int round = 0; have < n; ++round) {
    TORCH_CHECK(round < 1000, "ballistics: the prior keeps drawing launches that never land");
    const auto x = sample(n - have, gen);
    torch::NoGradGuard no_grad;
    const auto y = simulate(x);
    const auto lands = torch::isfinite(y.select(1, 0));
    xs.push_back(x.index({lands}));
    ys.push_back(y.index({lands}));
    have += xs.back().size(0);
  }
  return {torch::cat(xs), torch::cat(ys)};
}

Box BallisticsProblem::domain(const torch::Tensor&) const {
  Box b;
  b.lo.assign(ballistics::kBoxLow.begin(), ballistics::kBoxLow.end());
  b.hi.assign(ballistics::kBoxHigh.begin(), ballistics::kBoxHigh.end());
  return b;
}

}  // namespace ml
