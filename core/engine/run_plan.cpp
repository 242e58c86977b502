#include "core/api/engine.h"
#include "core/engine/engine_impl.h"
#include "core/train/train_context.h"

namespace ml {
namespace {

/// A layer pass's operations cost about as much to dispatch as 2e5 multiply-accumulates on a CPU,
/// so small networks (the sine's) are not priced at nearly nothing. An inverse step's loss terms
/// (boundary, repulsion) and gradient clipping add about ten such passes. Both measured on the
/// sine, whose 128-wide networks make the overheads count (a Shell step is all matmuls).
constexpr double kLayerPassMacs = 2e5;
constexpr double kInverseLossPasses = 10;
/// Refinement through a differentiable simulator, priced against refinement through f (the
/// built-in simulators are closed forms, far cheaper than f).
constexpr double kSimulatorRefinement = 0.25;

/// One pass of `rows` rows through a network.
double pass_cost(const MlpOptions& o, double rows) {
  return rows * mlp_macs(o) + kLayerPassMacs * static_cast<double>(o.hidden.size() + 1);
}

}  // namespace

RunPlan Engine::run_plan() const {
  const Impl& s = *impl_;
  const Config& c = s.config;
  const MlpOptions f = s.forward_options(), g = s.inverse_options();
  const long per_epoch = batches_per_epoch(s.data.x_train.size(0), c.batch);
  // Training step: a network's forward pass and two backward matmuls. Through f (frozen), g's
  // step adds f's forward pass and its input gradient. Through the true simulator its cost is
  // unknown until measured; f's shape stands in for it.
  const double forward_step = 3 * pass_cost(f, c.batch);
  const double inverse_step =
      3 * pass_cost(g, c.batch) + 2 * pass_cost(f, c.batch) + kInverseLossPasses * kLayerPassMacs;
  RunPlan plan;
  if (!s.true_forward()) plan.phases.push_back({Phase::Forward, -1, per_epoch * c.epochs_forward, forward_step});
  if (c.schedule == "joint")
    plan.phases.push_back({Phase::Inverse, -1, per_epoch * c.epochs_inverse, c.k * inverse_step});
  else
    for (int m = 0; m < c.k; ++m)
      plan.phases.push_back({Phase::Inverse, m, per_epoch * c.epochs_inverse, inverse_step});
  // Evaluation: the k proposals per test target, then refinement (f forward and input gradient
  // per step, again through a differentiable simulator), then f and the simulator (cheap) once.
  const double rows = static_cast<double>(c.k) * s.data.y_test.size(0);
  const double refinements =
      c.refine_steps > 0 ? 1 + (s.problem->differentiable() && s.problem->has_simulator() ? kSimulatorRefinement : 0)
                         : 0;
  const double evaluate = c.k * pass_cost(g, s.data.y_test.size(0)) +
                          refinements * c.refine_steps * 2 * pass_cost(f, rows) + 2 * pass_cost(f, rows);
  plan.phases.push_back({Phase::Evaluate, -1, 1, evaluate});
  return plan;
}

}  // namespace ml
