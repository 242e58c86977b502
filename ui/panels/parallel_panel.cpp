#include "ui/panels/parallel_panel.h"

#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "core/api/candidates.h"
#include "ui/palette.h"
#include "ui/theme.h"

namespace ml::ui {
namespace {
constexpr size_t kTrainingLines = 150;  // enough to see where f was trained, few enough to stay faint
}

ParallelPanel::ParallelPanel(QWidget* parent) : PlotPanel(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  plot_ = make_plot(this);
  plot_->setInteractions(QCP::Interactions());
  plot_->yAxis->setLabel(tr("position in the box"));
  set_legend_outside(plot_, true, LegendGoal::MostData);
  layout->addWidget(plot_, 1);
  install_plot_menu(plot_);
}

void ParallelPanel::refresh(const RunData& data, unsigned changes) {
  data_ = &data;
  if (changes & (kProblem | kFocus | kFocusTarget | kSweep)) rebuild();
}

void ParallelPanel::rebuild() {
  plot_->clearPlottables();
  plot_->clearItems();
  drawn_lines_ = 0;
  if (!data_ || !data_->problem || data_->problem->info.x_dim < 2) {
    plot_->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  const ProblemInfo& info = data_->problem->info;
  const int d = info.x_dim;
  const Box& box = info.box;
  if (static_cast<int>(box.lo.size()) != d || static_cast<int>(box.hi.size()) != d) return;
  const auto unit = [&](int i, double v) {
    const double w = box.hi[static_cast<size_t>(i)] - box.lo[static_cast<size_t>(i)];
    return w > 0 ? (v - box.lo[static_cast<size_t>(i)]) / w : 0.5;
  };
  // Names under the axes, each axis's box ends at its top and bottom: eight labels with their
  // ranges would not fit under a narrow dock.
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  bool one_unit = !info.x_units.empty();
  for (int i = 0; i < d; ++i) {
    const size_t k = static_cast<size_t>(i);
    ticker->addTick(i, QString::fromStdString(k < info.x_names.size() ? info.x_names[k] : "x" + std::to_string(i + 1)));
    one_unit = one_unit && k < info.x_units.size() && info.x_units[k] == info.x_units[0];
    for (const bool top : {true, false}) {
      auto* end = new QCPItemText(plot_);
      end->position->setCoords(i, top ? 1 : 0);
      end->setPositionAlignment(Qt::AlignHCenter | (top ? Qt::AlignBottom : Qt::AlignTop));
      end->setText(QString::number(top ? box.hi[k] : box.lo[k], 'g', 3));
      QFont small = plot_->xAxis->tickLabelFont();
      small.setPointSizeF(small.pointSizeF() * 0.85);
      end->setFont(small);
      end->setColor(QColor(90, 90, 90));
    }
  }
  plot_->xAxis->setTicker(ticker);
  plot_->xAxis->setLabel(one_unit && !info.x_units[0].empty()
                             ? tr("x (%1), each axis over its box").arg(QString::fromStdString(info.x_units[0]))
                             : tr("x, each axis over its box"));
  plot_->xAxis->setRange(-0.3, d - 0.7);
  auto* band = new QCPItemRect(plot_);  // the box: every valid x lies in [0, 1] on each axis
  band->topLeft->setCoords(-0.3, 1);
  band->bottomRight->setCoords(d - 0.7, 0);
  band->setPen(QPen(QColor(150, 150, 150), line_width(1.0), Qt::DashLine));
  band->setBrush(QColor(235, 235, 235, 120));
  band->setLayer("background");
  QVector<double> keys;
  for (int i = 0; i < d; ++i) keys.push_back(i);
  const auto line = [&](const double* x, const QPen& pen) {
    auto* curve = new QCPCurve(plot_->xAxis, plot_->yAxis);
    QVector<double> values;
    for (int i = 0; i < d; ++i) values.push_back(unit(i, x[i]));
    curve->setData(keys, values);
    curve->setPen(pen);
    curve->removeFromLegend();
    return curve;
  };
  const auto& prior = data_->problem->prior_x;
  const size_t n_prior = std::min(kTrainingLines, prior.size() / static_cast<size_t>(d));
  for (size_t r = 0; r < n_prior; ++r)
    line(&prior[r * static_cast<size_t>(d)], QPen(QColor(160, 160, 160, 50), line_width(0.8)));
  double lo = -0.12, hi = 1.12;  // room for the box ends' numbers
  const auto& p = data_->focus;
  if (data_->focus_is_current() && p->x_dim == d) {
    const int selected = p->selected.empty() ? -1 : p->selected[0];
    const int thick =
        data_->chosen_network >= 0 && data_->chosen_network < p->networks ? data_->chosen_network : selected;
    for (int m = 0; m < p->networks; ++m) {
      auto* c = line(p->x_at(m, 0), QPen(network_color(m), line_width(m == thick ? 3.4 : 1.6)));
      c->setName(tr("g%1%2").arg(m + 1).arg(m == selected ? tr(" (selected)") : QString()));
      c->addToLegend();
      c->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
      for (int i = 0; i < d; ++i) {
        lo = std::min(lo, unit(i, p->x_at(m, 0)[i]) - 0.05);
        hi = std::max(hi, unit(i, p->x_at(m, 0)[i]) + 0.05);
      }
      ++drawn_lines_;
    }
  }
  plot_->yAxis->setRange(std::max(lo, -1.0), std::min(hi, 2.0));
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace ml::ui
