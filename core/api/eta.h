#pragma once
/// The remaining time of a training run, from the measured cost of each phase as it runs.
/// Steps are not equal: a Shell inverse step runs g and f (forward and backward) and costs more
/// than a forward step, and the evaluation's refinement runs f hundreds of times per target. So
/// the engine describes the run as phases with a relative cost per step (`RunPlan`, from the
/// networks' multiply-accumulate counts), and `RemainingTime` turns the seconds each phase has
/// taken so far into seconds per cost unit: a phase that has run is predicted by its own rate,
/// one that has not by the latest rate measured. Torch-free; the GUI and the CLI share it.
#include <vector>

#include "core/api/control.h"

namespace ml {

/// One phase of a run: the forward model (network -1), one inverse network, the k networks
/// together (schedule joint, network -1 with Phase::Inverse), the evaluation (steps 1), or work a
/// caller does after the engine reports Done (Phase::Done, steps 1: the GUI's answers for every
/// test target); the run then ends when the caller says so (`finish`).
struct PlanPhase {
  Phase phase = Phase::Forward;
  int network = -1;
  long steps = 0;
  double step_cost = 0;  ///< relative cost of one step (multiply-accumulates plus a per-layer overhead)
};

/// A run's phases in the order they run. An empty plan: one phase measured by run_step/run_steps.
struct RunPlan {
  std::vector<PlanPhase> phases;
  double total_cost() const;
};

class RemainingTime {
 public:
  explicit RemainingTime(RunPlan plan = {});
  /// A progress report and the seconds the run has been busy (elapsed less paused). Reports come
  /// in run order; a network whose step count starts over is a retry and adds its phase again.
  void observe(const Progress& p, double busy_s);
  /// The caller's own work after Done (a Done phase in the plan) has ended too.
  void finish() { finished_ = true; }
  /// Predicted seconds to the end at `busy_now` (the busy seconds now, at or after the last
  /// report: the estimate counts down between reports); negative until a rate is measured.
  double remaining_s(double busy_now) const;
  /// The share of the run's cost done at `busy_now`, 0..1 (what a progress bar shows).
  double fraction(double busy_now) const;

 private:
  int phase_index(const Progress& p) const;
  double rate_for(int phase) const;
  double predicted_s(int phase) const;  ///< the whole phase's seconds at its rate

  RunPlan plan_;
  int current_ = -1;  ///< index of the phase last reported
  long step_ = 0;     ///< steps done in it
  double busy_ = 0, phase_start_ = 0;
  long first_step_ = -1;  ///< the current phase's first report: its step and busy seconds
  double first_busy_ = 0;
  std::vector<double> rate_;                 ///< seconds per cost unit measured in each phase; 0: none yet
  double latest_rate_ = 0;                   ///< the most recent measured rate of any phase
  long linear_step_ = 0, linear_steps_ = 0;  ///< an empty plan's progress
  bool finished_ = false;
};

}  // namespace ml
