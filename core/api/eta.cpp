#include "core/api/eta.h"

#include <algorithm>
#include <utility>

namespace ml {

double RunPlan::total_cost() const {
  double sum = 0;
  for (const auto& p : phases) sum += p.steps * p.step_cost;
  return sum;
}

RemainingTime::RemainingTime(RunPlan plan) : plan_(std::move(plan)), rate_(plan_.phases.size(), 0.0) {}

int RemainingTime::phase_index(const Progress& p) const {
  const int n = static_cast<int>(plan_.phases.size());
  // Search from the current phase on: phases run in order, and a retry's copy follows its original.
  for (int i = std::max(0, current_); i < n; ++i) {
    const PlanPhase& q = plan_.phases[static_cast<size_t>(i)];
    if (q.phase != p.phase) continue;
    if (p.phase == Phase::Inverse && !p.joint && q.network != p.network) continue;
    return i;
  }
  return -1;
}

void RemainingTime::observe(const Progress& p, double busy_s) {
  if (plan_.phases.empty()) {
    linear_step_ = p.run_step;
    linear_steps_ = p.run_steps;
    busy_ = busy_s;
    return;
  }
  int i = phase_index(p);
  if (p.phase == Phase::Done && i < 0) {  // no work after Done: the run has ended
    current_ = static_cast<int>(plan_.phases.size());
    step_ = 0;
    busy_ = busy_s;
    return;
  }
  if (i < 0) return;  // not part of the plan (a baseline's report)
  if (i == current_ && p.phase == Phase::Inverse && !p.joint && p.step < step_) {
    // A retried network starts over: its attempt is a phase of its own, right after this one.
    plan_.phases.insert(plan_.phases.begin() + i + 1, plan_.phases[static_cast<size_t>(i)]);
    rate_.insert(rate_.begin() + i + 1, 0.0);
    ++i;
  }
  if (i != current_) {
    const auto timed_phase = [&](int j) {
      const Phase ph = plan_.phases[static_cast<size_t>(j)].phase;
      return ph == Phase::Evaluate || ph == Phase::Done;
    };
    if (current_ >= 0 && timed_phase(current_)) {
      // A block without step reports ends with this report: its rate is measured now.
      const double cost = plan_.phases[static_cast<size_t>(current_)].step_cost;
      if (cost > 0 && busy_s > phase_start_)
        latest_rate_ = rate_[static_cast<size_t>(current_)] = (busy_s - phase_start_) / cost;
      phase_start_ = busy_s;
    } else {
      phase_start_ = busy_;  // a phase's last report is where it ends
    }
    current_ = i;
    step_ = 0;
    first_step_ = -1;
  }
  const bool timed = p.phase == Phase::Evaluate || p.phase == Phase::Done;  // one block, no step reports
  step_ = timed ? 0 : p.step;
  busy_ = busy_s;
  if (timed) return;
  // From the phase's first report on: a phase's start (its first steps, the previous network's
  // last pictures, a new network's frozen proposals) is slower than its steady pace.
  if (first_step_ < 0) {
    first_step_ = step_;
    first_busy_ = busy_s;
  }
  const double unit = plan_.phases[static_cast<size_t>(i)].step_cost;
  const double cost = step_ > first_step_ ? (step_ - first_step_) * unit : step_ * unit;
  const double since = step_ > first_step_ ? busy_s - first_busy_ : busy_s - phase_start_;
  if (cost > 0 && since > 0) {
    rate_[static_cast<size_t>(i)] = since / cost;
    latest_rate_ = rate_[static_cast<size_t>(i)];
  }
}

double RemainingTime::rate_for(int phase) const {
  if (rate_[static_cast<size_t>(phase)] > 0) return rate_[static_cast<size_t>(phase)];
  const PlanPhase& q = plan_.phases[static_cast<size_t>(phase)];
  // A block (the evaluation, the work after Done) runs without the GUI's live pictures between
  // steps: it is priced like the last block measured, else like the forward phase, whose reports
  // carry the least of them, never by an inverse phase slowed by them.
  if (q.phase == Phase::Evaluate || q.phase == Phase::Done) {
    for (int j = phase - 1; j >= 0; --j) {
      const Phase ph = plan_.phases[static_cast<size_t>(j)].phase;
      if ((ph == Phase::Evaluate || ph == Phase::Done) && rate_[static_cast<size_t>(j)] > 0)
        return rate_[static_cast<size_t>(j)];
    }
    for (int j = 0; j < phase; ++j)
      if (plan_.phases[static_cast<size_t>(j)].phase == Phase::Forward && rate_[static_cast<size_t>(j)] > 0)
        return rate_[static_cast<size_t>(j)];
    return latest_rate_;
  }
  // An inverse network not yet run costs what the latest inverse network did.
  for (int j = std::min(current_, phase - 1); j >= 0; --j)
    if (plan_.phases[static_cast<size_t>(j)].phase == q.phase && rate_[static_cast<size_t>(j)] > 0)
      return rate_[static_cast<size_t>(j)];
  return latest_rate_;
}

double RemainingTime::predicted_s(int phase) const {
  const PlanPhase& q = plan_.phases[static_cast<size_t>(phase)];
  return q.steps * q.step_cost * rate_for(phase);
}

double RemainingTime::remaining_s(double busy_now) const {
  const double since = std::max(0.0, busy_now - busy_);
  if (plan_.phases.empty()) {
    if (linear_step_ <= 0 || busy_ <= 0) return -1;
    return std::max(0.0, busy_ * (linear_steps_ - linear_step_) / linear_step_ - since);
  }
  const int n = static_cast<int>(plan_.phases.size());
  if (current_ >= n || finished_) return 0;
  if (current_ < 0 || latest_rate_ <= 0) return -1;
  const PlanPhase& q = plan_.phases[static_cast<size_t>(current_)];
  // The current phase: what is left of its predicted whole (the evaluation reports no steps).
  const bool timed = q.phase == Phase::Evaluate || q.phase == Phase::Done;
  double left = timed ? std::max(0.0, predicted_s(current_) - (busy_ - phase_start_))
                      : (q.steps - step_) * q.step_cost * rate_for(current_);
  for (int j = current_ + 1; j < n; ++j) left += predicted_s(j);
  return std::max(0.0, left - since);
}

double RemainingTime::fraction(double busy_now) const {
  if (plan_.phases.empty()) return linear_steps_ > 0 ? std::min(1.0, double(linear_step_) / linear_steps_) : 0.0;
  const int n = static_cast<int>(plan_.phases.size());
  if (current_ >= n || finished_) return 1.0;
  if (current_ < 0) return 0.0;
  const double total = plan_.total_cost();
  if (!(total > 0)) return 0.0;
  double done = 0;
  for (int j = 0; j < current_; ++j)
    done += plan_.phases[static_cast<size_t>(j)].steps * plan_.phases[static_cast<size_t>(j)].step_cost;
  const PlanPhase& q = plan_.phases[static_cast<size_t>(current_)];
  if (q.phase == Phase::Evaluate || q.phase == Phase::Done) {
    const double expected = predicted_s(current_);
    const double share = expected > 0 ? std::min(0.99, (busy_now - phase_start_) / expected) : 0.0;
    done += std::max(0.0, share) * q.step_cost;
  } else {
    done += std::min(step_, q.steps) * q.step_cost;
  }
  return std::min(1.0, done / total);
}

}  // namespace ml
