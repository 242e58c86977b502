#include "core/nn/schedule.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/api/config.h"

namespace ml {

LrSchedule::LrSchedule(std::string kind, double base_lr, long total_steps)
    : kind_(std::move(kind)), base_lr_(base_lr), total_steps_(std::max(1L, total_steps)) {
  const auto& known = lr_schedule_choices();
  if (std::find(known.begin(), known.end(), kind_) == known.end())
    throw std::invalid_argument("unknown lr schedule '" + kind_ + "'");
}

double LrSchedule::factor(long step) const {
  const double t = std::clamp(static_cast<double>(step) / std::max(1L, total_steps_ - 1), 0.0, 1.0);
  auto cosine = [](double from, double to, double u) { return to + (from - to) * 0.5 * (1.0 + std::cos(M_PI * u)); };
  if (kind_ == "plateau") return plateau_factor_;
  if (kind_ == "cosine") return cosine(1.0, 0.0, t);
  if (kind_ == "onecycle") {
    constexpr double pct = 0.3, start = 1.0 / 25.0, end = start / 1e4;
    return t < pct ? cosine(start, 1.0, t / pct) : cosine(1.0, end, (t - pct) / (1.0 - pct));
  }
  return 1.0;
}

void LrSchedule::end_epoch(double mean_loss) {
  if (kind_ != "plateau" || !std::isfinite(mean_loss)) return;
  // PyTorch's default: mode min, threshold_mode rel.
  if (!has_best_ || mean_loss < best_ * (1.0 - kPlateauThreshold)) {
    best_ = mean_loss;
    has_best_ = true;
    bad_epochs_ = 0;
  } else if (++bad_epochs_ > kPlateauPatience) {
    plateau_factor_ *= kPlateauFactor;
    bad_epochs_ = 0;
  }
}

}  // namespace ml
