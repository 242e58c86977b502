#include "core/baselines/neural_adjoint.h"

#include <algorithm>

#include "core/nn/adam.h"
#include "core/problems/dataset.h"
#include "core/train/losses.h"
#include "core/train/refine.h"

namespace ml {
namespace {

/// One block of targets: Adam with a learning rate per target (row of x).
AdjointResult run_block(const ForwardFn& f, const torch::Tensor& y, torch::Tensor x, const BoxTensors& box,
                        const AdjointSettings& s, const std::function<bool()>& tick) {
  const long n = x.size(0);
  const auto yy = y.unsqueeze(1);
  const auto opts = x.options();
  const auto m = torch::zeros_like(x, torch::MemoryFormat::Contiguous),
             v = torch::zeros_like(x, torch::MemoryFormat::Contiguous);
  auto lr = torch::full({n}, s.lr, opts.dtype(torch::kFloat64));  // as FusedAdam's set_lr(double)
  auto best = torch::full({n}, std::numeric_limits<float>::infinity(), opts);
  auto bad = torch::zeros({n}, opts);
  for (int t = 1; t <= s.steps; ++t) {
    x.requires_grad_(true);
    const auto loss = adjoint_loss(f, x, yy, box, s.boundary_weight);
    const auto grad = torch::autograd::grad({loss.sum()}, {x})[0];
    torch::NoGradGuard no_grad;
    x = x.detach();
    adam_update(x, grad, m, v, t, lr);
    // ReduceLROnPlateau(mode min, factor 0.5, threshold 1e-4 relative) on each target's mean loss.
    const auto mean = loss.detach().mean(1);
    const auto improved = mean < best * (1 - 1e-4);
    best = torch::where(improved, mean, best);
    bad = torch::where(improved, torch::zeros_like(bad), bad + 1);
    const auto halve = bad > s.plateau_patience;
    lr = torch::where(halve, lr * 0.5, lr);
    bad = torch::where(halve, torch::zeros_like(bad), bad);
    if (tick && !tick()) return {};
  }
  torch::NoGradGuard no_grad;
  const auto loss = adjoint_loss(f, x, yy, box, s.boundary_weight);
  const long keep = std::min<long>(s.keep, x.size(1));
  const auto order = std::get<1>(loss.sort(1)).slice(1, 0, keep);  // [n, keep]
  AdjointResult r;
  r.loss = loss.gather(1, order);
  r.x = x.gather(1, order.unsqueeze(-1).expand({n, keep, x.size(2)}));
  return r;
}

}  // namespace

AdjointResult neural_adjoint(const ForwardFn& f, const torch::Tensor& y, const torch::Tensor& starts, const Box& box,
                             const AdjointSettings& settings, const AdjointTick& tick) {
  TORCH_CHECK(starts.dim() == 3 && starts.size(0) == y.size(0), "starts must be [targets, B, x_dim]");
  const long N = y.size(0), B = starts.size(1);
  const long block = std::max<long>(1, settings.max_rows / B);
  const long total = ((N + block - 1) / block) * settings.steps;
  long done = 0;
  const BoxTensors bt(box, y.device());
  std::vector<torch::Tensor> xs, losses;
  for (long i = 0; i < N; i += block) {
    const long j = std::min(N, i + block);
    auto r = run_block(f, y.slice(0, i, j), starts.slice(0, i, j).clone(), bt, settings,
                       [&] { return !tick || tick(++done, total); });
    if (!r.x.defined()) return {};
    xs.push_back(r.x);
    losses.push_back(r.loss);
  }
  return AdjointResult{torch::cat(xs), torch::cat(losses)};
}

torch::Tensor adjoint_rank_score(const ForwardFn& f, const torch::Tensor& x, const torch::Tensor& y, const Box& box,
                                 double boundary_weight) {
  TORCH_CHECK(x.dim() == 3 && y.dim() == 2 && x.size(0) == y.size(0), "x must be [N, B, x_dim], y [N, y_dim]");
  return adjoint_loss(f, x, y.unsqueeze(1), BoxTensors(box, x.device()), boundary_weight);
}

torch::Tensor adjoint_starts(const Problem& problem, long targets, int starts, std::int64_t seed,
                             torch::Device device) {
  auto gen = seeded_generator(seed);
  return problem.sample(targets * starts, gen).reshape({targets, starts, -1}).to(device);
}

}  // namespace ml
