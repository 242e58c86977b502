#pragma once
/// What every training shares with the epoch loop: the run's context, how a training ended, the
/// hot values read between steps and the steps an epoch takes. Apart from trainer.h so that the
/// loop (epoch_loop.h) and the trainers that drive it include it in one direction.
#include <chrono>
#include <string>
#include <vector>

#include "core/api/config.h"
#include "core/api/control.h"
#include "core/problems/dataset.h"

namespace ml {

/// Diverged: a loss became NaN or infinite; the last good weights were put back (see
/// TrainContext::stop_reason).
enum class TrainStatus { Finished, Stopped, Diverged };

/// Shared state of one training run: what to train on, how to steer it, where to report.
struct TrainContext {
  const Config& config;
  const Dataset& data;
  TrainControl& control;
  const ProgressFn& progress;  ///< may be empty
  std::vector<LossRow>& history;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  long run_step = 0;          ///< steps done over the whole run
  long run_steps = 0;         ///< total steps planned over the whole run
  std::string stop_reason{};  ///< why a run ended early other than by a stop request (divergence)
};

/// A hot parameter as both trainers read it between steps: the live value set through
/// ctx.control, else the configured one. Its TrainControl slot is looked up once, when the
/// trainer makes it, not per step. `field` must be a hot parameter's (else std::logic_error).
/// Refers to ctx's control and config: lives no longer than the context.
class LiveValue {
 public:
  LiveValue(const TrainContext& ctx, double Config::*field)
      : control_(ctx.control), config_(ctx.config), field_(field), slot_(hot_slot(field)) {}
  /// The value for the next step.
  double operator()() const { return control_.hot_or(slot_, config_.*field_); }

 private:
  const TrainControl& control_;
  const Config& config_;
  double Config::*field_;
  int slot_;
};

/// Steps per epoch for n samples: ceil(n / batch), dropping a last batch of one sample
/// (BatchNorm cannot train on it).
long batches_per_epoch(long n, int batch);

}  // namespace ml
