#include "core/joint_trainer.h"

#include "core/joint_step.h"
#include "core/schedule.h"
#include "core/weight_snapshot.h"

namespace ml {
namespace {

LossTerms to_terms(const torch::Tensor& sums, double count) {
  const auto s = sums.to(torch::kCPU, torch::kFloat64).contiguous();
  const double* p = s.data_ptr<double>();
  return LossTerms{p[0] / count, p[1] / count, p[2] / count, p[3] / count};
}

}  // namespace

std::string joint_path_for(const torch::Device& device) {
  (void)device;  // measured on CPU (bench): batched groups beat per-network threads at k >= 2
  return "batched";
}

TrainStatus train_inverse_joint(std::vector<Mlp>& nets, const ForwardFn& f, TrainContext& ctx, int threads) {
  const Config& c = ctx.config;
  const int k = static_cast<int>(nets.size());
  TORCH_CHECK(k > 0, "the joint schedule needs at least one inverse network");
  for (auto& g : nets) {
    g->train();
    set_trainable(*g, true);
  }
  const auto& y = ctx.data.y_train;
  const long n = y.size(0);
  const int batch = c.batch;
  const long per_epoch = batches_per_epoch(n, batch);
  const long steps = per_epoch * c.epochs_inverse;
  std::vector<LrSchedule> schedules(k, LrSchedule(c.lr_schedule_inverse, 1.0, steps));
  JointStepOptions options{BoxTensors(ctx.data.box, y.device()), c.boundary_weight, c.weight_decay_inverse,
                           c.grad_clip_inverse};
  const ThreadSplit split = split_threads(y.device().is_cuda() ? 1 : threads, k);
  auto stepper = joint_path_for(y.device()) == "batched" ? make_batched_stepper(nets, f, options, split)
                                                         : make_parallel_stepper(nets, f, options, split);
  const auto acc_options = torch::TensorOptions().dtype(torch::kFloat32).device(y.device());
  auto gen = seeded_generator(derive_seed(c.seed, 100));

  std::vector<torch::Tensor> epoch_sum(k), report_sum(k);
  std::vector<double> lrs(k, 0.0);
  Progress p;
  p.phase = Phase::Inverse;
  p.networks = k;
  p.joint = true;
  p.epochs = c.epochs_inverse;
  p.steps = steps;
  p.run_steps = ctx.run_steps;
  auto emit = [&](int m, const LossTerms& terms, bool epoch_end) {
    if (!ctx.progress) return;
    p.network = m;
    p.terms = terms;
    p.epoch_end = epoch_end;
    p.lr = lrs[m];
    p.run_step = ctx.run_step;
    p.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - ctx.start).count();
    ctx.progress(p);
  };
  // Progress callbacks may query the networks (Engine::propose): the batched stepper's weights
  // are written back before every report.
  auto finish = [&](TrainStatus status) {
    stepper->write_back(nets);
    for (auto& g : nets) g->eval();
    return status;
  };

  std::vector<torch::Tensor> params;
  for (auto& g : nets)
    for (const auto& t : g->parameters()) params.push_back(t);
  WeightSnapshot good(params);  // of the Mlps: the batched stepper writes back before each save

  long step = 0;
  for (int epoch = 1; epoch <= c.epochs_inverse; ++epoch) {
    p.epoch = epoch;
    const auto perm = torch::randperm(n, gen, torch::kLong).to(y.device());
    for (int m = 0; m < k; ++m) {
      epoch_sum[m] = torch::zeros({4}, acc_options);
      report_sum[m] = torch::zeros({4}, acc_options);
    }
    long report_count = 0;
    for (long b = 0; b < per_epoch; ++b) {
      if (!ctx.control.proceed()) return finish(TrainStatus::Stopped);
      // Hot values are read once per joint step, so all k networks see the same ones.
      const double base_lr = live(ctx, &Config::lr_inverse);
      for (int m = 0; m < k; ++m) lrs[m] = schedules[m].factor(step) * base_lr;
      const auto idx = perm.slice(0, b * batch, std::min<long>(n, (b + 1) * batch));
      const auto terms = stepper->step(y.index_select(0, idx), live(ctx, &Config::lambda),
                                       live(ctx, &Config::sigma2), lrs);
      for (int m = 0; m < k; ++m) {
        epoch_sum[m] += terms[m];
        report_sum[m] += terms[m];
      }
      ++step;
      ++report_count;
      ctx.run_step += k;  // k network-steps, so run_steps keeps its meaning
      p.step = step;
      if (report_count >= c.report_every) {
        if (ctx.progress) stepper->write_back(nets);
        for (int m = 0; m < k; ++m) {
          emit(m, to_terms(report_sum[m], report_count), false);
          report_sum[m].zero_();
        }
        report_count = 0;
      }
    }
    for (int m = 0; m < k; ++m) {
      const LossTerms mean = to_terms(epoch_sum[m], per_epoch);
      if (!finite(mean)) {
        good.restore();
        for (auto& g : nets) g->eval();
        ctx.stop_reason = divergence_reason(m, epoch);
        return TrainStatus::Diverged;
      }
      schedules[m].end_epoch(mean.total);
      ctx.history.push_back(LossRow{Phase::Inverse, m, epoch, mean, lrs[m]});
    }
    stepper->write_back(nets);
    good.save();
    ctx.control.end_of_epoch(epoch == c.epochs_inverse);  // one network step: the whole joint phase
    for (int m = 0; m < k; ++m) emit(m, ctx.history[ctx.history.size() - k + m].terms, true);
  }
  return finish(TrainStatus::Finished);
}

}  // namespace ml
