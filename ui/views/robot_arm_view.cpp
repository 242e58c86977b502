#include "ui/views/robot_arm_view.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <qcustomplot.h>

#include "core/problems/robot_arm_geometry.h"
#include "ui/palette.h"
#include "ui/theme.h"
#include "ui/views/view_registry.h"
#include "ui/widgets/method_toggles.h"
#include "ui/widgets/wrapping_bar.h"

namespace ml::ui {

const ViewSpec& robot_arm_view_spec() {
  static const ViewSpec spec = [] {
    ViewSpec s;
    s.problem = "robot-arm";
    s.title = RobotArmView::tr("Robot-arm poses");
    s.export_name = "arm";
    s.help = RobotArmView::tr(
        "<p>The robot arm: x = (rail offset, θ1, θ2, θ3) sets the arm, y is where its tip ends up. "
        "Grey dots are tips of training samples (where the arm can reach); the grey bar is the rail "
        "its base slides on.</p>"
        "<p>Click a target (⊕): each inverse network proposes one pose for it, in its colour. The "
        "legend gives each pose's re-simulation error, how far the real arm's tip lands from the "
        "target. The thick arm is the one the forward model picks.</p>"
        "<p>Many poses reach the same point: that is why one regression network fails here.</p>");
    s.make = [](QWidget* parent) { return new RobotArmView(parent); };
    s.default_target = [](const ProblemView&) { return std::vector<double>{1.4, 0.3}; };  // reached several ways
    return s;
  }();
  return spec;
}

RobotArmView::RobotArmView(QWidget* parent) : ViewPanel(robot_arm_view_spec(), parent) {
  build_pick_view(
      tr("Click a target end point in the workspace."),
      tr("Each inverse network proposes one arm configuration x = (rail offset, θ1, θ2, θ3) "
         "for the clicked end point; the forward model picks the thick one."),
      tr("horizontal position y_h"), tr("vertical position y_v"), [this] { set_home_ranges(); },
      [this] { rebuild_arms(); });
  connect(plot_, &QCustomPlot::mousePress, this, &RobotArmView::on_click);
}

void RobotArmView::refresh(const RunData& data, unsigned changes) {
  data_ = &data;
  if (changes & kProblem) rebuild_background();
  if ((changes & (kProblem | kFocus | kFocusTarget | kBaselines)) || ((changes & kLandscape) && !data.focus))
    rebuild_arms();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void RobotArmView::resizeEvent(QResizeEvent* event) {
  ViewPanel::resizeEvent(event);
  keep_aspect();
}

void RobotArmView::set_home_ranges() {
  plot_->xAxis->setRange(-0.6, 2.3);
  plot_->yAxis->setRange(-1.6, 1.6);
}

void RobotArmView::keep_aspect() {
  set_home_ranges();
  // Lengths must look like lengths: one unit is as long on both axes.
  fit_equal_aspect(plot_);
}

void RobotArmView::rebuild_background() {
  plot_->clearPlottables();
  plot_->clearItems();
  arm_plottables_.clear();
  const bool arm = drawing_own_problem();
  hint_->setText(arm ? tr("Click a target end point in the workspace.")
                     : tr("Arm poses are drawn when the problem is the robot arm."));
  if (!arm) return;
  const auto& v = *data_->problem;
  auto* reach = plot_->addGraph();
  reach->setLayer("background");
  reach->setLineStyle(QCPGraph::lsNone);
  reach->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(0, 0, 0, 30), QColor(0, 0, 0, 30), marker_size(2.5)));
  reach->setName(tr("reachable end points (prior)"));
  QVector<double> h, vv;
  for (size_t i = 0; i + 1 < v.prior_y.size(); i += 2) {
    h.push_back(v.prior_y[i]);
    vv.push_back(v.prior_y[i + 1]);
  }
  reach->setData(h, vv);
  // The rail the base slides on: x1 within the domain box.
  auto* rail = new QCPItemLine(plot_);
  rail->setLayer("background");
  rail->start->setCoords(0, v.info.box.lo[0]);
  rail->end->setCoords(0, v.info.box.hi[0]);
  rail->setPen(QPen(QColor(120, 120, 120), line_width(5), Qt::SolidLine, Qt::RoundCap));
  keep_aspect();
}

void RobotArmView::rebuild_arms() {
  for (auto* p : arm_plottables_) plot_->removePlottable(p);
  arm_plottables_.clear();
  drawn_arms_ = 0;
  if (!drawing_own_problem()) return;
  const auto& target = data_->focus_y;
  const auto add_arm = [&](const double* x, const QPen& pen, double joint_size, const QString& name) {
    const auto joints = ml::arm::joints(x);
    auto* curve = new QCPCurve(plot_->xAxis, plot_->yAxis);
    QVector<double> t, h, v;
    for (size_t j = 0; j < joints.size(); ++j) {
      t.push_back(static_cast<double>(j));
      h.push_back(joints[j][0]);
      v.push_back(joints[j][1]);
    }
    curve->setData(t, h, v);
    curve->setPen(pen);
    curve->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(pen.color(), line_width(1.5)), Qt::white,
                                           marker_size(joint_size)));
    if (name.isEmpty())
      curve->removeFromLegend();
    else
      curve->setName(name);
    arm_plottables_.push_back(curve);
    ++drawn_arms_;
  };
  if (const auto& na = data_->adjoint_focus; methods_->adjoint() && na && na->targets > 0 && na->x_dim == 4) {
    // The five best candidates: enough to show several poses without hiding the mixture's.
    const int shown = std::min(na->networks, 5);
    for (int m = shown - 1; m >= 0; --m)
      add_arm(
          na->x_at(m, 0),
          QPen(adjoint_color(), line_width(m == 0 ? 3.0 : 1.4), m == 0 ? Qt::SolidLine : Qt::DotLine, Qt::RoundCap,
               Qt::RoundJoin),
          m == 0 ? 6 : 4,
          m == 0
              ? tr("neural adjoint best: resim %1 (%2 more dotted)").arg(na->resim_at(0, 0), 0, 'e', 1).arg(shown - 1)
              : QString());
  }
  if (const auto& d = data_->direct_focus; methods_->direct() && d && d->targets > 0 && d->x_dim == 4)
    add_arm(d->x_at(0, 0), QPen(direct_color(), line_width(2.6), Qt::DashLine, Qt::RoundCap, Qt::RoundJoin), 6,
            tr("direct regression: resim %1").arg(d->resim_at(0, 0), 0, 'e', 1));
  if (const auto& ff = data_->forward_focus;
      !data_->focus && ff && ff->y == target && ff->x.size() == 4 && ff->fy.size() == 2) {
    // While f learns: a pose that reaches near y* and where f, as it is now, puts its end point.
    add_arm(ff->x.data(), QPen(QColor(120, 120, 120), line_width(1.6), Qt::DashLine, Qt::RoundCap, Qt::RoundJoin), 5,
            tr("a training pose near y*"));
    auto* predicted = plot_->addGraph();
    predicted->setLineStyle(QCPGraph::lsNone);
    predicted->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, QPen(QColor(214, 39, 40), line_width(2.2)),
                                               Qt::NoBrush, marker_size(14)));
    predicted->setData({ff->fy[0]}, {ff->fy[1]});
    predicted->setName(tr("f, still learning: its end point"));
    arm_plottables_.push_back(predicted);
  }
  if (methods_->mixture() && data_->focus && data_->focus->x_dim == 4) {
    const auto& p = *data_->focus;
    const int selected = p.selected.empty() ? -1 : p.selected[0];
    const int shown =
        data_->chosen_network >= 0 && data_->chosen_network < p.networks ? data_->chosen_network : selected;
    for (int m = 0; m < p.networks; ++m) {
      const bool chosen = m == shown;
      QColor c = network_color(m);
      if (!chosen) c.setAlpha(190);
      add_arm(p.x_at(m, 0), QPen(c, line_width(chosen ? 5.0 : 2.2), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin),
              chosen ? 9 : 6,
              tr("g%1: resim %2%3")
                  .arg(m + 1)
                  .arg(p.resim_at(m, 0), 0, 'e', 1)
                  .arg(m == selected ? tr("  (selected)")
                       : chosen      ? tr("  (shown)")
                                     : QString()));
    }
  }
  if (target.size() == 2) {
    auto* mark = plot_->addGraph();
    mark->setLineStyle(QCPGraph::lsNone);
    mark->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCrossCircle, QPen(Qt::black, line_width(2)), Qt::NoBrush, marker_size(16)));
    mark->setData({target[0]}, {target[1]});
    mark->setName(tr("target y* = (%1, %2)").arg(target[0], 0, 'f', 2).arg(target[1], 0, 'f', 2));
    arm_plottables_.push_back(mark);
  }
}

void RobotArmView::on_click(QMouseEvent* event) {
  if (!drawing_own_problem() || event->button() != Qt::LeftButton) return;
  const double h = plot_->xAxis->pixelToCoord(event->pos().x());
  const double v = plot_->yAxis->pixelToCoord(event->pos().y());
  emit focusTargetChosen({h, v});
}

}  // namespace ml::ui
