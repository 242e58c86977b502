#include "ui/worker/run_data.h"

#include <algorithm>
#include <cmath>

namespace ml::ui {

bool RunData::focus_is_current() const {
  if (!focus || focus->targets < 1 || focus->y.size() < focus_y.size() || focus_y.empty()) return false;
  for (size_t i = 0; i < focus_y.size(); ++i)
    if (!(std::abs(focus->y[i] - focus_y[i]) <= 1e-6 * std::max(1.0, std::abs(focus_y[i])))) return false;
  return focus->y.size() == focus_y.size();
}

unsigned RunData::apply(Snapshot&& s) {
  unsigned changed = kNone;
  if (s.reset) {
    problem.reset();
    curves.clear();
    has_progress = false;
    sweep.reset();
    preview_sweep.reset();
    focus.reset();
    metrics.reset();
    test.reset();
    landscape.reset();
    forward_focus.reset();
    chosen_network = -1;
    direct_sweep.reset();
    direct_focus.reset();
    adjoint_focus.reset();
    generative_focus.clear();
    changed |= kProblem | kLosses | kProgress | kSweep | kFocus | kMetrics | kBaselines | kLandscape;
  }
  if (s.problem) {
    problem = std::move(s.problem);
    changed |= kProblem;
  }
  for (const auto& p : s.losses) {
    const size_t index = static_cast<size_t>(p.network + 1);
    if (curves.size() <= index) curves.resize(index + 1);
    curves[index].push_back(p);
  }
  if (!s.losses.empty()) changed |= kLosses;
  if (s.has_progress) {
    has_progress = true;
    progress = s.progress;
    changed |= kProgress;
  }
  if (s.preview_sweep && !sweep) {
    preview_sweep = std::move(s.preview_sweep);
    changed |= kSweep;
  }
  if (s.sweep) {
    sweep = std::move(s.sweep);
    preview_sweep.reset();
    changed |= kSweep;
  }
  if (s.focus) {
    focus = std::move(s.focus);
    changed |= kFocus;
  }
  if (s.landscape) {
    landscape = std::move(s.landscape);
    changed |= kLandscape;
  }
  if (s.forward_focus) {
    forward_focus = std::move(s.forward_focus);
    changed |= kLandscape;
  }
  if (s.metrics) {
    metrics = std::move(s.metrics);
    changed |= kMetrics;
  }
  if (s.test) {
    test = std::move(s.test);
    changed |= kMetrics;
  }
  const auto take = [&](std::shared_ptr<const ProposalSet>& from, std::shared_ptr<const ProposalSet>& to) {
    if (!from) return;
    to = from->targets > 0 ? std::move(from) : nullptr;
    changed |= kBaselines;
  };
  take(s.direct_sweep, direct_sweep);
  take(s.direct_focus, direct_focus);
  take(s.adjoint_focus, adjoint_focus);
  for (auto& [method, set] : s.generative_focus) {
    if (set && set->targets > 0)
      generative_focus[method] = std::move(set);
    else
      generative_focus.erase(method);
    changed |= kBaselines;
  }
  return changed;
}

size_t RunData::loss_points() const {
  size_t n = 0;
  for (const auto& c : curves) n += c.size();
  return n;
}

int RunData::inverse_curves() const {
  int n = 0;
  for (size_t i = 1; i < curves.size(); ++i)
    if (!curves[i].empty()) ++n;
  return n;
}

}  // namespace ml::ui
