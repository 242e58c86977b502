#pragma once
/// The base of a problem's own picture (ui/views/<name>_view.*): a plot panel that knows which
/// problem it draws (its ViewSpec) and may let the user pick y* on it. GUI thread only; reads
/// RunData (owned by MainWindow) in refresh().
#include <functional>
#include <vector>

#include "ui/panels/plot_panel.h"

class QLabel;

namespace ml::ui {

class MethodToggles;
struct ViewSpec;

class ViewPanel : public PlotPanel {
  Q_OBJECT
 public:
  /// `spec` is the view's own entry (a static in its file), so it outlives the panel.
  explicit ViewPanel(const ViewSpec& spec, QWidget* parent = nullptr);
  /// The entry this view draws: problem, dock title, export name, help.
  const ViewSpec& spec() const { return spec_; }
  /// The spec's export name, which is also the help key.
  QString export_name() const override;
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
  /// True when refresh() last gave data whose problem is this view's (ViewSpec::problem); the
  /// views draw nothing else.
  bool drawing_own_problem() const;

  const RunData* data_ = nullptr;  ///< set by each view's refresh(); owned by MainWindow
  QCustomPlot* plot_ = nullptr;
  QLabel* hint_ = nullptr;
  MethodToggles* methods_ = nullptr;

 private:
  const ViewSpec& spec_;
};

}  // namespace ml::ui
