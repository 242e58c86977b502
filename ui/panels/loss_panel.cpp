#include "ui/panels/loss_panel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>
#include <QFontMetrics>
#include <algorithm>
#include <cmath>
#include <limits>
#include <qcustomplot.h>

#include "ui/palette.h"
#include "ui/theme.h"

namespace ml::ui {
namespace {

/// Ticks whose labels never overlap: on a log axis spanning a decade or more, powers of ten (with
/// 2 and 5 between when few fit); otherwise the usual steps; then every tick closer than two label
/// heights to the last one kept is dropped, whatever the axis's height.
class SpacedTicker : public QCPAxisTicker {
 public:
  SpacedTicker(QCPAxis* axis, bool log) : axis_(axis), log_(log) {}

 protected:
  QVector<double> createTickVector(double tick_step, const QCPRange& range) override {
    QVector<double> ticks;
    if (log_ && range.lower > 0 && range.upper / range.lower >= 10) {
      for (int e = static_cast<int>(std::floor(std::log10(range.lower)));
           e <= static_cast<int>(std::ceil(std::log10(range.upper))); ++e)
        for (double m : {1.0, 2.0, 5.0}) ticks.push_back(m * std::pow(10.0, e));
    } else {
      ticks = QCPAxisTicker::createTickVector(tick_step, range);
    }
    QVector<double> kept;
    const double gap = 2.0 * QFontMetrics(axis_->tickLabelFont()).height();
    // Powers of ten first, so 2 and 5 fill in only where there is room.
    const auto fits = [&](double t) {
      const double px = axis_->coordToPixel(t);
      for (double k : kept)
        if (std::abs(axis_->coordToPixel(k) - px) < gap) return false;
      return true;
    };
    for (int pass = 0; pass < 2; ++pass)
      for (double t : ticks) {
        if (log_ && t > 0 && (pass == 0) != (std::abs(std::log10(t) - std::round(std::log10(t))) < 1e-9)) continue;
        if (!log_ && pass == 1) continue;
        if (range.contains(t) && fits(t)) kept.push_back(t);
      }
    std::sort(kept.begin(), kept.end());
    return kept;
  }
  QVector<double> createSubTickVector(int, const QVector<double>&) override { return {}; }

 private:
  QCPAxis* axis_;
  bool log_;
};

enum Term { kTotal, kFit, kBoundary, kRepulsion };
const char* const kTermNames[4] = {"total", "tandem fit", "boundary", "|repulsion|"};
// The tandem fit is the curve to watch, so it gets the solid line.
const Qt::PenStyle kTermStyles[4] = {Qt::DashLine, Qt::SolidLine, Qt::DotLine, Qt::DashDotLine};

double term_value(const LossTerms& t, int term) {
  switch (term) {
    case kTotal:
      return t.total;
    case kFit:
      return t.fit;
    case kBoundary:
      return t.boundary;
    default:
      return -t.repulsion;  // the repulsion is a reward (<= 0): show its size
  }
}

}  // namespace

LossPanel::LossPanel(QWidget* parent) : PlotPanel(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  auto* bar = new QHBoxLayout;
  forward_box_ = new QCheckBox(tr("Forward"), this);
  forward_box_->setChecked(true);
  forward_box_->setToolTip(tr("The forward model f's training loss (mean squared error in y)."));
  bar->addWidget(forward_box_);
  const char* const tips[4] = {
      "Each inverse network's whole objective: tandem fit + boundary + repulsion. It can go negative, "
      "because the repulsion rewards distance from earlier networks; log scale hides those points.",
      "The tandem loss ||f(g(y)) - y||²: how well the proposals land on the target through f.",
      "The weighted penalty for proposals outside the valid x box.",
      "The size of the repulsion reward that pushes this network away from the earlier ones."};
  for (int t = 0; t < 4; ++t) {
    term_boxes_[t] = new QCheckBox(tr(kTermNames[t]), this);
    term_boxes_[t]->setToolTip(tr(tips[t]));
    term_boxes_[t]->setChecked(t == kFit);  // total dips below 0 with repulsion: opt-in
    bar->addWidget(term_boxes_[t]);
  }
  bar->addStretch();
  log_box_ = new QCheckBox(tr("log y"), this);
  log_box_->setChecked(true);
  log_box_->setToolTip(tr("Logarithmic loss axis; non-positive values are left out."));
  bar->addWidget(log_box_);
  auto* smooth_label = new QLabel(tr("Smoothing"), this);
  bar->addWidget(smooth_label);
  smooth_ = new QSlider(Qt::Horizontal, this);
  smooth_->setRange(0, 95);
  smooth_->setValue(30);
  smooth_->setMaximumWidth(110);
  smooth_->setToolTip(tr("Exponential moving average of the curves; the raw values stay as a faint line."));
  smooth_label->setToolTip(smooth_->toolTip());
  bar->addWidget(smooth_);
  layout->addLayout(bar);

  plot_ = make_plot(this);
  plot_->xAxis->setLabel(tr("epoch (of each network)"));
  plot_->yAxis->setLabel(tr("training loss"));
  plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  layout->addWidget(plot_, 1);
  install_plot_menu(plot_);

  for (QCheckBox* box : {forward_box_, term_boxes_[0], term_boxes_[1], term_boxes_[2], term_boxes_[3], log_box_})
    connect(box, &QCheckBox::toggled, this, &LossPanel::rebuild);
  connect(smooth_, &QSlider::valueChanged, this, &LossPanel::rebuild);
  set_log_y(true);
}

void LossPanel::set_smoothing(int percent) { smooth_->setValue(percent); }
void LossPanel::set_log_y(bool on) {
  log_box_->setChecked(on);
  rebuild();
}

void LossPanel::refresh(const RunData& data, unsigned changes) {
  data_ = &data;
  if (changes & (kLosses | kProblem)) rebuild();
}

void LossPanel::rebuild() {
  const bool log_y = log_box_->isChecked();
  plot_->yAxis->setScaleType(log_y ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
  plot_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new SpacedTicker(plot_->yAxis, log_y)));
  plot_->clearGraphs();
  drawn_networks_ = 0;
  if (!data_) {
    plot_->replot();
    return;
  }
  const double alpha = smooth_->value() / 100.0;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (size_t c = 0; c < data_->curves.size(); ++c) {
    const auto& points = data_->curves[c];
    if (points.empty()) continue;
    const bool forward = c == 0;
    if (forward && !forward_box_->isChecked()) continue;
    const QColor color = forward ? forward_color() : network_color(static_cast<int>(c) - 1);
    bool drawn = false;
    for (int t = 0; t < 4; ++t) {
      if (forward ? t != kTotal : !term_boxes_[t]->isChecked()) continue;
      QVector<double> keys, raw, smooth;
      double ema = nan;
      for (const auto& p : points) {
        const double v = term_value(p.terms, t);
        keys.push_back(p.epoch);
        raw.push_back(log_y && v <= 0 ? nan : v);
        ema = std::isnan(ema) ? v : alpha * ema + (1 - alpha) * v;
        smooth.push_back(log_y && ema <= 0 ? nan : ema);
      }
      const QString name = forward ? tr("f (forward)") : tr("g%1 %2").arg(c).arg(tr(kTermNames[t]));
      QPen pen(color, line_width(forward || t == kFit ? 1.8 : 1.3), forward ? Qt::SolidLine : kTermStyles[t]);
      if (alpha > 0) {
        QCPGraph* g = plot_->addGraph();
        g->setPen(QPen(faint(color, 55), line_width(1.0), pen.style()));
        g->setData(keys, raw, true);
        g->removeFromLegend();
      }
      QCPGraph* g = plot_->addGraph();
      g->setPen(pen);
      g->setData(keys, alpha > 0 ? smooth : raw, true);
      g->setName(name);
      drawn = true;
    }
    if (drawn) ++drawn_networks_;
  }
  plot_->rescaleAxes();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace ml::ui
