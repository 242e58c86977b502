#pragma once
/// Mixture density network (Bishop 1994; the benchmark's MDN): y -> a mixture of G Gaussians
/// over x with diagonal covariances, trained on the negative log-likelihood of the training x.
/// Loss slots: total = fit = NLL per sample (standardised x; boundary and repulsion 0).
#include "core/baselines/generative.h"
#include "core/nn/mlp.h"

namespace ml {

class MdnImpl : public GenerativeImpl {
 public:
  MdnImpl(const torch::Tensor& x_train, const torch::Tensor& y_train, const GenerativeSettings& settings);

  /// The mixture for standardised y [B, yd]: log weights [B, G] (log-softmax), means and log
  /// spreads [B, G, xd], all in standardised x.
  struct Mixture {
    torch::Tensor log_weight, mean, log_sigma;
  };
  Mixture mixture(const torch::Tensor& y);
  /// The mixture for y in the problem's units, its means and spreads in x's units (for tests and
  /// plots): log weights [B, G], means [B, G, xd], spreads [B, G, xd].
  Mixture mixture_in_units(const torch::Tensor& y);
  int components() const { return components_; }

 protected:
  torch::Tensor terms(const torch::Tensor& x, const torch::Tensor& y) override;
  torch::Tensor draw(const torch::Tensor& y, at::Generator& gen) override;

 private:
  int components_;
  Mlp net_{nullptr};
};

}  // namespace ml
