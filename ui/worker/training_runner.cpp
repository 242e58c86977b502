#include "ui/worker/training_runner.h"

#include <QMetaObject>
#include <QStringList>
#include <cmath>

namespace ml::ui {
namespace {

/// What a preview draws depends on: the parameter table's data group.
std::string data_settings(const Config& c) {
  std::string s;
  for (const auto& p : parameter_table())
    if (p.group == ParamGroup::Data) s += p.key + "=" + p.get(c) + "\n";
  return s;
}

}  // namespace

const char* run_state_name(RunState s) {
  switch (s) {
    case RunState::Idle:
      return "idle";
    case RunState::Training:
      return "training";
    case RunState::Paused:
      return "paused";
    case RunState::Finished:
      return "finished";
    case RunState::Stopped:
      return "stopped";
    case RunState::Failed:
      return "failed";
  }
  return "?";
}

TrainingRunner::TrainingRunner(QObject* parent) : QObject(parent) {
  qRegisterMetaType<ml::ui::RunState>("ml::ui::RunState");
  qRegisterMetaType<ml::Config>("ml::Config");
  worker_ = new TrainingWorker(&shared_);
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(worker_, &TrainingWorker::dataReady, this, &TrainingRunner::dataReady);
  connect(worker_, &TrainingWorker::runFinished, this, [this](bool completed) {
    has_model_ = true;
    set_state(completed ? RunState::Finished : RunState::Stopped);
    emit runFinishedWithModel();
  });
  // Queued from the worker; a step requested meanwhile has cleared control.pause again.
  connect(worker_, &TrainingWorker::stepPaused, this, [this] {
    if (state_ != RunState::Training || !shared_.control.pause.load()) return;
    pause_timer_.start();
    set_state(RunState::Paused);
  });
  connect(worker_, &TrainingWorker::failed, this, [this](const QString& message) {
    set_state(RunState::Failed);
    emit failed(message);
  });
  // A run started right after a reset or a load is queued behind it: keep its state.
  connect(worker_, &TrainingWorker::cleared, this, [this] {
    if (busy()) return;
    has_model_ = false;
    set_state(RunState::Idle);
  });
  connect(worker_, &TrainingWorker::loaded, this, [this](const QString& dir, const QString& error, const Config& c) {
    --loads_pending_;
    if (error.isEmpty() && !busy()) {
      has_model_ = true;
      run_config_ = c;
      set_state(RunState::Finished);
    }
    emit modelLoaded(dir, error);
  });
  connect(worker_, &TrainingWorker::baselineFinished, this, [this](bool completed, const QString& error) {
    set_state(before_baseline_);
    if (completed) emit runFinishedWithModel();
    emit baselineFinished(baseline_adjoint_, completed, error);
  });
  thread_.setObjectName("manifoldlab-training");
  thread_.start();
}

TrainingRunner::~TrainingRunner() { shutdown(); }

bool TrainingRunner::start(const Config& config, StepMode first_step) {
  if (busy() || joined_) return false;
  shared_.control.stop = false;
  shared_.pause = false;
  shared_.control.request_step(first_step);
  shared_.control.clear_hot();
  run_config_ = config;
  previewed_.clear();
  paused_s_ = 0;
  set_state(RunState::Training);
  TrainingWorker* w = worker_;
  QMetaObject::invokeMethod(
      w, [w, config] { w->run(config); }, Qt::QueuedConnection);
  return true;
}

void TrainingRunner::pause() {
  if (state_ != RunState::Training) return;
  shared_.pause = true;
  pause_timer_.start();
  set_state(RunState::Paused);
}

void TrainingRunner::resume() {
  if (state_ != RunState::Paused) return;
  shared_.control.request_step(StepMode::None);
  shared_.pause = false;
  paused_s_ += pause_timer_.elapsed() / 1000.0;
  set_state(RunState::Training);
}

void TrainingRunner::step(StepMode mode) {
  if (!busy()) return;
  shared_.control.request_step(mode);
  if (state_ != RunState::Paused) return;  // training: pauses where this epoch or network ends
  shared_.pause = false;
  paused_s_ += pause_timer_.elapsed() / 1000.0;
  set_state(RunState::Training);
}

void TrainingRunner::stop() {
  if (!busy()) return;
  shared_.control.stop = true;
  shared_.pause = false;
}

void TrainingRunner::reset() {
  stop();
  if (joined_) return;
  previewed_.clear();
  TrainingWorker* w = worker_;
  QMetaObject::invokeMethod(
      w, [w] { w->clear(); }, Qt::QueuedConnection);
}

bool TrainingRunner::preview(const Config& config) {
  if (busy() || has_model_ || joined_) return false;
  std::string settings = data_settings(config);
  if (settings == previewed_) return true;
  previewed_ = std::move(settings);
  TrainingWorker* w = worker_;
  QMetaObject::invokeMethod(
      w, [w, config] { w->preview(config); }, Qt::QueuedConnection);
  return true;
}

bool TrainingRunner::set_hot(int slot, double value) {
  if (slot < 0 || slot >= TrainControl::kHotSlots) return false;
  shared_.control.set_hot(slot, value);
  return true;
}

double TrainingRunner::hot_value(int slot) const {
  return slot >= 0 && slot < TrainControl::kHotSlots ? shared_.control.hot(slot) : NAN;
}

void TrainingRunner::set_focus_target(const std::vector<double>& y) {
  {
    std::lock_guard<std::mutex> lock(shared_.mutex);
    shared_.focus_y = y;
    shared_.focus_dirty = true;
  }
  if (joined_) return;
  TrainingWorker* w = worker_;
  QMetaObject::invokeMethod(
      w, [w] { w->drainRequests(); }, Qt::QueuedConnection);
}

void TrainingRunner::post(EngineRequest request) {
  {
    std::lock_guard<std::mutex> lock(shared_.mutex);
    shared_.requests.push_back(std::move(request));
  }
  if (joined_) return;
  TrainingWorker* w = worker_;
  QMetaObject::invokeMethod(
      w, [w] { w->drainRequests(); }, Qt::QueuedConnection);
}

void TrainingRunner::save_model(const QString& dir) {
  post([this, dir](Engine* engine) {
    QString error;
    if (!engine || !engine->forward_trained()) {
      error = tr("there is no trained model to save yet");
    } else {
      try {
        engine->save(dir.toStdString());
      } catch (const std::exception& e) {
        error = QString::fromStdString(e.what());
      }
    }
    // Back to the GUI thread; dropped if this runner is gone by then.
    QMetaObject::invokeMethod(
        this, [this, dir, error] { emit modelSaved(dir, error); }, Qt::QueuedConnection);
  });
}

void TrainingRunner::export_model(const QString& path) {
  post([this, path](Engine* engine) {
    QString error;
    if (!engine || engine->inverse_networks_ready() == 0) {
      error = tr("there is no trained mixture to export yet");
    } else {
      try {
        engine->export_torchscript(path.toStdString());
      } catch (const std::exception& e) {
        error = QString::fromStdString(e.what());
      }
    }
    QMetaObject::invokeMethod(
        this, [this, path, error] { emit modelExported(path, error); }, Qt::QueuedConnection);
  });
}

bool TrainingRunner::load_model(const QString& dir) {
  if (busy() || joined_) return false;
  previewed_.clear();
  ++loads_pending_;
  TrainingWorker* w = worker_;
  QMetaObject::invokeMethod(
      w, [w, dir] { w->load(dir); }, Qt::QueuedConnection);
  return true;
}

bool TrainingRunner::run_baseline(bool adjoint, const AdjointOptions& options) {
  if (busy() || joined_ || !has_model_) return false;
  shared_.control.stop = false;
  shared_.pause = false;
  before_baseline_ = state_;
  baseline_adjoint_ = adjoint;
  baseline_name_ = adjoint ? tr("Neural adjoint") : tr("Direct regression");
  set_state(RunState::Training);
  TrainingWorker* w = worker_;
  QMetaObject::invokeMethod(
      w, [w, adjoint, options] { w->runBaseline(adjoint, options); }, Qt::QueuedConnection);
  return true;
}

bool TrainingRunner::run_generative(const std::vector<std::string>& methods) {
  if (busy() || joined_ || !has_model_ || methods.empty()) return false;
  shared_.control.stop = false;
  shared_.pause = false;
  before_baseline_ = state_;
  baseline_adjoint_ = false;
  QStringList names;
  for (const auto& m : methods) names << QString::fromStdString(m).toUpper();
  baseline_name_ = names.join(QStringLiteral(", "));
  set_state(RunState::Training);
  TrainingWorker* w = worker_;
  QMetaObject::invokeMethod(
      w, [w, methods] { w->runGenerative(methods); }, Qt::QueuedConnection);
  return true;
}

Snapshot TrainingRunner::take() {
  shared_.notified = false;  // before taking: a point pushed after this will signal again
  std::lock_guard<std::mutex> lock(shared_.mutex);
  Snapshot s = std::move(shared_.buffer);
  shared_.buffer = Snapshot{};
  return s;
}

bool TrainingRunner::shutdown(int timeout_ms) {
  if (joined_) return true;
  shared_.control.stop = true;
  shared_.pause = false;
  thread_.quit();
  if (!thread_.wait(timeout_ms)) {
    qWarning("manifoldlab: the training thread did not stop within %d ms", timeout_ms);
    thread_.wait();  // destroying a running QThread aborts the process: finish the join instead
  }
  joined_ = true;
  return true;
}

double TrainingRunner::paused_seconds() const {
  return paused_s_ + (state_ == RunState::Paused ? pause_timer_.elapsed() / 1000.0 : 0.0);
}

void TrainingRunner::set_state(RunState s) {
  if (s == state_) return;
  state_ = s;
  emit stateChanged(s);
}

}  // namespace ml::ui
