#pragma once
/// What a running training reports and how it is steered. Torch-free: the GUI worker and the
/// CLI share these types with the engine.
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <string>
#include <thread>

namespace ml {

/// Direct, Adjoint and Generative are the baselines' phases (Engine::train_direct,
/// Engine::neural_adjoint, Engine::train_generative: there Progress::network is the method's
/// index in generative_methods()).
enum class Phase { Forward, Inverse, Evaluate, Done, Direct, Adjoint, Generative };
const char* phase_name(Phase phase);

/// The loss terms of one report or one epoch (means over the steps they cover).
struct LossTerms {
  double total = 0, fit = 0, boundary = 0, repulsion = 0;
};

/// One progress report. `network` is 0-based; -1 during the forward phase. Under the `joint`
/// schedule all k networks train at once: each report is then emitted k times in a row, once
/// per network (network = 0..k-1, same epoch and step, that network's terms and lr), with
/// `joint` set; `step`/`steps` count joint steps and `run_step` advances by k per joint step.
struct Progress {
  Phase phase = Phase::Forward;
  int network = -1, networks = 0;
  bool joint = false;                ///< the k inverse networks train together (schedule joint)
  int epoch = 0, epochs = 0;         ///< epoch is 1-based once started
  long step = 0, steps = 0;          ///< steps done and total in the current phase
  long run_step = 0, run_steps = 0;  ///< steps done and total over the whole training
  bool epoch_end = false;            ///< the terms are this epoch's means
  LossTerms terms;
  double lr = 0;
  double elapsed_s = 0;
};

using ProgressFn = std::function<void(const Progress&)>;

/// How far a step request runs before the trainer pauses (teaching mode's single steps).
/// `Network` ends where a network's last epoch ends: the forward phase counts as network -1,
/// and under the `joint` schedule, where all k networks train together, it is the whole joint
/// phase.
enum class StepMode { None, Epoch, Network };

/// Thread-safe steering of a running training. Written by any thread, read by the trainer between
/// steps. Hot values live in slots numbered by the parameter table (ParamSpec::hot_slot); NaN,
/// their start, means "use the configuration's value".
struct TrainControl {
  static constexpr int kHotSlots = 8;  ///< the most hot parameters the table may hold

  std::atomic<bool> stop{false};
  std::atomic<bool> pause{false};
  std::atomic<StepMode> step{StepMode::None};  ///< a pending step; cleared where it ends

  TrainControl() { clear_hot(); }
  /// The live value of the hot parameter in `slot`; NaN goes back to the configured value.
  void set_hot(int slot, double value) { hot_.at(slot).store(value); }
  /// The live value in `slot`, NaN when none is set.
  double hot(int slot) const { return hot_.at(slot).load(); }
  /// The live value in `slot`, else `configured`.
  double hot_or(int slot, double configured) const {
    const double v = hot(slot);
    return std::isnan(v) ? configured : v;
  }
  void clear_hot() {
    for (auto& v : hot_) v.store(NAN);
  }

  /// Blocks while paused; false when a stop was requested (the caller then ends its run).
  bool proceed() const {
    while (pause.load() && !stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return !stop.load();
  }
  /// Runs until the end of the current epoch or network (see StepMode), then pauses.
  void request_step(StepMode mode) {
    step.store(mode);
    pause.store(false);
  }

  /// Called by the trainers where an epoch ends, before its report: when a pending step ends
  /// here, clears it and sets pause (so the report already sees pause). Returns whether it did.
  bool end_of_epoch(bool network_done) {
    StepMode pending = step.load();
    const bool ends = pending == StepMode::Epoch || (pending == StepMode::Network && network_done);
    if (!ends || !step.compare_exchange_strong(pending, StepMode::None)) return false;
    pause.store(true);
    return true;
  }

 private:
  std::array<std::atomic<double>, kHotSlots> hot_;
};

/// One epoch of one network, for loss curves and losses.csv.
struct LossRow {
  Phase phase = Phase::Forward;
  int network = -1;
  int epoch = 0;
  LossTerms terms;
  double lr = 0;
};

}  // namespace ml
