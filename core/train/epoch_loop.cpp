#include "core/train/epoch_loop.h"

#include "core/problems/dataset.h"
#include "core/nn/schedule.h"
#include "core/nn/weight_snapshot.h"

namespace ml {
namespace {

/// Each network's means of the [k, 4] sums over `count` steps (one host sync).
std::vector<LossTerms> to_terms(const torch::Tensor& sums, double count) {
  const auto s = sums.to(torch::kCPU, torch::kFloat64).contiguous();
  const double* p = s.data_ptr<double>();
  std::vector<LossTerms> terms;
  for (long m = 0; m < s.size(0); ++m, p += 4)
    terms.push_back(LossTerms{p[0] / count, p[1] / count, p[2] / count, p[3] / count});
  return terms;
}

/// The first network whose terms are not finite, or -1.
int first_diverged(const std::vector<LossTerms>& terms) {
  for (size_t m = 0; m < terms.size(); ++m)
    if (!finite(terms[m])) return static_cast<int>(m);
  return -1;
}

}  // namespace

TrainStatus run_epochs(const EpochPlan& plan, EpochStepper& stepper, TrainContext& ctx) {
  const int k = plan.networks, batch = ctx.config.batch;
  const long per_epoch = batches_per_epoch(plan.rows, batch);
  const long steps = per_epoch * plan.epochs;
  std::vector<LrSchedule> schedules(k, LrSchedule(plan.schedule, 1.0, steps));
  std::vector<double> lrs(k, 0.0);
  auto gen = seeded_generator(plan.shuffle_seed);
  const auto device = ctx.data.y_train.device();
  const auto acc_options = torch::TensorOptions().dtype(torch::kFloat32).device(device);

  Progress p;
  p.phase = plan.phase;
  p.networks = ctx.config.k;
  p.joint = plan.joint;
  p.epochs = plan.epochs;
  p.steps = steps;
  p.run_steps = ctx.run_steps;
  const auto emit = [&](const std::vector<LossTerms>& terms, bool epoch_end) {
    if (!ctx.progress) return;
    for (int m = 0; m < k; ++m) {
      p.network = plan.first_network + m;
      p.terms = terms[m];
      p.epoch_end = epoch_end;
      p.lr = lrs[m];
      p.run_step = ctx.run_step;
      p.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - ctx.start).count();
      ctx.progress(p);
    }
  };

  WeightSnapshot good(stepper.modules());
  const auto diverged = [&](int m, int epoch) {
    good.restore();
    ctx.stop_reason = divergence_reason(plan.first_network + m, epoch);
    return TrainStatus::Diverged;
  };
  long step = 0;
  const auto save = [&] {
    stepper.publish();
    good.checkpoint(step);
  };

  for (int epoch = 1; epoch <= plan.epochs; ++epoch) {
    p.epoch = epoch;
    const auto perm = torch::randperm(plan.rows, gen, torch::kLong).to(device);
    auto epoch_sum = torch::zeros({k, 4}, acc_options);
    auto report_sum = torch::zeros({k, 4}, acc_options);
    long report_count = 0;
    for (long b = 0; b < per_epoch; ++b) {
      if (!ctx.control.proceed()) {
        stepper.publish();
        return TrainStatus::Stopped;
      }
      const double base_lr = plan.base_lr();  // once per step: all k networks see the same value
      for (int m = 0; m < k; ++m) lrs[m] = schedules[m].factor(step) * base_lr;
      const auto terms = stepper.step(perm.slice(0, b * batch, std::min<long>(plan.rows, (b + 1) * batch)), lrs);
      epoch_sum += terms;
      report_sum += terms;
      ++report_count;
      ++step;
      ctx.run_step += k;  // k network-steps, so run_steps keeps its meaning
      p.step = step;
      if (report_count >= ctx.config.report_every) {
        const auto means = to_terms(report_sum, report_count);
        if (const int m = first_diverged(means); m >= 0) return diverged(m, epoch);
        save();
        emit(means, false);
        report_sum.zero_();
        report_count = 0;
      }
    }
    const auto means = to_terms(epoch_sum, per_epoch);
    if (const int m = first_diverged(means); m >= 0) return diverged(m, epoch);
    save();
    for (int m = 0; m < k; ++m) {
      schedules[m].end_epoch(means[m].total);
      ctx.history.push_back(LossRow{plan.phase, plan.first_network + m, epoch, means[m], lrs[m]});
    }
    ctx.control.end_of_epoch(epoch == plan.epochs);
    emit(means, true);
  }
  stepper.publish();
  return TrainStatus::Finished;
}

}  // namespace ml
