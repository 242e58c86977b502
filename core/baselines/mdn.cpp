#include "core/baselines/mdn.h"

#include <cmath>

namespace ml {

MdnImpl::MdnImpl(const torch::Tensor& x_train, const torch::Tensor& y_train, const GenerativeSettings& s)
    : GenerativeImpl(x_train, y_train), components_(s.mdn_components) {
  TORCH_CHECK(components_ >= 1, "MDN: needs at least one component");
  const int xd = x_dim(), g = components_;
  // One head: G logits, G * xd means, G * xd log spreads.
  net_ = register_module("net", Mlp(sub_network(y_dim(), g * (1 + 2 * xd), s.hidden, "silu")));
}

MdnImpl::Mixture MdnImpl::mixture(const torch::Tensor& y) {
  const long b = y.size(0), g = components_, xd = x_dim();
  const auto out = net_->forward(y);
  Mixture m;
  m.log_weight = torch::log_softmax(out.slice(1, 0, g), 1);
  m.mean = out.slice(1, g, g + g * xd).reshape({b, g, xd});
  // Bounded spreads: a component collapsing onto one training point would make the NLL unbounded.
  m.log_sigma = out.slice(1, g + g * xd).reshape({b, g, xd}).clamp(-7.0, 3.0);
  return m;
}

MdnImpl::Mixture MdnImpl::mixture_in_units(const torch::Tensor& y) {
  torch::NoGradGuard no_grad;
  auto m = mixture(standard_y(y));
  m.mean = m.mean * x_scale_.unsqueeze(0) + x_shift_.unsqueeze(0);
  m.log_sigma = (m.log_sigma + x_scale_.log().unsqueeze(0)).exp();
  return m;
}

torch::Tensor MdnImpl::terms(const torch::Tensor& x, const torch::Tensor& y) {
  const auto m = mixture(y);
  const auto z = (x.unsqueeze(1) - m.mean) * torch::exp(-m.log_sigma);
  const double log_2pi = std::log(2.0 * M_PI);
  const auto log_normal = (-0.5 * z.pow(2) - m.log_sigma - 0.5 * log_2pi).sum(-1);  // [B, G]
  const auto nll = -torch::logsumexp(m.log_weight + log_normal, 1).mean();
  const auto zero = torch::zeros({}, nll.options());
  return torch::stack({nll, nll, zero, zero});
}

torch::Tensor MdnImpl::draw(const torch::Tensor& y, at::Generator& gen) {
  const auto m = mixture(y);
  const long rows = y.size(0), xd = x_dim();
  // Draws on the CPU generator, then to y's device: the same samples on every device.
  const auto k =
      torch::multinomial(m.log_weight.exp().to(torch::kCPU), 1, /*replacement=*/true, gen).to(y.device());  // [M, 1]
  const auto pick = k.unsqueeze(-1).expand({rows, 1, xd});
  const auto mean = m.mean.gather(1, pick).squeeze(1);
  const auto sigma = m.log_sigma.gather(1, pick).squeeze(1).exp();
  const auto eps = torch::randn({rows, xd}, gen, torch::kFloat32).to(y.device(), y.scalar_type());
  return mean + sigma * eps;
}

}  // namespace ml
