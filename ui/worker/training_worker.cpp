#include "ui/worker/training_worker.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <thread>

namespace ml::ui {
namespace {

// Proposals for the whole sweep are cheap (one batched forward pass) but not free: a few per
// second keeps the picture live; the interval is at least kProposalShare times their last cost,
// so they never take more than about a tenth of the training's time (the arm's sweep re-simulates
// 400 targets' proposals; without this cap its inverse phase took 1.7x as long as the CLI's).
constexpr auto kProposalInterval = std::chrono::milliseconds(150);
constexpr int kProposalShare = 10;
// f's landscape while f trains: as often as the proposals, but never more than 2 % of the
// forward phase's time (one evaluation takes a few ms, more on a loaded machine).
constexpr auto kLandscapeInterval = std::chrono::milliseconds(150);
constexpr int kLandscapeShare = 50;  // the interval is at least this many evaluations long

}  // namespace

TrainingWorker::TrainingWorker(WorkerShared* shared) : shared_(shared) {}
TrainingWorker::~TrainingWorker() = default;

void TrainingWorker::run(const Config& config) {
  engine_.reset();
  proposals_cost_ = {};
  bool completed = false;
  try {
    engine_ = std::make_unique<Engine>(config);
    engine_->set_inverse_preview(true);  // a manifold to look at while f learns
    publish_problem();
    completed = engine_->train([this](const Progress& p) { on_progress(p); }, shared_->control);
    publish_proposals(completed);
    if (!engine_->stop_reason().empty()) {
      // Diverged: the networks trained so far stay on screen and can be saved.
      drainRequests();
      emit runFinished(false);
      emit failed(QString::fromStdString(engine_->stop_reason()));
      return;
    }
  } catch (const std::exception& e) {
    notify();
    emit failed(QString::fromStdString(e.what()));
    return;
  }
  drainRequests();
  emit runFinished(completed);
}

void TrainingWorker::load(const QString& dir) {
  try {
    auto e = std::make_unique<Engine>(Engine::load(dir.toStdString(), "auto", 0));
    engine_ = std::move(e);
    publish_problem();
    {
      // Saved runs carry their per-epoch losses: show the curves they were trained with.
      std::lock_guard<std::mutex> lock(shared_->mutex);
      auto losses = loss_points(engine_->loss_history());
      shared_->buffer.losses.insert(shared_->buffer.losses.end(), losses.begin(), losses.end());
    }
    publish_direct_sweep();
    if (engine_->inverse_networks_ready() > 0) publish_proposals(engine_->trained());
    emit loaded(dir, QString(), engine_->config());
  } catch (const std::exception& e) {
    emit loaded(dir, QString::fromStdString(e.what()), Config{});
  }
}

void TrainingWorker::clear() {
  drop_engine();
  emit cleared();
}

void TrainingWorker::drop_engine() {
  engine_.reset();
  view_.reset();
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->buffer = Snapshot{};
    shared_->buffer.reset = true;
  }
  notify();
}

void TrainingWorker::preview(const Config& config) {
  if (engine_ && engine_->forward_trained()) return;  // a model on screen stays until Start replaces it
  try {
    engine_ = std::make_unique<Engine>(config);
    publish_problem();
  } catch (const std::exception&) {
    drop_engine();  // settings that make no engine (a missing data file) draw nothing; Start says why
  }
}

void TrainingWorker::drainRequests() {
  std::vector<EngineRequest> jobs;
  bool focus = false;
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    jobs.swap(shared_->requests);
    focus = shared_->focus_dirty;
  }
  for (auto& job : jobs) job(engine_.get());
  if (focus) publish_focus();
}

void TrainingWorker::runBaseline(bool adjoint, const AdjointOptions& options) {
  run_baseline_job([&](const ProgressFn& progress) {
    if (!adjoint) {
      const bool completed = engine_->train_direct(progress, shared_->control);
      if (!completed && !engine_->stop_reason().empty()) throw std::runtime_error(engine_->stop_reason());
      if (completed) {
        publish_direct_sweep();
        std::lock_guard<std::mutex> lock(shared_->mutex);
        shared_->focus_dirty = true;
      }
      return completed;
    }
    std::vector<double> y;
    {
      std::lock_guard<std::mutex> lock(shared_->mutex);
      y = shared_->focus_y;
    }
    if (!view_ || y.size() != static_cast<size_t>(view_->info.y_dim))
      throw std::runtime_error("choose a target y* first");
    auto candidates =
        std::make_shared<const ProposalSet>(engine_->neural_adjoint(y, options, progress, shared_->control));
    const bool completed = candidates->targets > 0;
    if (completed) {
      std::lock_guard<std::mutex> lock(shared_->mutex);
      shared_->buffer.adjoint_focus = std::move(candidates);
      shared_->adjoint_y = y;
    }
    return completed;
  });
}

void TrainingWorker::runGenerative(const std::vector<std::string>& methods) {
  run_baseline_job([&](const ProgressFn& progress) {
    bool completed = false;
    for (const auto& method : methods) {
      completed = engine_->train_generative(method, progress, shared_->control);
      if (!completed && !engine_->stop_reason().empty())
        throw std::runtime_error(method + ": " + engine_->stop_reason());
      {
        std::lock_guard<std::mutex> lock(shared_->mutex);
        shared_->focus_dirty = true;  // drainRequests samples the trained methods for y*
      }
      if (!completed) break;
    }
    return completed;
  });
}

void TrainingWorker::run_baseline_job(const std::function<bool(const ProgressFn& progress)>& job) {
  bool completed = false;
  QString error;
  try {
    if (!engine_ || !engine_->forward_trained())
      throw std::runtime_error("train a model first: the baselines use its forward model");
    completed = job([this](const Progress& p) { on_progress(p); });
  } catch (const std::exception& e) {
    error = QString::fromStdString(e.what());
  }
  drainRequests();
  notify();
  emit baselineFinished(completed, error);
}

void TrainingWorker::publish_direct_sweep() {
  if (!engine_ || !view_ || !engine_->direct_trained()) return;
  auto sweep = std::make_shared<const ProposalSet>(engine_->propose_direct(view_->sweep_y));
  std::lock_guard<std::mutex> lock(shared_->mutex);
  shared_->buffer.direct_sweep = std::move(sweep);
}

void TrainingWorker::on_progress(const Progress& p) {
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    if (p.phase == Phase::Forward || p.phase == Phase::Inverse) {
      const double epoch = p.steps > 0 ? static_cast<double>(p.step) * p.epochs / p.steps : p.epoch;
      shared_->buffer.losses.push_back(LossPoint{p.network, epoch, p.terms});
    }
    shared_->buffer.progress = p;
    shared_->buffer.has_progress = true;
  }
  const auto now = std::chrono::steady_clock::now();
  const bool network_done = p.phase == Phase::Inverse && p.epoch_end && p.epoch == p.epochs;
  // A joint epoch reports once per network: hold after the last, so every curve has its point.
  const bool group_end = !p.joint || p.network == p.networks - 1;
  auto paused = [this] { return shared_->pause.load() || shared_->control.pause.load(); };
  const bool hold = group_end && paused();
  const auto proposal_interval =
      std::max<std::chrono::steady_clock::duration>(kProposalInterval, proposals_cost_ * kProposalShare);
  if (p.phase == Phase::Inverse && (network_done || hold || now - last_proposals_ >= proposal_interval))
    publish_proposals(false);
  const bool forward_done = p.phase == Phase::Forward && p.epoch_end && p.epoch == p.epochs;
  const auto landscape_interval =
      std::max<std::chrono::steady_clock::duration>(kLandscapeInterval, landscape_cost_ * kLandscapeShare);
  if (p.phase == Phase::Forward && (forward_done || hold || now - last_landscape_ >= landscape_interval)) {
    publish_landscape();
    publish_forward_focus();
  }
  if (p.phase == Phase::Forward && (hold || now - last_proposals_ >= proposal_interval)) publish_preview();
  drainRequests();
  notify();
  if (!hold) return;
  if (shared_->control.pause.load()) emit stepPaused();
  // Pausing here rather than in the trainer's own pause loop keeps this thread answering focus
  // and save requests, so a paused run can still be explored.
  while (paused() && !shared_->control.stop.load()) {
    drainRequests();
    std::this_thread::sleep_for(std::chrono::milliseconds(15));
  }
}

void TrainingWorker::publish_problem() {
  auto v = make_problem_view(*engine_);
  view_ = v;
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->buffer = Snapshot{};
    shared_->buffer.reset = true;
    shared_->buffer.problem = view_;
    shared_->focus_dirty = true;  // the old focus proposals belong to the old engine
    shared_->adjoint_y.clear();
  }
  notify();
}

void TrainingWorker::publish_landscape() {
  if (!engine_ || !view_ || view_->landscape_n < 2) return;
  last_landscape_ = std::chrono::steady_clock::now();
  const std::vector<double> y = engine_->forward_model(view_->landscape_x);
  landscape_cost_ = std::chrono::steady_clock::now() - last_landscape_;
  auto first = std::make_shared<std::vector<double>>();  // the first y dimension, as grid_y
  const size_t yd = static_cast<size_t>(view_->info.y_dim);
  for (size_t i = 0; i < y.size(); i += yd) first->push_back(y[i]);
  std::lock_guard<std::mutex> lock(shared_->mutex);
  shared_->buffer.landscape = std::move(first);
}

void TrainingWorker::publish_forward_focus() {
  if (!engine_ || !view_) return;
  auto focus = std::make_shared<ForwardFocus>();
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    focus->y = shared_->focus_y;
  }
  focus->x = view_->reference_x(focus->y, &focus->exact);
  if (focus->x.empty()) return;
  last_landscape_ = std::chrono::steady_clock::now();
  focus->fy = engine_->forward_model(focus->x);
  std::lock_guard<std::mutex> lock(shared_->mutex);
  shared_->buffer.forward_focus = std::move(focus);
}

void TrainingWorker::publish_preview() {
  if (!engine_ || !view_) return;
  auto sweep = std::make_shared<const ProposalSet>(engine_->propose_preview(view_->sweep_y));
  if (sweep->targets == 0) return;
  last_proposals_ = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(shared_->mutex);
  shared_->buffer.preview_sweep = std::move(sweep);
}

void TrainingWorker::publish_proposals(bool with_metrics) {
  if (!engine_ || !view_ || engine_->inverse_networks_ready() == 0) return;
  last_proposals_ = std::chrono::steady_clock::now();
  auto sweep = std::make_shared<const ProposalSet>(engine_->propose(view_->sweep_y));
  std::shared_ptr<const Metrics> metrics;
  std::shared_ptr<const ProposalSet> test;
  if (with_metrics && engine_->trained()) {
    metrics = std::make_shared<const Metrics>(engine_->metrics());
    // The coverage panel's data: once per finished run, as costly as the evaluation's proposals.
    test = std::make_shared<const ProposalSet>(engine_->propose_test());
  }
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->buffer.sweep = std::move(sweep);
    if (metrics) shared_->buffer.metrics = std::move(metrics);
    if (test) shared_->buffer.test = std::move(test);
    shared_->focus_dirty = true;
  }
  publish_focus();
  if (!test) proposals_cost_ = std::chrono::steady_clock::now() - last_proposals_;  // a training's, not the end's
}

void TrainingWorker::publish_focus() {
  std::vector<double> y;
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    y = shared_->focus_y;
    if (!engine_ || !view_ || engine_->inverse_networks_ready() == 0 ||
        y.size() != static_cast<size_t>(view_->info.y_dim))
      return;  // stays dirty: answered once networks exist
    shared_->focus_dirty = false;
  }
  auto focus = std::make_shared<const ProposalSet>(engine_->propose(y));
  std::shared_ptr<const ProposalSet> direct;
  if (engine_->direct_trained()) direct = std::make_shared<const ProposalSet>(engine_->propose_direct(y));
  // Each trained generative baseline's samples for y* (plain numbers, ranked best first).
  std::map<std::string, std::shared_ptr<const ProposalSet>> generative;
  for (const auto& method : generative_methods()) {
    if (!engine_->generative_trained(method)) continue;
    try {
      generative[method] = std::make_shared<const ProposalSet>(engine_->propose_generative(
          method, y, std::max(1, engine_->config().gen_samples), engine_->generative_seed(method)));
    } catch (const std::exception&) {
      generative[method] = std::make_shared<const ProposalSet>();  // no samples: clear that cloud
    }
  }
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->buffer.focus = std::move(focus);
    if (direct) shared_->buffer.direct_focus = std::move(direct);
    for (auto& [method, set] : generative) shared_->buffer.generative_focus[method] = std::move(set);
    // Neural adjoint's candidates answer the old target: clear them (the user runs it again).
    if (shared_->adjoint_y != y) shared_->buffer.adjoint_focus = std::make_shared<const ProposalSet>();
  }
  notify();
}

void TrainingWorker::notify() {
  if (!shared_->notified.exchange(true)) emit dataReady();
}

}  // namespace ml::ui
