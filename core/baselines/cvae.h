#pragma once
/// Conditional variational autoencoder (the benchmark's cVAE): encoder (x, y) -> q(z | x, y), a
/// diagonal Gaussian; decoder (z, y) -> x; samples decode z ~ N(0, I). Loss per sample: squared
/// reconstruction error summed over x's standardised dims + kl * KL(q || N(0, I)).
/// Loss slots: total, fit = reconstruction, boundary 0, repulsion = KL.
#include "core/baselines/generative.h"
#include "core/nn/mlp.h"

namespace ml {

class CvaeImpl : public GenerativeImpl {
 public:
  /// `seed` seeds the reparameterisation noise of training (its own generator).
  CvaeImpl(const torch::Tensor& x_train, const torch::Tensor& y_train, const GenerativeSettings& settings,
           std::int64_t seed);
  int latent() const { return latent_; }

 protected:
  torch::Tensor terms(const torch::Tensor& x, const torch::Tensor& y) override;
  torch::Tensor draw(const torch::Tensor& y, at::Generator& gen) override;

 private:
  int latent_;
  double kl_;
  Mlp encoder_{nullptr}, decoder_{nullptr};
  at::Generator noise_;
};

}  // namespace ml
