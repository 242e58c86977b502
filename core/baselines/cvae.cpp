#include "core/baselines/cvae.h"

#include "core/problems/dataset.h"

namespace ml {

CvaeImpl::CvaeImpl(const torch::Tensor& x_train, const torch::Tensor& y_train, const GenerativeSettings& s,
                   std::int64_t seed)
    : GenerativeImpl(x_train, y_train), latent_(s.cvae_latent), kl_(s.cvae_kl), noise_(seeded_generator(seed + 1)) {
  TORCH_CHECK(latent_ >= 1, "cVAE: needs a latent dimension >= 1");
  encoder_ = register_module("encoder", Mlp(sub_network(x_dim() + y_dim(), 2 * latent_, s.hidden, "silu")));
  decoder_ = register_module("decoder", Mlp(sub_network(latent_ + y_dim(), x_dim(), s.hidden, "silu")));
}

torch::Tensor CvaeImpl::terms(const torch::Tensor& x, const torch::Tensor& y) {
  const auto h = encoder_->forward(torch::cat({x, y}, 1));
  const auto mu = h.slice(1, 0, latent_);
  const auto log_var = h.slice(1, latent_).clamp(-10.0, 10.0);
  const auto eps = torch::randn(mu.sizes(), noise_, torch::kFloat32).to(mu.device(), mu.scalar_type());
  const auto z = mu + torch::exp(0.5 * log_var) * eps;
  const auto rec = (decoder_->forward(torch::cat({z, y}, 1)) - x).pow(2).sum(1).mean();
  const auto kl = (-0.5 * (1 + log_var - mu.pow(2) - log_var.exp())).sum(1).mean();
  const auto zero = torch::zeros({}, rec.options());
  return torch::stack({rec + kl_ * kl, rec, zero, kl});
}

torch::Tensor CvaeImpl::draw(const torch::Tensor& y, at::Generator& gen) {
  const auto z = torch::randn({y.size(0), latent_}, gen, torch::kFloat32).to(y.device(), y.scalar_type());
  return decoder_->forward(torch::cat({z, y}, 1));
}

}  // namespace ml
