#include "ui/views/ballistics_view.h"

#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "core/problems/ballistics/ballistics_physics.h"
#include "ui/palette.h"
#include "ui/theme.h"
#include "ui/views/view_registry.h"
#include "ui/widgets/method_toggles.h"
#include "ui/widgets/wrapping_bar.h"

namespace ml::ui {
namespace {

constexpr int kFlightSamples = 80;
constexpr double kGroundPickPx = 24;  // a click this close to the ground (or below it) picks y*

}  // namespace

const ViewSpec& ballistics_view_spec() {
  static const ViewSpec spec = [] {
    ViewSpec s;
    s.problem = "ballistics";
    s.title = BallisticsView::tr("Ballistics trajectories");
    s.export_name = "ballistics";
    s.help = BallisticsView::tr(
        "<p>Inverse ballistics: x = (x0, y0, angle, v0) is a launch from the dashed box, y is where "
        "the projectile (with air drag) lands on the ground. Faint dots on the ground are landings "
        "of training samples.</p>"
        "<p>Click the ground to choose a landing point y* (⊕): each inverse network proposes one "
        "launch for it, drawn in its colour as its real flight to where it really lands (the legend "
        "says where). The thick flight is the one the forward model picks. A low fast throw and a "
        "high slow one can land on the same spot: several right answers.</p>");
    s.make = [](QWidget* parent) { return new BallisticsView(parent); };
    s.default_target = [](const ProblemView& v) {  // the prior's median landing: many launches reach it
      std::vector<double> y = v.prior_y;
      y.erase(std::remove_if(y.begin(), y.end(), [](double d) { return !(d == d); }), y.end());
      if (y.empty()) return std::vector<double>{};
      std::nth_element(y.begin(), y.begin() + static_cast<long>(y.size() / 2), y.end());
      return std::vector<double>{y[y.size() / 2]};
    };
    return s;
  }();
  return spec;
}

BallisticsView::BallisticsView(QWidget* parent) : ViewPanel(ballistics_view_spec(), parent) {
  build_pick_view(
      tr("Click the ground to choose the landing point y*."),
      tr("Each inverse network proposes one launch x = (x0, y0, angle, v0) for the landing point "
         "y*; its flight is drawn to where it really lands. The forward model picks the thick one."),
      tr("horizontal distance (m)"), tr("height (m)"), [this] { set_home_ranges(); }, [this] { rebuild_flights(); });
  connect(plot_, &QCustomPlot::mousePress, this, &BallisticsView::on_click);
}

void BallisticsView::refresh(const RunData& data, unsigned changes) {
  data_ = &data;
  if (changes & kProblem) rebuild_background();
  if ((changes & (kProblem | kFocus | kFocusTarget | kBaselines)) || ((changes & kLandscape) && !data.focus))
    rebuild_flights();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void BallisticsView::set_home_ranges() {
  plot_->xAxis->setRange(home_lo_, home_hi_);
  plot_->yAxis->setRange(-0.08 * home_top_, home_top_);
  fit_equal_aspect(plot_);
}

void BallisticsView::rebuild_background() {
  plot_->clearPlottables();
  plot_->clearItems();
  flights_.clear();
  if (!drawing_own_problem()) return;
  const auto& v = *data_->problem;
  // The home view: every launch box corner and prior landing, up to the prior's highest apex.
  double lo = v.info.box.lo[0], hi = v.info.box.hi[0], top = v.info.box.hi[1];
  QVector<double> land_x, land_y;
  for (size_t i = 0; i < v.prior_y.size() && (i + 1) * 4 <= v.prior_x.size(); ++i) {
    const double* x = &v.prior_x[i * 4];
    top = std::max(top, ballistics::y_at(x, ballistics::apex_time(x)));
    if (!std::isfinite(v.prior_y[i])) continue;
    lo = std::min(lo, v.prior_y[i]);
    hi = std::max(hi, v.prior_y[i]);
    land_x.push_back(v.prior_y[i]);
    land_y.push_back(0);
  }
  const double pad = 0.05 * (hi - lo);
  home_lo_ = lo - pad;
  home_hi_ = hi + pad;
  home_top_ = 1.1 * top;
  auto* landings = plot_->addGraph();
  landings->setLayer("background");
  landings->setLineStyle(QCPGraph::lsNone);
  landings->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(0, 0, 0, 25), QColor(0, 0, 0, 25), marker_size(3)));
  landings->setName(tr("landing points (prior)"));
  landings->setData(land_x, land_y);
  auto* ground = new QCPItemStraightLine(plot_);
  ground->setLayer("background");
  ground->point1->setCoords(0, 0);
  ground->point2->setCoords(1, 0);
  ground->setPen(QPen(QColor(120, 90, 50), line_width(2.5)));
  auto* box = new QCPItemRect(plot_);  // where the prior launches from
  box->setLayer("background");
  box->topLeft->setCoords(v.info.box.lo[0], v.info.box.hi[1]);
  box->bottomRight->setCoords(v.info.box.hi[0], v.info.box.lo[1]);
  box->setPen(QPen(QColor(90, 90, 90), line_width(1), Qt::DashLine));
  set_home_ranges();
}

void BallisticsView::rebuild_flights() {
  for (auto* p : flights_) plot_->removePlottable(p);
  flights_.clear();
  drawn_trajectories_ = 0;
  if (!drawing_own_problem()) return;
  const auto add_flight = [&](const double* x, const QPen& pen, const QString& name) {
    const auto points = ballistics::trajectory(x, kFlightSamples);
    auto* curve = new QCPCurve(plot_->xAxis, plot_->yAxis);
    QVector<double> t, h, v;
    for (size_t i = 0; i < points.size(); ++i) {
      t.push_back(static_cast<double>(i));
      h.push_back(points[i][0]);
      v.push_back(points[i][1]);
    }
    if (points.empty()) {  // never lands: its launch point alone
      t = {0};
      h = {x[0]};
      v = {x[1]};
    }
    curve->setData(t, h, v);
    curve->setPen(pen);
    curve->setName(points.empty() ? name + tr(" (never lands)") : name);
    flights_.push_back(curve);
    auto* launch = plot_->addGraph();  // the launch point, as the arm view marks joints
    launch->setLineStyle(QCPGraph::lsNone);
    launch->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(pen.color(), line_width(1.5)), Qt::white, marker_size(7)));
    launch->setData({x[0]}, {x[1]});
    launch->removeFromLegend();
    flights_.push_back(launch);
    ++drawn_trajectories_;
  };
  if (const auto& na = data_->adjoint_focus; methods_->adjoint() && na && na->targets > 0 && na->x_dim == 4)
    add_flight(na->x_at(0, 0), QPen(adjoint_color(), line_width(2.4), Qt::DotLine),
               tr("neural adjoint best: resim %1").arg(na->resim_at(0, 0), 0, 'e', 1));
  if (const auto& d = data_->direct_focus; methods_->direct() && d && d->targets > 0 && d->x_dim == 4)
    add_flight(d->x_at(0, 0), QPen(direct_color(), line_width(2.4), Qt::DashLine),
               tr("direct regression: resim %1").arg(d->resim_at(0, 0), 0, 'e', 1));
  if (const auto& ff = data_->forward_focus;
      !data_->focus && ff && ff->y == data_->focus_y && ff->x.size() == 4 && ff->fy.size() == 1) {
    // While f learns: a training launch landing near y*, and where f, as it is now, lands it.
    add_flight(ff->x.data(), QPen(QColor(120, 120, 120), line_width(1.6), Qt::DashLine),
               tr("a training launch near y*"));
    auto* predicted = plot_->addGraph();
    predicted->setLineStyle(QCPGraph::lsNone);
    predicted->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, QPen(QColor(214, 39, 40), line_width(2.2)),
                                               Qt::NoBrush, marker_size(14)));
    predicted->setData({ff->fy[0]}, {0.0});
    predicted->setName(tr("f, still learning: its landing"));
    flights_.push_back(predicted);
  }
  if (methods_->mixture() && data_->focus && data_->focus->targets > 0 && data_->focus->x_dim == 4) {
    const auto& p = *data_->focus;
    const int selected = p.selected.empty() ? -1 : p.selected[0];
    const int shown =
        data_->chosen_network >= 0 && data_->chosen_network < p.networks ? data_->chosen_network : selected;
    for (int m = 0; m < p.networks; ++m) {
      const bool chosen = m == shown;
      add_flight(p.x_at(m, 0), QPen(network_color(m), line_width(chosen ? 4.0 : 2.0)),
                 tr("g%1: lands at %2 m%3")
                     .arg(m + 1)
                     .arg(p.sy_at(m, 0)[0], 0, 'f', 2)
                     .arg(m == selected ? tr("  (selected)")
                          : chosen      ? tr("  (shown)")
                                        : QString()));
    }
  }
  if (data_->focus_y.size() == 1) {
    auto* mark = plot_->addGraph();
    mark->setLineStyle(QCPGraph::lsNone);
    mark->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCrossCircle, QPen(Qt::black, line_width(2)), Qt::NoBrush, marker_size(16)));
    mark->setData({data_->focus_y[0]}, {0.0});
    mark->setName(tr("target landing y* = %1 m").arg(data_->focus_y[0], 0, 'f', 2));
    flights_.push_back(mark);
  }
}

void BallisticsView::on_click(QMouseEvent* event) {
  if (!drawing_own_problem() || event->button() != Qt::LeftButton) return;
  // The ground, not the sky: a landing point is a place on the ground.
  const double ground_px = plot_->yAxis->coordToPixel(0.0);
  if (event->pos().y() < ground_px - kGroundPickPx) return;
  emit focusTargetChosen({plot_->xAxis->pixelToCoord(event->pos().x())});
}

}  // namespace ml::ui
