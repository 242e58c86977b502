#pragma once
/// The benchmark's generative inverse models (Ren, Padilla, Malof, NeurIPS 2020): MDN, cVAE and
/// cINN behind one interface. Each learns p(x | y) from the training split and answers a target
/// with T samples; the engine ranks them by the forward model like neural adjoint's candidates.
/// Core-internal (includes torch).
#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/api/config.h"
#include "core/nn/mlp.h"
#include "core/train/trainer.h"

namespace ml {

/// A generative model's settings, read from the parameter table's "generative" group. The
/// defaults are Config's, so a default-constructed one is what an untouched config trains.
struct GenerativeSettings {
  std::vector<int> hidden = Config{}.gen_hidden;  ///< every sub-network's hidden widths
  int epochs = Config{}.gen_epochs;
  double lr = Config{}.gen_lr;
  std::string lr_schedule = Config{}.gen_lr_schedule;
  int batch = Config{}.gen_batch;
  int mdn_components = Config{}.mdn_components;
  int cvae_latent = Config{}.cvae_latent;
  double cvae_kl = Config{}.cvae_kl;
  int cinn_blocks = Config{}.cinn_blocks;
  double grad_clip = 10.0;  ///< gradient-norm clip per step (no table row): the likelihoods spike early on
  static GenerativeSettings from(const Config& config);
};

/// Base of the three models: the training rows' standardisation (buffers, so weights carry it)
/// and the two calls the engine makes. Subclasses work on standardised x and y.
class GenerativeImpl : public torch::nn::Module {
 public:
  /// x_train [n, xd], y_train [n, yd] give the standardisation (mean and spread per column).
  GenerativeImpl(const torch::Tensor& x_train, const torch::Tensor& y_train);

  /// Loss terms [4] on a batch in the problem's units: total (what is minimised), then the
  /// model's parts in the LossRow slots fit, boundary, repulsion (see each model's header).
  torch::Tensor loss_terms(const torch::Tensor& x, const torch::Tensor& y);
  /// T samples per target: y [N, yd] -> x [T, N, xd] in the problem's units, reproducible from
  /// seed; eval mode and no gradients, the training flag put back. N = 0 gives [T, 0, xd].
  torch::Tensor sample(const torch::Tensor& y, int T, std::int64_t seed);

  int x_dim() const { return static_cast<int>(x_shift_.size(1)); }
  int y_dim() const { return static_cast<int>(y_shift_.size(1)); }

 protected:
  /// Standardised x, y [B, .] -> terms [4].
  virtual torch::Tensor terms(const torch::Tensor& x, const torch::Tensor& y) = 0;
  /// Standardised y [M, yd] -> one standardised sample each [M, xd], drawing only from gen.
  virtual torch::Tensor draw(const torch::Tensor& y, at::Generator& gen) = 0;

  torch::Tensor standard_x(const torch::Tensor& x) const { return (x - x_shift_) / x_scale_; }
  torch::Tensor standard_y(const torch::Tensor& y) const { return (y - y_shift_) / y_scale_; }
  torch::Tensor units_x(const torch::Tensor& x) const { return x * x_scale_ + x_shift_; }
  /// log|det| of x -> standardised x, per sample (a constant): the cINN's density needs it.
  torch::Tensor log_det_standardise() const { return -x_scale_.log().sum(); }

  torch::Tensor x_shift_, x_scale_, y_shift_, y_scale_;  ///< [1, dim]
};

/// A plain sub-network's options (no batch norm, no standardisation: the model standardises).
inline MlpOptions sub_network(int in, int out, const std::vector<int>& hidden, const char* activation) {
  MlpOptions o;
  o.in = in;
  o.out = out;
  o.hidden = hidden;
  o.activation = activation;
  return o;
}

/// The generative baselines' names in display order: "mdn", "cvae", "cinn".
const std::vector<std::string>& generative_method_names();
/// Index of a method in generative_method_names(); -1 when unknown.
int generative_method_index(const std::string& method);

/// A fresh, untrained model; weights (and the cINN's permutations) from `seed`.
/// Throws std::invalid_argument for an unknown method.
std::shared_ptr<GenerativeImpl> make_generative(const std::string& method, const GenerativeSettings& settings,
                                                const torch::Tensor& x_train, const torch::Tensor& y_train,
                                                std::int64_t seed);

/// Trains the model on ctx.data's training split through the epoch loop (progress with phase
/// Generative and network = the method's index, stop/pause, divergence restores the last good
/// weights). ctx.config.batch must be the settings' batch (the engine passes a copy).
TrainStatus train_generative(GenerativeImpl& model, int method_index, const GenerativeSettings& settings,
                             std::int64_t shuffle_seed, TrainContext& ctx);

}  // namespace ml
