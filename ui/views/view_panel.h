#pragma once
/// The base of a problem's own picture (ui/views/<name>_view.*): a plot panel that may let the
/// user pick y* on it. GUI thread only; reads RunData (owned by MainWindow) in refresh().
#include <functional>
#include <vector>

#include "ui/panels/plot_panel.h"

class QLabel;

namespace ml::ui {

class MethodToggles;

class ViewPanel : public PlotPanel {
  Q_OBJECT
 public:
  using PlotPanel::PlotPanel;
  /// The Mixture / Direct / Adjoint overlays; null for a view without baselines.
  virtual MethodToggles* methods() const { return methods_; }
  /// Shows y* chosen elsewhere without emitting focusTargetChosen (default: the next refresh does).
  virtual void show_focus_target(const std::vector<double>&) {}

 signals:
  /// The user chose a new target y* ([y_dim]) on this view.
  void focusTargetChosen(const std::vector<double>& y);

 protected:
  /// The layout of a view whose plot y* is clicked on: the hint with the method toggles beside it,
  /// above a zoomable plot in equal units (a click picks, so no dragging). `home` sets the ranges
  /// a resize returns to; `redraw` redraws the overlays when a toggle changes. Sets hint_,
  /// methods_ and plot_.
  void build_pick_view(const QString& hint, const QString& tooltip, const QString& x_label, const QString& y_label,
                       std::function<void()> home, std::function<void()> redraw);

  QCustomPlot* plot_ = nullptr;
  QLabel* hint_ = nullptr;
  MethodToggles* methods_ = nullptr;
};

}  // namespace ml::ui
