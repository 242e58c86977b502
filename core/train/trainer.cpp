#include "core/train/trainer.h"

#include "core/nn/adam.h"
#include "core/train/epoch_loop.h"
#include "core/nn/grad_clip.h"

namespace ml {

long batches_per_epoch(long n, int batch) {
  long b = (n + batch - 1) / batch;
  if (b > 1 && n % batch == 1) --b;
  return b;
}

namespace {

/// One network with its own Adam, trained on terms(idx).
class NetworkStepper : public EpochStepper {
 public:
  NetworkStepper(torch::nn::Module& net, double weight_decay, double max_grad_norm, TermsFn terms)
      : net_(net), opt_(net.parameters(), weight_decay), max_grad_norm_(max_grad_norm), terms_(std::move(terms)) {}

  torch::Tensor step(const torch::Tensor& idx, const std::vector<double>& lrs) override {
    opt_.set_lr(lrs[0]);
    opt_.zero_grad();
    const torch::Tensor terms = terms_(idx);
    terms[0].backward();
    clip_grad_norm(net_.parameters(), max_grad_norm_);
    opt_.step();
    return terms.detach().unsqueeze(0);
  }
  std::vector<torch::nn::Module*> modules() override { return {&net_}; }

 private:
  torch::nn::Module& net_;
  FusedAdam opt_;
  double max_grad_norm_;
  TermsFn terms_;
};

/// Supervised regression inputs -> targets on MSE: the forward model (x -> y) and the direct
/// inverse regression (y -> x) differ only in direction and settings.
TrainStatus train_regression(Mlp& net, Phase phase, const torch::Tensor& inputs, const torch::Tensor& targets,
                             int epochs, double lr, double weight_decay, const std::string& schedule,
                             SeedStream shuffle, TrainContext& ctx) {
  EpochPlan plan;
  plan.phase = phase;
  plan.epochs = epochs;
  plan.rows = inputs.size(0);
  plan.schedule = schedule;
  plan.base_lr = [lr] { return lr; };
  plan.shuffle_seed = derive_seed(ctx.config.seed, shuffle);
  const auto zero = torch::zeros({}, inputs.options());
  return train_module(
      *net, plan, weight_decay, /*max_grad_norm=*/0.0,
      [&](const torch::Tensor& idx) {
        const auto loss = fit_loss(net->forward(inputs.index_select(0, idx)), targets.index_select(0, idx));
        return torch::stack({loss, loss, zero, zero});
      },
      ctx);
}

}  // namespace

TrainStatus train_module(torch::nn::Module& module, const EpochPlan& plan, double weight_decay, double max_grad_norm,
                         TermsFn terms, TrainContext& ctx) {
  module.train();
  set_trainable(module, true);
  NetworkStepper stepper(module, weight_decay, max_grad_norm, std::move(terms));
  const auto status = run_epochs(plan, stepper, ctx);
  module.eval();
  return status;
}

torch::Tensor frozen_proposals(std::vector<Mlp>& earlier, const torch::Tensor& y, long chunk) {
  if (earlier.empty()) return {};
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> xs;
  for (auto& e : earlier) {
    std::vector<torch::Tensor> parts;
    for (long i = 0; i < y.size(0); i += chunk) parts.push_back(e->forward(y.slice(0, i, i + chunk)));
    xs.push_back(torch::cat(parts));
  }
  return earlier_proposals(xs);
}

torch::Tensor inverse_step_terms(Mlp& g, const torch::Tensor& others, const ForwardFn& f, const torch::Tensor& yb,
                                 const BoxTensors& box, const InverseLossWeights& weights) {
  return inverse_terms(g->forward(yb).unsqueeze(0), yb, f, others, {}, box, weights)[0];
}

TrainStatus train_forward(Mlp& f, TrainContext& ctx) {
  const Config& c = ctx.config;
  const auto status =
      train_regression(f, Phase::Forward, ctx.data.x_train, ctx.data.y_train, c.epochs_forward, c.lr_forward,
                       c.weight_decay_forward, c.lr_schedule_forward, SeedStream::ForwardShuffle, ctx);
  set_trainable(*f, false);
  return status;
}

TrainStatus train_inverse(Mlp& g, int m, std::vector<Mlp> earlier, const ForwardFn& f, TrainContext& ctx) {
  return train_inverse(g, m, std::move(earlier), f, ctx, ctx.config.seed);
}

TrainStatus train_inverse(Mlp& g, int m, std::vector<Mlp> earlier, const ForwardFn& f, TrainContext& ctx,
                          std::int64_t run_seed) {
  const Config& c = ctx.config;
  for (auto& e : earlier) e->eval();
  const BoxTensors box(ctx.data.box, ctx.data.y_train.device());
  const auto& y = ctx.data.y_train;
  EpochPlan plan;
  plan.first_network = m;
  plan.epochs = c.epochs_inverse;
  plan.rows = y.size(0);
  plan.schedule = c.lr_schedule_inverse;
  const LiveValue lr(ctx, &Config::lr_inverse), lambda(ctx, &Config::lambda), sigma2(ctx, &Config::sigma2);
  plan.base_lr = [&] { return lr(); };
  plan.shuffle_seed = derive_seed(run_seed, SeedStream::InverseShuffle, m);
  // The earlier networks are frozen, so their proposals for the training targets are computed once
  // here rather than at every step (a quarter of the step's time with three of them).
  const auto others = frozen_proposals(earlier, y, c.batch);
  return train_module(
      *g, plan, c.weight_decay_inverse, c.grad_clip_inverse,
      [&](const torch::Tensor& idx) {
        const InverseLossWeights weights{c.boundary_weight, lambda(), sigma2(), g->out_scale()};
        const auto others_b = others.defined() ? others.index_select(1, idx) : others;
        return inverse_step_terms(g, others_b, f, y.index_select(0, idx), box, weights);
      },
      ctx);
}

TrainStatus train_direct(Mlp& g, TrainContext& ctx) {
  const Config& c = ctx.config;
  return train_regression(g, Phase::Direct, ctx.data.y_train, ctx.data.x_train, c.epochs_inverse, c.lr_inverse,
                          c.weight_decay_inverse, c.lr_schedule_inverse, SeedStream::DirectShuffle, ctx);
}

}  // namespace ml
