#include "core/train/refine.h"

#include "core/nn/adam.h"

namespace ml {

torch::Tensor adjoint_loss(const ForwardFn& f, const torch::Tensor& x, const torch::Tensor& y, const BoxTensors& box,
                           double boundary_weight) {
  const auto fx = f(x.reshape({-1, x.size(2)})).reshape({x.size(0), x.size(1), -1});
  const auto fit = (fx - y).pow(2).sum(-1);
  return fit + boundary_weight * box_excess(x, box).mean(-1);
}

torch::Tensor refine(const ForwardFn& f, const torch::Tensor& y, const torch::Tensor& x0, const Box& box,
                     const RefineSettings& s) {
  TORCH_CHECK(x0.dim() == 3 && y.dim() == 2 && x0.size(1) == y.size(0), "refine needs x0 [K, N, xd] and y [N, yd]");
  TORCH_CHECK(static_cast<long>(box.lo.size()) == x0.size(2), "refine: the box has ", box.lo.size(), " dimensions, x ",
              x0.size(2));
  if (s.steps <= 0) return x0;
  const BoxTensors bt(box, x0.device());
  const auto lo = bt.mid - bt.half, width = (2 * bt.half).clamp_min(1e-12);
  // Descend in the box's unit coordinates u = (x - lo) / width: the step size is then a share of
  // each axis, and keeping u in [0, 1] keeps x in the box.
  // Targets first ([N, K, xd]), as adjoint_loss takes candidates per target.
  auto u = ((x0.detach().transpose(0, 1) - lo) / width).clamp(0, 1).contiguous();
  const auto yy = y.unsqueeze(1);
  const auto m = torch::zeros_like(u), v = torch::zeros_like(u);
  for (int t = 1; t <= s.steps; ++t) {
    u.requires_grad_(true);
    const auto x = lo + u * width;
    auto loss = adjoint_loss(f, x, yy, bt, s.boundary_weight);  // [N, K]: rows independent
    if (s.penalty) loss = loss + s.penalty(x);
    const auto grad = torch::autograd::grad({loss.sum()}, {u})[0];
    torch::NoGradGuard no_grad;
    u = u.detach();
    adam_update(u, grad, m, v, t, s.lr);
    u.clamp_(0, 1);
  }
  torch::NoGradGuard no_grad;
  return (lo + u * width).transpose(0, 1).contiguous();
}

}  // namespace ml
