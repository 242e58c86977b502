#pragma once
/// Learning-rate schedules as plain arithmetic (torch-free, unit-testable).
#include <string>

namespace ml {

/// constant: base lr throughout.
/// plateau: ReduceLROnPlateau(factor 0.5, patience 10, relative threshold 1e-4) on the epoch's
///          mean training loss (METHOD.md section 2).
/// onecycle: PyTorch's OneCycleLR shape: from base/25 up to base over the first 30 % of steps,
///           cosine down to base/25/1e4 at the last step.
/// cosine:   cosine from base to 0 over all steps.
class LrSchedule {
 public:
  LrSchedule(std::string kind, double base_lr, long total_steps);
  /// The lr as a multiple of the base lr, for the given 0-based step.
  double factor(long step) const;
  /// Call once per epoch with that epoch's mean loss (only plateau reacts).
  void end_epoch(double mean_loss);
  const std::string& kind() const { return kind_; }

  static constexpr double kPlateauFactor = 0.5;
  static constexpr int kPlateauPatience = 10;
  static constexpr double kPlateauThreshold = 1e-4;

 private:
  std::string kind_;
  double base_lr_;
  long total_steps_;
  double plateau_factor_ = 1.0;
  double best_ = 0.0;
  bool has_best_ = false;
  int bad_epochs_ = 0;
};

}  // namespace ml
