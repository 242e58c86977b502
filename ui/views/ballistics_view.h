#pragma once
/// Ballistics (PROBLEMS.md section 1): each network's proposed launch x = (x0, y0, angle, v0)
/// drawn as its flight from the launch point to the ground, in the network's colour (the forward
/// model's choice thicker), over the launch box and faint landing points of the prior; the
/// target landing point y* is marked on the ground, and a click on the ground chooses it.
/// GUI thread only; reads RunData (owned by MainWindow).
#include <vector>

#include "ui/views/view_panel.h"

class QLabel;
class QMouseEvent;
class QCPAbstractPlottable;
class QCPRange;

namespace ml::ui {

/// This view's entry in view_table() (view_registry.h): its problem, dock, help and factory.
const ViewSpec& ballistics_view_spec();

class BallisticsView : public ViewPanel {
  Q_OBJECT
 public:
  explicit BallisticsView(QWidget* parent = nullptr);
  QCustomPlot* plot() const override { return plot_; }
  void refresh(const RunData& data, unsigned changes) override;
  /// Trajectories drawn for y* over every method shown (for tests).
  int drawn_trajectories() const { return drawn_trajectories_; }

 private:
  void rebuild_background();
  void rebuild_flights();
  void on_click(QMouseEvent* event);
  void set_home_ranges();

  std::vector<QCPAbstractPlottable*> flights_;
  int drawn_trajectories_ = 0;
  double home_lo_ = -2, home_hi_ = 12, home_top_ = 6;  ///< the view a resize returns to (m)
};

}  // namespace ml::ui
