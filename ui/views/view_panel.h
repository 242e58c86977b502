#pragma once
/// The base of a problem's own picture (ui/views/<name>_view.*): a plot panel that may let the
/// user pick y* on it. GUI thread only; reads RunData (owned by MainWindow) in refresh().
#include <vector>

#include "ui/panels/plot_panel.h"

namespace ml::ui {

class MethodToggles;

class ViewPanel : public PlotPanel {
  Q_OBJECT
 public:
  using PlotPanel::PlotPanel;
  /// The Mixture / Direct / Adjoint overlays; null for a view without baselines.
  virtual MethodToggles* methods() const { return nullptr; }
  /// Shows y* chosen elsewhere without emitting focusTargetChosen (default: the next refresh does).
  virtual void show_focus_target(const std::vector<double>&) {}

 signals:
  /// The user chose a new target y* ([y_dim]) on this view.
  void focusTargetChosen(const std::vector<double>& y);
};

}  // namespace ml::ui
