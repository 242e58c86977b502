#pragma once
/// Robot-arm poses: click a target in the arm's workspace and see the k proposed arms (rail
/// offset, three links, joints) in their network colours, the forward model's choice drawn
/// thicker, each proposal's re-simulation error in the legend, over faint reachable end points.
/// A click emits focusTargetChosen ([y_h, y_v]). GUI thread only; reads RunData (owned by MainWindow).
#include <vector>

#include "ui/views/view_panel.h"

class QLabel;
class QMouseEvent;
class QCPAbstractPlottable;

namespace ml::ui {

/// This view's entry in view_table() (view_registry.h): its problem, dock, help and factory.
const ViewSpec& robot_arm_view_spec();

class RobotArmView : public ViewPanel {
  Q_OBJECT
 public:
  explicit RobotArmView(QWidget* parent = nullptr);
  QCustomPlot* plot() const override { return plot_; }
  void refresh(const RunData& data, unsigned changes) override;
  /// Arms drawn for the current target, over every method shown (for tests).
  int drawn_arms() const { return drawn_arms_; }

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void rebuild_background();
  void rebuild_arms();
  void on_click(QMouseEvent* event);
  void keep_aspect();
  void set_home_ranges();  ///< the workspace the view returns to

  std::vector<QCPAbstractPlottable*> arm_plottables_;
  int drawn_arms_ = 0;
};

}  // namespace ml::ui
