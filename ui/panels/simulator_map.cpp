#include "ui/panels/simulator_map.h"

#include <QCoreApplication>
#include <cmath>

#include "ui/views/view_registry.h"
#include "ui/worker/run_data.h"

namespace ml::ui {
namespace {

// The manifold panel's context: these texts were its own before the map had a file.
QString tr(const char* text) { return QCoreApplication::translate("ml::ui::ManifoldPanel", text); }

/// The colour scale's name for the simulator (ViewSpec::map_label).
QString true_map_label(const ProblemView& v) {
  return v.view && !v.view->map_label.isEmpty() ? v.view->map_label : tr("true y");
}

}  // namespace

void SimulatorMap::clear() {
  heatmap_ = nullptr;
  label_ = nullptr;
  learned_shown_ = false;
  if (scale_) {
    plot_->plotLayout()->remove(scale_);
    plot_->plotLayout()->simplify();
    scale_ = nullptr;
  }
}

void SimulatorMap::build(const RunData& data) {
  if (!data.problem || data.problem->grid_n < 2) return;
  const ProblemView& v = *data.problem;
  const auto& box = v.info.box;
  heatmap_ = new QCPColorMap(plot_->xAxis, plot_->yAxis);
  heatmap_->setLayer("background");
  heatmap_->data()->setSize(v.grid_n, v.grid_n);
  heatmap_->data()->setRange(QCPRange(box.lo[0], box.hi[0]), QCPRange(box.lo[1], box.hi[1]));
  for (int r = 0; r < v.grid_n; ++r)
    for (int c = 0; c < v.grid_n; ++c) heatmap_->data()->setCell(c, r, v.grid_y[static_cast<size_t>(r) * v.grid_n + c]);
  heatmap_->setName(tr("true y"));
  heatmap_->removeFromLegend();
  scale_ = new QCPColorScale(plot_);
  scale_->setType(QCPAxis::atRight);
  scale_->axis()->setLabel(true_map_label(v));
  plot_->plotLayout()->addElement(0, 1, scale_);
  heatmap_->setColorScale(scale_);  // first: the map adopts the scale's gradient and range
  // Light greys, so that the network colours and the level set stay readable on top.
  QCPColorGradient gradient;
  gradient.clearColorStops();
  gradient.setColorStopAt(0, QColor(140, 140, 140));
  gradient.setColorStopAt(1, QColor(252, 252, 252));
  heatmap_->setGradient(gradient);
  heatmap_->rescaleDataRange(true);
  true_range_ = heatmap_->dataRange();
  label_ = new QCPItemText(plot_);
  label_->setLayer("focus");
  label_->position->setType(QCPItemPosition::ptAxisRectRatio);
  label_->position->setCoords(0.5, 0.0);  // the top margin: the box sits inside the home ranges' padding
  label_->setPositionAlignment(Qt::AlignTop | Qt::AlignHCenter);
  label_->setPadding(QMargins(4, 1, 4, 1));
  label_->setBrush(QColor(255, 255, 255, 220));
  label_->setFont(plot_->legend->font());  // the theme's, like the legend
  update(data);
}

void SimulatorMap::update(const RunData& data) {
  if (!heatmap_ || !data.problem) return;
  const ProblemView& v = *data.problem;
  const auto& f = data.landscape;
  const bool learning = f && data.has_progress && data.progress.phase == Phase::Forward &&
                        f->size() == static_cast<size_t>(v.landscape_n) * v.landscape_n;
  if (learning) {
    label_->setText(
        tr("forward model f, learning (epoch %1 of %2)").arg(data.progress.epoch).arg(data.progress.epochs));
    label_->setColor(QColor(150, 60, 0));
  } else {
    label_->setText(tr("true simulator"));
    label_->setColor(Qt::black);
  }
  // The cells change only with a new landscape, or when the map switches between f and the truth.
  if (learning == learned_shown_ && (!learning || f == shown_landscape_)) return;
  learned_shown_ = learning;
  shown_landscape_ = learning ? f : nullptr;
  const int n = learning ? v.landscape_n : v.grid_n;
  const std::vector<double>& values = learning ? *f : v.grid_y;
  const auto& box = v.info.box;
  heatmap_->data()->setSize(n, n);
  heatmap_->data()->setRange(QCPRange(box.lo[0], box.hi[0]), QCPRange(box.lo[1], box.hi[1]));
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) heatmap_->data()->setCell(c, r, values[static_cast<size_t>(r) * n + c]);
  heatmap_->setDataRange(true_range_);  // one scale for both: f's colours are the truth's values
  scale_->axis()->setLabel(learning ? tr("forward model f(x) while it learns") : true_map_label(v));
}

void level_set_points(const ProblemView& v, double target, QVector<double>& keys, QVector<double>& values) {
  const int n = v.grid_n;
  if (n < 2) return;
  const auto& box = v.info.box;
  const double dx = (box.hi[0] - box.lo[0]) / (n - 1), dy = (box.hi[1] - box.lo[1]) / (n - 1);
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      const double here = v.grid_y[static_cast<size_t>(r) * n + c] - target;
      if (c + 1 < n) {
        const double right = v.grid_y[static_cast<size_t>(r) * n + c + 1] - target;
        if ((here < 0) != (right < 0)) {
          keys.push_back(box.lo[0] + (c + here / (here - right)) * dx);
          values.push_back(box.lo[1] + r * dy);
        }
      }
      if (r + 1 < n) {
        const double up = v.grid_y[static_cast<size_t>(r + 1) * n + c] - target;
        if ((here < 0) != (up < 0)) {
          keys.push_back(box.lo[0] + c * dx);
          values.push_back(box.lo[1] + (r + here / (here - up)) * dy);
        }
      }
    }
}

std::optional<double> grid_value_at(const ProblemView& v, double x1, double x2) {
  const int n = v.grid_n;
  if (n < 2) return std::nullopt;
  const auto& b = v.info.box;
  const int c = static_cast<int>(std::lround((x1 - b.lo[0]) / (b.hi[0] - b.lo[0]) * (n - 1)));
  const int r = static_cast<int>(std::lround((x2 - b.lo[1]) / (b.hi[1] - b.lo[1]) * (n - 1)));
  if (c < 0 || r < 0 || c >= n || r >= n) return std::nullopt;
  return v.grid_y[static_cast<size_t>(r) * n + c];
}

}  // namespace ml::ui
