#pragma once
/// The GUI thread's handle on training: owns the QThread, the TrainingWorker living in it and
/// the WorkerShared state between them. Every method is for the GUI thread. Steering (stop,
/// pause, hot values) goes through atomics, so it takes effect within one optimisation step.
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QThread>
#include <functional>
#include <string>
#include <vector>

#include "core/api/config.h"
#include "ui/worker/snapshot.h"
#include "ui/worker/training_worker.h"

namespace ml::ui {

enum class RunState { Idle, Training, Paused, Finished, Stopped, Failed };
const char* run_state_name(RunState s);

class TrainingRunner : public QObject {
  Q_OBJECT
 public:
  explicit TrainingRunner(QObject* parent = nullptr);
  /// Stops a running training and joins the thread (see shutdown).
  ~TrainingRunner() override;

  RunState state() const { return state_; }
  /// Training or paused: the engine's thread is busy with a run.
  bool busy() const { return state_ == RunState::Training || state_ == RunState::Paused; }
  /// A saved model is being loaded (load_model sent, its answer not yet back).
  bool loading() const { return loads_pending_ > 0; }
  /// The configuration of the current engine's run (valid once started).
  const Config& run_config() const { return run_config_; }
  bool has_model() const { return has_model_; }

  /// Starts a fresh engine; with a step mode it pauses after that first step. Returns false
  /// when a run is still busy.
  bool start(const Config& config, StepMode first_step = StepMode::None);
  void pause();
  /// Runs on freely (a pending step is dropped).
  void resume();
  /// Runs the busy run to the end of its current epoch or network, then pauses (state Paused
  /// once the worker reports it). No-op when not busy.
  void step(StepMode mode);
  /// Asks the run to stop; the state becomes Stopped when the worker has returned.
  void stop();
  /// Stops and drops the engine; the state becomes Idle.
  void reset();
  /// Draws config's problem before any run (TrainingWorker::preview) when its data settings (the
  /// table's "data" group) differ from those last drawn. False, doing nothing, while busy or
  /// while a model is shown.
  bool preview(const Config& config);
  /// Sets the hot parameter in `slot` (ParamSpec::hot_slot) of the running training; the trainer
  /// reads it before its next step. Returns false for a slot out of TrainControl's range.
  bool set_hot(int slot, double value);
  /// The hot value in `slot` the trainer will read next (NaN: the configuration's value, or a
  /// slot out of range).
  double hot_value(int slot) const;
  /// The target whose proposals are computed into Snapshot::focus ([y_dim]).
  void set_focus_target(const std::vector<double>& y);
  /// Writes the engine's model into dir (Engine::save) on the engine's thread; emits modelSaved.
  void save_model(const QString& dir);
  /// Writes the engine's mixture as one TorchScript file (Engine::export_torchscript) on the
  /// engine's thread; emits modelExported.
  void export_model(const QString& path);
  /// Loads a saved run into a fresh engine; emits modelLoaded. Returns false when busy.
  bool load_model(const QString& dir);
  /// Trains the direct regression (adjoint false) or runs neural adjoint on the focus target with
  /// the current model, as a cancellable run (stop() cancels it); emits baselineFinished.
  /// Returns false when busy or when there is no model.
  bool run_baseline(bool adjoint, const AdjointOptions& options);
  /// Trains the generative baselines `methods` ("mdn", "cvae", "cinn") in turn with the current
  /// model's gen_* settings, as a cancellable run; emits baselineFinished (adjoint false).
  /// Returns false when busy, when there is no model or when methods is empty.
  bool run_generative(const std::vector<std::string>& methods);
  /// What the last baseline run trained, for messages: "Direct regression", "Neural adjoint",
  /// or the generative methods' names.
  const QString& baseline_name() const { return baseline_name_; }

  /// Moves out everything the worker published since the last call.
  Snapshot take();

  /// Sets stop, ends the thread's loop and waits up to timeout_ms. Returns true when joined.
  bool shutdown(int timeout_ms = 5000);

  /// Seconds spent paused in the current run (for the ETA).
  double paused_seconds() const;

 signals:
  void dataReady();  ///< new data can be taken; at most one in flight
  void stateChanged(ml::ui::RunState state);
  void failed(const QString& message);
  void modelSaved(const QString& dir, const QString& error);
  void modelExported(const QString& path, const QString& error);
  void modelLoaded(const QString& dir, const QString& error);
  void baselineFinished(bool adjoint, bool completed, const QString& error);
  /// A run or a baseline left a trained model behind (what a session can save).
  void runFinishedWithModel();

 private:
  void set_state(RunState s);
  void post(EngineRequest request);

  WorkerShared shared_;
  QThread thread_;
  TrainingWorker* worker_ = nullptr;  ///< lives in thread_; deleted there when it finishes
  RunState state_ = RunState::Idle;
  Config run_config_;
  bool has_model_ = false;
  int loads_pending_ = 0;
  bool joined_ = false;
  std::string previewed_;                      ///< the data settings of the drawn preview; empty when none is drawn
  RunState before_baseline_ = RunState::Idle;  ///< the model's state, restored after a baseline
  bool baseline_adjoint_ = false;
  QString baseline_name_;
  QElapsedTimer pause_timer_;
  double paused_s_ = 0;
};

}  // namespace ml::ui
