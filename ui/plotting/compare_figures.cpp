#include "ui/plotting/compare_figures.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

#include "ui/palette.h"

namespace ml::ui {
namespace {

QColor method_color(const std::string& method) {
  if (method == "tandem") return network_color(0);
  if (method == "tandem+refine") return network_color(0).darker(150);
  if (method == "direct") return network_color(1);
  if (method == "adjoint") return network_color(2);
  return generative_color(method);
}

QCPScatterStyle::ScatterShape method_marker(const std::string& method) {
  if (method == "tandem") return QCPScatterStyle::ssDisc;
  if (method == "tandem+refine") return QCPScatterStyle::ssCircle;
  if (method == "direct") return QCPScatterStyle::ssSquare;
  if (method == "mdn") return QCPScatterStyle::ssDiamond;
  if (method == "cvae") return QCPScatterStyle::ssCross;
  if (method == "cinn") return QCPScatterStyle::ssStar;
  return QCPScatterStyle::ssTriangle;
}

void log_axis(QCPAxis* axis) {
  axis->setScaleType(QCPAxis::stLogarithmic);
  axis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
  axis->setNumberFormat("eb");
  axis->setNumberPrecision(0);
}

/// Log axes padded by `x_pad`/`y_pad` decades' fractions on each side, so markers and their labels
/// stay inside; the legend goes bottom left, where both figures leave room (low error, fast).
void finish(QCustomPlot* plot, int drawn, double x_lo, double x_hi, double y_lo, double y_hi) {
  plot->rescaleAxes(true);
  const QCPRange x = plot->xAxis->range(), y = plot->yAxis->range();
  plot->xAxis->setRange(x.lower / x_lo, x.upper * x_hi);
  plot->yAxis->setRange(y.lower / y_lo, y.upper * y_hi);
  plot->legend->setVisible(drawn > 0);
  plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignLeft);
}

/// ", f test MSE 1.2e-3": every method is ranked through f, so its error belongs beside theirs.
QString forward_note(const CompareResult& result) {
  if (!(result.forward_test_mse > 0)) return {};
  return QString(", f test MSE %1").arg(result.forward_test_mse, 0, 'g', 2);
}

}  // namespace

int plot_best_of_t(QCustomPlot* plot, const CompareResult& result) {
  plot->clearPlottables();
  int drawn = 0, adjoint = 0;
  for (const auto& m : result.methods) {
    QVector<double> ts, errors;
    for (const auto& [t, v] : m.best_of_t)
      if (v > 0 && std::isfinite(v)) {
        ts << t;
        errors << v;
      }
    if (ts.isEmpty()) continue;
    QColor colour = method_color(m.method);
    if (m.method == "adjoint") colour = colour.darker(100 + 35 * adjoint++);
    auto* g = plot->addGraph();
    g->setData(ts, errors);
    g->setPen(QPen(colour, 2.0, m.method == "adjoint" && adjoint > 1 ? Qt::DashLine : Qt::SolidLine));
    if (ts.size() == 1) g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(method_marker(m.method), colour, colour, 8));
    g->setName(QString::fromStdString(m.label));
    ++drawn;
  }
  plot->xAxis->setLabel("T (best of the T proposals, each method ranked as it answers)");
  plot->yAxis->setLabel(QString("re-simulation error r_T (%1, %2 targets%3)")
                            .arg(QString::fromStdString(result.problem))
                            .arg(result.targets)
                            .arg(forward_note(result)));
  log_axis(plot->xAxis);
  log_axis(plot->yAxis);
  plot->xAxis->setNumberFormat("f");  // T is 1, 10, 100: plain numbers read better than 1e+01
  finish(plot, drawn, 1.5, 1.5, 1000, 3);
  return drawn;
}

int plot_error_vs_time(QCustomPlot* plot, const CompareResult& result) {
  plot->clearPlottables();
  int drawn = 0;
  QVector<double> na_t, na_e;
  for (const auto& m : result.methods) {
    if (m.best_of_t.empty() || m.best_of_t.front().first != 1 || !(m.best_of_t.front().second > 0)) continue;
    const double us = m.seconds * 1e6 / std::max(1, result.targets);
    if (!(us > 0)) continue;
    if (m.method == "adjoint") {
      na_t << us;
      na_e << m.best_of_t.front().second;
      continue;
    }
    const QColor colour = method_color(m.method);
    auto* g = plot->addGraph();
    g->setData({us}, {m.best_of_t.front().second});
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(method_marker(m.method), colour, colour, 10));
    g->setName(QString::fromStdString(m.label));
    ++drawn;
  }
  if (!na_t.isEmpty()) {
    const QColor colour = method_color("adjoint");
    auto* g = plot->addGraph();
    g->setData(na_t, na_e);  // sorted by time inside QCustomPlot
    g->setPen(QPen(colour, 2.0));
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle, colour, colour, 9));
    g->setName("neural adjoint (budgets B x T)");
    ++drawn;
    for (const auto& m : result.methods) {
      if (m.method != "adjoint" || m.best_of_t.empty()) continue;
      auto* label = new QCPItemText(plot);
      label->position->setCoords(m.seconds * 1e6 / std::max(1, result.targets), m.best_of_t.front().second);
      label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
      label->setText(QString(" %1x%2").arg(m.starts).arg(m.steps));
      label->setColor(colour.darker(130));
    }
  }
  plot->xAxis->setLabel("inference time per target (µs)");
  plot->yAxis->setLabel(
      QString("re-simulation error at T = 1 (%1%2)").arg(QString::fromStdString(result.problem), forward_note(result)));
  log_axis(plot->xAxis);
  log_axis(plot->yAxis);
  finish(plot, drawn, 1000, 30, 1000, 5);
  return drawn;
}

}  // namespace ml::ui
