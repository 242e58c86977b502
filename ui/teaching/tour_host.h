#pragma once
/// What the guided tour drives, so that the tour knows no MainWindow (the main window implements
/// it, and a test may too). GUI thread only; the host outlives the tour panel.
#include <vector>

#include "core/api/config.h"

namespace ml::ui {

class TrainingRunner;

class TourHost {
 public:
  /// The run the tour paces itself by (stateChanged, baselineFinished); owned by the host.
  virtual TrainingRunner* runner() const = 0;
  /// Stops a busy run; stateChanged tells when it has stopped.
  virtual void stop() = 0;
  /// Shows a scene's configuration in the controls (the next start uses it).
  virtual void set_controls(const Config& config) = 0;
  /// Starts a run with the controls' configuration; its model is a demonstration, never unsaved
  /// work. False (after a message) when refused.
  virtual bool start_scene_run() = 0;
  /// The baselines on the finished model; false when they cannot start now.
  virtual bool run_direct_regression() = 0;
  virtual bool run_neural_adjoint() = 0;
  /// Which methods the manifold and arm panels overlay.
  virtual void set_method_toggles(bool mixture, bool direct, bool adjoint) = 0;
  /// The target y* whose proposals the panels highlight.
  virtual void set_focus_target(const std::vector<double>& y) = 0;

 protected:
  ~TourHost() = default;  // not owned through this interface
};

}  // namespace ml::ui
