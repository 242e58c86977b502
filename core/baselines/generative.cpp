#include "core/baselines/generative.h"

#include <stdexcept>

#include "core/baselines/cinn.h"
#include "core/baselines/cvae.h"
#include "core/baselines/mdn.h"
#include "core/problems/dataset.h"
#include "core/train/epoch_loop.h"
#include "core/train/trainer.h"

namespace ml {

GenerativeSettings GenerativeSettings::from(const Config& c) {
  GenerativeSettings s;
  s.hidden = c.gen_hidden;
  s.epochs = c.gen_epochs;
  s.lr = c.gen_lr;
  s.lr_schedule = c.gen_lr_schedule;
  s.batch = c.gen_batch;
  s.mdn_components = c.mdn_components;
  s.cvae_latent = c.cvae_latent;
  s.cvae_kl = c.cvae_kl;
  s.cinn_blocks = c.cinn_blocks;
  return s;
}

GenerativeImpl::GenerativeImpl(const torch::Tensor& x_train, const torch::Tensor& y_train) {
  TORCH_CHECK(x_train.dim() == 2 && y_train.dim() == 2 && x_train.size(0) == y_train.size(0) && x_train.size(0) > 1,
              "generative model: needs matching training rows [n, x_dim] and [n, y_dim], n >= 2");
  const auto stats = [](const torch::Tensor& t, torch::Tensor& shift, torch::Tensor& scale) {
    shift = t.mean(0, /*keepdim=*/true).detach().clone();
    scale = t.std(0, /*unbiased=*/true, /*keepdim=*/true).clamp_min(1e-6).detach().clone();
  };
  stats(x_train, x_shift_, x_scale_);
  stats(y_train, y_shift_, y_scale_);
  x_shift_ = register_buffer("x_shift", x_shift_);
  x_scale_ = register_buffer("x_scale", x_scale_);
  y_shift_ = register_buffer("y_shift", y_shift_);
  y_scale_ = register_buffer("y_scale", y_scale_);
}

torch::Tensor GenerativeImpl::loss_terms(const torch::Tensor& x, const torch::Tensor& y) {
  return terms(standard_x(x), standard_y(y));
}

torch::Tensor GenerativeImpl::sample(const torch::Tensor& y, int T, std::int64_t seed) {
  TORCH_CHECK(y.dim() == 2 && y.size(1) == y_dim(), "generative model: targets must be [N, y_dim]");
  TORCH_CHECK(T >= 1, "generative model: needs T >= 1 samples");
  const long n = y.size(0);
  if (n == 0) return torch::zeros({T, 0, x_dim()}, y.options());
  torch::NoGradGuard no_grad;
  const bool was_training = is_training();
  eval();
  auto gen = seeded_generator(seed);
  // Sample t of every target is row t * N + n: [T, N, xd] after one reshape.
  const auto yy = standard_y(y).repeat({T, 1});
  const auto x = units_x(draw(yy, gen)).reshape({T, n, x_dim()});
  train(was_training);
  return x;
}

const std::vector<std::string>& generative_method_names() {
  static const std::vector<std::string> names{"mdn", "cvae", "cinn"};
  return names;
}

int generative_method_index(const std::string& method) {
  const auto& names = generative_method_names();
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == method) return static_cast<int>(i);
  return -1;
}

std::shared_ptr<GenerativeImpl> make_generative(const std::string& method, const GenerativeSettings& settings,
                                                const torch::Tensor& x_train, const torch::Tensor& y_train,
                                                std::int64_t seed) {
  // Initial weights come from LibTorch's global generator; callers that train side by side hold
  // the engine's lock around this (Engine::Impl::new_net does the same).
  torch::manual_seed(static_cast<uint64_t>(seed));
  if (method == "mdn") return std::make_shared<MdnImpl>(x_train, y_train, settings);
  if (method == "cvae") return std::make_shared<CvaeImpl>(x_train, y_train, settings, seed);
  if (method == "cinn") return std::make_shared<CinnImpl>(x_train, y_train, settings, seed);
  throw std::invalid_argument("unknown generative method '" + method + "' (known: mdn, cvae, cinn)");
}

TrainStatus train_generative(GenerativeImpl& model, int method_index, const GenerativeSettings& settings,
                             std::int64_t shuffle_seed, TrainContext& ctx) {
  TORCH_CHECK(ctx.config.batch == settings.batch, "train_generative: ctx.config.batch must be the settings' batch");
  EpochPlan plan;
  plan.phase = Phase::Generative;
  plan.first_network = method_index;
  plan.epochs = settings.epochs;
  plan.rows = ctx.data.x_train.size(0);
  plan.schedule = settings.lr_schedule;
  plan.base_lr = [lr = settings.lr] { return lr; };
  plan.shuffle_seed = shuffle_seed;
  const torch::Tensor &x = ctx.data.x_train, &y = ctx.data.y_train;
  return train_module(
      model, plan, /*weight_decay=*/0.0, settings.grad_clip,
      [&](const torch::Tensor& idx) { return model.loss_terms(x.index_select(0, idx), y.index_select(0, idx)); }, ctx);
}

}  // namespace ml
