#include "core/train/losses.h"

namespace ml {

BoxTensors::BoxTensors(const Box& box, torch::Device device) {
  const auto lo = torch::tensor(box.lo, torch::kFloat64).to(torch::kFloat32);
  const auto hi = torch::tensor(box.hi, torch::kFloat64).to(torch::kFloat32);
  mid = ((lo + hi) / 2).unsqueeze(0).to(device);
  half = ((hi - lo) / 2).unsqueeze(0).to(device);
}

torch::Tensor box_excess(const torch::Tensor& x, const BoxTensors& box) {
  return torch::relu((x - box.mid).abs() - box.half);
}

torch::Tensor boundary_loss(const torch::Tensor& x, const BoxTensors& box) { return box_excess(x, box).mean({-2, -1}); }

torch::Tensor fit_loss(const torch::Tensor& fy, const torch::Tensor& y) { return (fy - y).pow(2).mean({-2, -1}); }

torch::Tensor repulsion_loss(const torch::Tensor& x, const torch::Tensor& others, const torch::Tensor& mask,
                             double lambda, double sigma2, const torch::Tensor& x_scale) {
  if (!others.defined() || others.size(0) == 0) return -lambda * torch::zeros({x.size(0)}, x.options());
  auto diff = x.unsqueeze(1) - others.detach().unsqueeze(0);  // [k, R, B, d]
  if (x_scale.defined()) diff = diff / x_scale;
  const auto d = diff.pow(2).sum(-1);                    // [k, R, B]
  auto near = (1.0 - torch::exp(-d / sigma2)).mean(-1);  // [k, R]
  if (mask.defined()) near = near * mask;
  return -lambda * near.sum(1);
}

torch::Tensor earlier_proposals(const std::vector<torch::Tensor>& earlier) {
  if (earlier.empty()) return {};
  return torch::stack(std::vector<torch::Tensor>(earlier.rbegin(), earlier.rend()));
}

torch::Tensor inverse_terms(const torch::Tensor& x, const torch::Tensor& y, const ForwardFn& f,
                            const torch::Tensor& others, const torch::Tensor& mask, const BoxTensors& box,
                            const InverseLossWeights& weights) {
  const long k = x.size(0), b = x.size(1);
  const auto fit = fit_loss(f(x.reshape({k * b, -1})).view({k, b, -1}), y);
  const auto bnd = boundary_loss(x, box);
  const auto rep = repulsion_loss(x, others, mask, weights.lambda, weights.sigma2, weights.x_scale);
  return torch::stack({fit + weights.boundary * bnd + rep, fit, bnd, rep}, 1);
}

}  // namespace ml
