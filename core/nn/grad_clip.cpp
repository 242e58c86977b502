#include "core/nn/grad_clip.h"

namespace ml {

void clip_grad_norm(const std::vector<torch::Tensor>& params, double max_norm, bool stacked) {
  if (max_norm <= 0) return;
  torch::NoGradGuard no_grad;
  torch::Tensor squares;  // [k] when stacked, else a scalar
  for (const auto& p : params) {
    if (!p.grad().defined()) continue;
    const auto g = p.grad();
    const auto s = stacked ? g.pow(2).reshape({g.size(0), -1}).sum(1) : g.pow(2).sum();
    squares = squares.defined() ? squares + s : s;
  }
  if (!squares.defined()) return;
  // Clamped rather than branched on, so no device sync: a factor of 1 leaves a gradient as it is.
  const auto factor = (max_norm / (squares.sqrt() + 1e-6)).clamp_max(1.0);
  for (const auto& p : params) {
    if (!p.grad().defined()) continue;
    auto g = p.mutable_grad();
    if (!stacked) {
      g.mul_(factor);
      continue;
    }
    std::vector<int64_t> shape(g.dim(), 1);
    shape[0] = g.size(0);
    g.mul_(factor.view(shape));
  }
}

}  // namespace ml
