#pragma once
/// Conditional invertible network (the benchmark's cINN, built like FrEIA's GLOW coupling
/// blocks): x <-> z given y through affine coupling blocks, each followed by a fixed random
/// permutation; trained by maximum likelihood of x under z ~ N(0, I); samples invert z ~ N(0, I).
/// Loss slots (per sample, standardised x): total = NLL = fit + repulsion, fit = ||z||^2 / 2,
/// boundary 0, repulsion = -log|det dz/dx|. Needs x_dim >= 2 (each block splits x in two).
#include <utility>

#include "core/baselines/generative.h"
#include "core/nn/mlp.h"

namespace ml {

/// One GLOW coupling block: both halves scaled and shifted, each by a sub-network of the other
/// half and the condition; scales soft-clamped (exp of clamp * 2/pi * atan(s / clamp)).
class CouplingImpl : public torch::nn::Module {
 public:
  CouplingImpl(int x_dim, int cond_dim, const std::vector<int>& hidden, double clamp = 2.0);
  /// x [B, xd], c [B, cd] -> (z [B, xd], log|det| [B]).
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& x, const torch::Tensor& c);
  torch::Tensor inverse(const torch::Tensor& z, const torch::Tensor& c);

 private:
  /// (log scale, shift) for the other half from net(cat(half, c)).
  std::pair<torch::Tensor, torch::Tensor> scale_shift(Mlp& net, const torch::Tensor& half, const torch::Tensor& c);
  int d1_, d2_;
  double clamp_;
  Mlp s1_{nullptr}, s2_{nullptr};
};
TORCH_MODULE(Coupling);

class CinnImpl : public GenerativeImpl {
 public:
  /// `seed` fixes the permutations.
  CinnImpl(const torch::Tensor& x_train, const torch::Tensor& y_train, const GenerativeSettings& settings,
           std::int64_t seed);
  /// x and y in the problem's units -> (z [B, xd], log|det dz/dx| [B]), the standardisation
  /// included.
  std::pair<torch::Tensor, torch::Tensor> encode(const torch::Tensor& x, const torch::Tensor& y);
  /// The inverse of encode: z [B, xd], y in units -> x in units.
  torch::Tensor decode(const torch::Tensor& z, const torch::Tensor& y);

 protected:
  torch::Tensor terms(const torch::Tensor& x, const torch::Tensor& y) override;
  torch::Tensor draw(const torch::Tensor& y, at::Generator& gen) override;

 private:
  /// Standardised x -> (z, log|det|) and back.
  std::pair<torch::Tensor, torch::Tensor> flow(const torch::Tensor& x, const torch::Tensor& y);
  torch::Tensor unflow(const torch::Tensor& z, const torch::Tensor& y);
  std::vector<Coupling> blocks_;
  std::vector<torch::Tensor> perm_, unperm_;  ///< per block, applied after it (CPU, from the seed)
};

}  // namespace ml
