#include "core/trainer.h"

#include "core/grad_clip.h"
#include "core/schedule.h"
#include "core/weight_snapshot.h"

namespace ml {
namespace {

/// Terms of one step as one [4] tensor: total, fit, boundary, repulsion.
using StepFn = std::function<torch::Tensor(const torch::Tensor& idx)>;

void set_lr(torch::optim::Adam& opt, double lr) {
  for (auto& group : opt.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
}

LossTerms to_terms(const torch::Tensor& sums, double count) {
  const auto s = sums.to(torch::kCPU, torch::kFloat64).contiguous();
  const double* p = s.data_ptr<double>();
  return LossTerms{p[0] / count, p[1] / count, p[2] / count, p[3] / count};
}

/// The epoch/batch loop shared by both phases. `base_lr` is read every step (hot for inverse);
/// `max_grad_norm` > 0 clips the gradient norm before each step.
TrainStatus run_epochs(Phase phase, int network, int epochs, long n, torch::optim::Adam& opt,
                       const std::string& schedule_kind, const std::function<double()>& base_lr,
                       double max_grad_norm, std::int64_t shuffle_seed, const StepFn& step_fn, TrainContext& ctx) {
  const int batch = ctx.config.batch;
  const long per_epoch = batches_per_epoch(n, batch);
  const long steps = per_epoch * epochs;
  LrSchedule schedule(schedule_kind, 1.0, steps);
  auto gen = seeded_generator(shuffle_seed);
  const auto device = ctx.data.x_train.device();
  const auto acc_options = torch::TensorOptions().dtype(torch::kFloat32).device(device);

  Progress p;
  p.phase = phase;
  p.network = network;
  p.networks = ctx.config.k;
  p.epochs = epochs;
  p.steps = steps;
  p.run_steps = ctx.run_steps;
  auto emit = [&](const LossTerms& terms, bool epoch_end, double lr) {
    if (!ctx.progress) return;
    p.terms = terms;
    p.epoch_end = epoch_end;
    p.lr = lr;
    p.run_step = ctx.run_step;
    p.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - ctx.start).count();
    ctx.progress(p);
  };

  std::vector<torch::Tensor> params;
  for (const auto& group : opt.param_groups())
    for (const auto& t : group.params()) params.push_back(t);
  WeightSnapshot good(params);
  const auto diverged = [&](int epoch) {
    good.restore();
    ctx.stop_reason = divergence_reason(network, epoch);
    return TrainStatus::Diverged;
  };

  long step = 0;
  double lr = 0;
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    p.epoch = epoch;
    const auto perm = torch::randperm(n, gen, torch::kLong).to(device);
    auto epoch_sum = torch::zeros({4}, acc_options);
    auto report_sum = torch::zeros({4}, acc_options);
    long report_count = 0;
    for (long b = 0; b < per_epoch; ++b) {
      if (!ctx.control.proceed()) return TrainStatus::Stopped;

      lr = schedule.factor(step) * base_lr();
      set_lr(opt, lr);
      const auto idx = perm.slice(0, b * batch, std::min<long>(n, (b + 1) * batch));
      opt.zero_grad();
      const torch::Tensor terms = step_fn(idx);
      terms[0].backward();
      clip_grad_norm(params, max_grad_norm);
      opt.step();
      const auto detached = terms.detach();
      epoch_sum += detached;
      report_sum += detached;
      ++report_count;
      ++step;
      ++ctx.run_step;
      p.step = step;
      if (report_count >= ctx.config.report_every) {
        const LossTerms terms = to_terms(report_sum, report_count);
        if (!finite(terms)) return diverged(epoch);
        good.save();
        emit(terms, false, lr);
        report_sum.zero_();
        report_count = 0;
      }
    }
    const LossTerms mean = to_terms(epoch_sum, per_epoch);
    if (!finite(mean)) return diverged(epoch);
    good.save();
    schedule.end_epoch(mean.total);
    ctx.history.push_back(LossRow{phase, network, epoch, mean, lr});
    ctx.control.end_of_epoch(epoch == epochs);
    emit(mean, true, lr);
  }
  return TrainStatus::Finished;
}

}  // namespace

double live(const TrainContext& ctx, double Config::*field) {
  return ctx.control.hot_or(hot_slot(field), ctx.config.*field);
}

long batches_per_epoch(long n, int batch) {
  long b = (n + batch - 1) / batch;
  if (b > 1 && n % batch == 1) --b;
  return b;
}

std::int64_t derive_seed(std::int64_t seed, std::int64_t stream) {
  // SplitMix64 finaliser: nearby (seed, stream) pairs give unrelated seeds.
  uint64_t z = static_cast<uint64_t>(seed) * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(stream) + 1;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return static_cast<std::int64_t>((z ^ (z >> 31)) & 0x7FFFFFFFFFFFULL);
}

namespace {

/// Supervised regression inputs -> targets on MSE: the forward model (x -> y) and the direct
/// inverse regression (y -> x) differ only in direction and settings.
TrainStatus train_regression(Mlp& net, Phase phase, const torch::Tensor& inputs, const torch::Tensor& targets,
                             int epochs, double lr, double weight_decay, const std::string& schedule,
                             std::int64_t seed_stream, TrainContext& ctx) {
  net->train();
  set_trainable(*net, true);
  torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(lr).weight_decay(weight_decay));
  const auto zero = torch::zeros({}, inputs.options());
  StepFn step = [&](const torch::Tensor& idx) {
    const auto loss = fit_loss(net->forward(inputs.index_select(0, idx)), targets.index_select(0, idx));
    return torch::stack({loss, loss, zero, zero});
  };
  const auto status = run_epochs(phase, -1, epochs, inputs.size(0), opt, schedule, [lr] { return lr; },
                                 /*max_grad_norm=*/0.0, derive_seed(ctx.config.seed, seed_stream), step, ctx);
  net->eval();
  return status;
}

}  // namespace

torch::Tensor inverse_step_terms(Mlp& g, std::vector<Mlp>& earlier, const ForwardFn& f, const torch::Tensor& yb,
                                 const BoxTensors& box, const InverseLossWeights& weights) {
  torch::Tensor others;
  if (!earlier.empty()) {
    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> xs;
    for (auto& e : earlier) xs.push_back(e->forward(yb));
    others = earlier_proposals(xs);
  }
  return inverse_terms(g->forward(yb).unsqueeze(0), yb, f, others, {}, box, weights)[0];
}

TrainStatus train_forward(Mlp& f, TrainContext& ctx) {
  const Config& c = ctx.config;
  const auto status = train_regression(f, Phase::Forward, ctx.data.x_train, ctx.data.y_train, c.epochs_forward,
                                       c.lr_forward, c.weight_decay_forward, c.lr_schedule_forward, 10, ctx);
  set_trainable(*f, false);
  return status;
}

TrainStatus train_inverse(Mlp& g, int m, std::vector<Mlp> earlier, const ForwardFn& f, TrainContext& ctx) {
  const Config& c = ctx.config;
  for (auto& e : earlier) e->eval();
  g->train();
  set_trainable(*g, true);
  torch::optim::Adam opt(g->parameters(), torch::optim::AdamOptions(c.lr_inverse).weight_decay(c.weight_decay_inverse));
  const BoxTensors box(ctx.data.box, ctx.data.y_train.device());
  const auto& y = ctx.data.y_train;
  StepFn step = [&](const torch::Tensor& idx) {
    const InverseLossWeights weights{c.boundary_weight, live(ctx, &Config::lambda), live(ctx, &Config::sigma2)};
    return inverse_step_terms(g, earlier, f, y.index_select(0, idx), box, weights);
  };
  const auto status = run_epochs(Phase::Inverse, m, c.epochs_inverse, y.size(0), opt, c.lr_schedule_inverse,
                                 [&] { return live(ctx, &Config::lr_inverse); },
                                 c.grad_clip_inverse, derive_seed(c.seed, 100 + m), step, ctx);
  g->eval();
  return status;
}

TrainStatus train_direct(Mlp& g, TrainContext& ctx) {
  const Config& c = ctx.config;
  return train_regression(g, Phase::Direct, ctx.data.y_train, ctx.data.x_train, c.epochs_inverse, c.lr_inverse,
                          c.weight_decay_inverse, c.lr_schedule_inverse, 30, ctx);
}

}  // namespace ml
