#include "core/train/trust.h"

#include <cmath>

namespace ml {

TrustRegion TrustRegion::from_inputs(const torch::Tensor& x, double weight) {
  torch::NoGradGuard no_grad;
  TORCH_CHECK(x.dim() == 2 && x.size(0) > x.size(1), "the trust region needs more inputs than dimensions");
  TrustRegion t;
  const auto xd = x.to(torch::kFloat64);
  t.mean = xd.mean(0);
  const auto centred = xd - t.mean;
  const long d = x.size(1);
  // A small ridge keeps a degenerate axis (a constant column) from making the inverse blow up.
  const auto cov = centred.t().mm(centred) / (x.size(0) - 1) +
                   1e-9 * torch::eye(d, xd.options()) * (1 + centred.pow(2).mean().item<double>());
  t.precision = torch::inverse(cov);
  t.threshold = d + 3 * std::sqrt(2.0 * d);
  t.weight = weight;
  return t;
}

torch::Tensor TrustRegion::distance2(const torch::Tensor& x) const {
  const auto c = x.to(torch::kFloat64) - mean.to(x.device());
  return (c.matmul(precision.to(x.device())) * c).sum(-1);
}

torch::Tensor TrustRegion::penalty(const torch::Tensor& x) const {
  if (!active()) return torch::zeros(x.sizes().slice(0, x.dim() - 1), x.options());
  return (weight * torch::relu(distance2(x) - threshold)).to(x.scalar_type());
}

}  // namespace ml
