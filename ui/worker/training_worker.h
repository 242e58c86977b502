#pragma once
/// The engine's home thread. A TrainingWorker is moved to a QThread by TrainingRunner and only
/// ever called through queued invocations; it owns the ml::Engine (created, used and destroyed
/// on that thread) and never touches a widget. It talks to the GUI through WorkerShared: loss
/// points and proposal copies go into `buffer` under `mutex`, then one cheap dataReady signal.
#include <QObject>
#include <QString>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/api/engine.h"
#include "ui/worker/snapshot.h"

namespace ml::ui {

/// A job for the engine's thread; engine is null when there is none.
using EngineRequest = std::function<void(Engine* engine)>;

/// State shared by the GUI thread and the worker thread. Owned by TrainingRunner; outlives the
/// worker. The atomics are lock-free; `mutex` guards buffer, requests, focus_y and focus_dirty.
struct WorkerShared {
  TrainControl control;               ///< stop, steps, hot values; control.pause is set only by steps
  std::atomic<bool> pause{false};     ///< the user's pause, honoured in the progress callback
  std::atomic<bool> notified{false};  ///< a dataReady is in flight; the GUI clears it on take
  std::mutex mutex;
  Snapshot buffer;
  std::vector<EngineRequest> requests;
  std::vector<double> focus_y;
  bool focus_dirty = false;
  std::vector<double> adjoint_y;  ///< the target neural adjoint last answered
};

class TrainingWorker : public QObject {
  Q_OBJECT
 public:
  /// shared must outlive the worker.
  explicit TrainingWorker(WorkerShared* shared);
  ~TrainingWorker() override;

  /// Builds a fresh engine from config and trains it; blocks this thread until done or stopped.
  void run(const Config& config);
  /// Replaces the engine by a saved run (Engine::load).
  void load(const QString& dir);
  /// Drops the engine and tells the GUI to clear its views.
  void clear();
  /// Draws config's problem before any training: an untrained engine's problem view (nothing
  /// when config cannot make an engine). Never replaces a trained model.
  void preview(const Config& config);
  /// Runs queued requests and refreshes the focus proposals; called when idle and while training.
  void drainRequests();
  /// Trains the direct regression, or runs neural adjoint on the focus target, on the current
  /// engine; blocks this thread until done or stopped, then emits baselineFinished.
  void runBaseline(bool adjoint, const AdjointOptions& options);
  /// Trains the generative baselines `methods` ("mdn", "cvae", "cinn") one after the other on the
  /// current engine, then samples them for the focus target; blocks this thread until done or
  /// stopped (the rest are skipped), then emits baselineFinished.
  void runGenerative(const std::vector<std::string>& methods);

 signals:
  void dataReady();
  void runFinished(bool completed);
  void baselineFinished(bool completed, const QString& error);
  void failed(const QString& message);
  /// A saved run was loaded (error empty) with its configuration, or not (error set).
  void loaded(const QString& dir, const QString& error, const ml::Config& config);
  void cleared();
  /// A step request (TrainControl::request_step) ended: the run holds, its last snapshot published.
  void stepPaused();

 private:
  void on_progress(const Progress& p);
  /// What every baseline run shares: it needs a trained forward model, reports through
  /// on_progress, turns a thrown error into baselineFinished's message, and answers the requests
  /// queued meanwhile. `job` returns whether it completed.
  void run_baseline_job(const std::function<bool(const ProgressFn& progress)>& job);
  void drop_engine();  ///< no engine, and the GUI's views cleared
  void publish_problem();
  void publish_proposals(bool with_metrics);
  void publish_focus();
  void publish_direct_sweep();
  void publish_landscape();
  void publish_forward_focus();
  void publish_preview();
  void notify();

  WorkerShared* shared_;
  std::unique_ptr<Engine> engine_;
  std::shared_ptr<const ProblemView> view_;
  std::chrono::steady_clock::time_point last_proposals_{}, last_landscape_{};
  std::chrono::steady_clock::duration landscape_cost_{};  ///< the last landscape's evaluation time
  std::chrono::steady_clock::duration proposals_cost_{};  ///< the last sweep and focus proposals' time
};

}  // namespace ml::ui

Q_DECLARE_METATYPE(ml::Config)
