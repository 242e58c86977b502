#include "core/train/coverage.h"

#include <cmath>

namespace ml {

torch::Tensor valid_distinct(const torch::Tensor& x, const torch::Tensor& resim, int k, const CoverageSettings& s) {
  torch::NoGradGuard no_grad;
  const auto xs = x.slice(0, 0, k).to(torch::kCPU, torch::kFloat64).contiguous();  // [k, N, d]
  const auto valid = (resim.slice(0, 0, k) < s.tau).to(torch::kCPU).contiguous();
  const long N = xs.size(1), d = xs.size(2);
  auto out = torch::zeros({N}, torch::kLong);
  const double* px = xs.data_ptr<double>();
  const bool* pv = valid.data_ptr<bool>();
  long* po = out.data_ptr<long>();
  const double eps2 = s.epsilon * s.epsilon;
  std::vector<const double*> kept;
  for (long n = 0; n < N; ++n) {
    kept.clear();
    for (int m = 0; m < k; ++m) {
      if (!pv[m * N + n]) continue;
      const double* p = px + (m * N + n) * d;
      bool merged = false;
      for (const double* q : kept) {
        double dist2 = 0;
        for (long j = 0; j < d; ++j) dist2 += (p[j] - q[j]) * (p[j] - q[j]);
        if (dist2 < eps2) {
          merged = true;
          break;
        }
      }
      if (!merged) kept.push_back(p);
    }
    po[n] = static_cast<long>(kept.size());
  }
  return out;
}

double solution_set_coverage(const torch::Tensor& x, const torch::Tensor& resim, const torch::Tensor& y, int k,
                             const Box& box, const std::function<torch::Tensor(const torch::Tensor&)>& simulate,
                             const CoverageSettings& s) {
  torch::NoGradGuard no_grad;
  TORCH_CHECK(box.lo.size() == 2 && y.size(1) == 1, "solution-set coverage needs x in 2-D and y in 1-D");
  const auto g0 = torch::linspace(box.lo[0], box.hi[0], s.grid, torch::kFloat64);
  const auto g1 = torch::linspace(box.lo[1], box.hi[1], s.grid, torch::kFloat64);
  const auto mesh = torch::meshgrid({g0, g1}, "ij");
  const auto grid = torch::stack({mesh[0].reshape(-1), mesh[1].reshape(-1)}, 1);  // [G, 2]
  const auto sim = simulate(grid.to(torch::kFloat32)).to(torch::kFloat64).reshape(-1);
  const auto xs = x.slice(0, 0, k).to(torch::kCPU, torch::kFloat64);
  const auto valid = (resim.slice(0, 0, k) < s.tau).to(torch::kCPU);
  const auto ys = y.to(torch::kCPU, torch::kFloat64).reshape(-1);
  const long N = std::min<long>(ys.size(0), s.targets);
  double sum = 0;
  long counted = 0;
  for (long n = 0; n < N; ++n) {
    const auto on_set = (sim - ys[n]).abs() < s.delta;
    const auto points = grid.index({on_set});
    if (points.size(0) == 0) continue;
    ++counted;
    const auto proposals = xs.select(1, n).index({valid.select(1, n)});  // [v, 2]
    if (proposals.size(0) == 0) continue;
    const auto d2 = (points.unsqueeze(1) - proposals.unsqueeze(0)).pow(2).sum(-1);  // [P, v]
    sum += (std::get<0>(d2.min(1)) < s.epsilon * s.epsilon).to(torch::kFloat64).mean().item<double>();
  }
  return counted ? sum / counted : NAN;
}

}  // namespace ml
