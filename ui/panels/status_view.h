#pragma once
/// The status bar's permanent part: phase ("forward model", "inverse network 2 of 4"), a
/// progress bar with ETA, and the device and thread count. GUI thread only; Qt ownership.
#include <QElapsedTimer>
#include <QWidget>

#include "ui/worker/run_data.h"
#include "ui/worker/training_runner.h"

class QLabel;
class QProgressBar;

namespace ml::ui {

class StatusView : public QWidget {
  Q_OBJECT
 public:
  explicit StatusView(QWidget* parent = nullptr);
  /// paused_s: time spent paused in this run, left out of the ETA.
  void update_view(RunState state, const RunData& data, double paused_s);
  QString phase_text() const;
  /// The progress bar's text ("37% · ETA 2:01").
  QString progress_text() const;

 private:
  QLabel* phase_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* device_ = nullptr;
  /// The run's remaining time by phase (core/api/eta.h), made anew for each engine's problem view.
  RemainingTime eta_, linear_;  ///< linear_: a baseline's run, one phase of equal steps
  Phase linear_phase_ = Phase::Done;
  int linear_network_ = -2;
  long linear_step_ = 0;
  const ProblemView* eta_of_ = nullptr;
  double reported_elapsed_ = -1, reported_busy_ = 0;
  QElapsedTimer since_report_;  ///< the ETA counts down between reports
  /// The last update's arguments: a timer redraws the countdown where no snapshot comes (the evaluation).
  RunState state_ = RunState::Idle;
  const RunData* data_ = nullptr;
  double paused_s_ = 0;
};

}  // namespace ml::ui
