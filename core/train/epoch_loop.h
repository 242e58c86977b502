#pragma once
/// The one epoch loop of every training (forward model, direct regression, sequential and joint
/// inverse networks): shuffled batches, a learning-rate schedule per network, loss sums kept on
/// the device and read at report time, progress reports, one LossRow per network and epoch,
/// divergence (last good weights back, with a reason) and pause/step where an epoch ends. What a
/// step does is the caller's EpochStepper: one network, or k at once.
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/train/train_context.h"

namespace ml {

/// One step of k networks that train together (k = 1 but for the joint schedule).
class EpochStepper {
 public:
  virtual ~EpochStepper() = default;
  /// One optimisation step on the training rows `idx` with one learning rate per network: every
  /// network's detached terms [k, 4] (total, fit, boundary, repulsion) on the device, no host sync.
  virtual torch::Tensor step(const torch::Tensor& idx, const std::vector<double>& lrs) = 0;
  /// The caller's networks: what a divergence puts back (publish writes into them first).
  virtual std::vector<torch::nn::Module*> modules() = 0;
  /// Writes the trained weights into modules() where a stepper trains copies; called before
  /// every report and snapshot and at the end (not after a divergence's restore).
  virtual void publish() {}
};

struct EpochPlan {
  Phase phase = Phase::Inverse;
  int first_network = -1;  ///< Progress::network of the stepper's first network (-1: no inverse network)
  int networks = 1;        ///< k, the networks each step trains
  bool joint = false;      ///< reports carry Progress::joint
  int epochs = 0;
  long rows = 0;                    ///< training rows, shuffled every epoch
  std::string schedule;             ///< each network's learning-rate schedule (see LrSchedule)
  std::function<double()> base_lr;  ///< read once per step, so it may be a hot value
  std::int64_t shuffle_seed = 0;
};

/// Runs plan.epochs epochs of `stepper` on the caller's thread, which makes every progress call:
/// each report and epoch end is emitted once per network. Checks stop and pause before every
/// step. A non-finite report or epoch mean restores the last good weights (saved at every report
/// and epoch end) and returns Diverged with ctx.stop_reason set for the first such network.
TrainStatus run_epochs(const EpochPlan& plan, EpochStepper& stepper, TrainContext& ctx);

}  // namespace ml
