#include "ui/plotting/sweep_figures.h"

#include <algorithm>
#include <cmath>
#include <qcustomplot.h>
#include <set>

#include "ui/palette.h"

namespace ml::ui {

namespace {

std::string series_key(const SweepCell& c) {
  return c.preset + "|" + c.forward + "|" + std::to_string(c.lambda) + "|" + std::to_string(c.sigma2) + "|" +
         c.inverse_targets + "|" + c.schedule;
}

/// What varies between the series of one figure: each flag set when the cells differ there.
struct Varies {
  bool preset = false, forward = false, lambda = false, sigma2 = false, targets = false, schedule = false;
};

/// A legend label naming only what differs between the series of one figure.
QString series_label(const SweepCell& c, const Varies& v) {
  QStringList parts;
  if (v.preset) parts << QString::fromStdString(c.preset + " preset");
  if (v.forward) parts << QString::fromStdString(c.forward == "true" ? "through the true simulator" : "through f");
  if (v.lambda) parts << QString("λ = %1").arg(c.lambda);
  if (v.sigma2) parts << QString("σ² = %1").arg(c.sigma2);
  if (v.targets) parts << QString::fromStdString(c.inverse_targets + " targets");
  if (v.schedule) parts << QString::fromStdString(c.schedule);
  return parts.join(", ");
}

QCPColorGradient viridis() {
  QCPColorGradient g;
  g.clearColorStops();
  g.setColorStopAt(0.0, QColor(68, 1, 84));
  g.setColorStopAt(0.25, QColor(59, 82, 139));
  g.setColorStopAt(0.5, QColor(33, 145, 140));
  g.setColorStopAt(0.75, QColor(94, 201, 98));
  g.setColorStopAt(1.0, QColor(253, 231, 37));
  return g;
}

}  // namespace

QString metric_label(const std::string& metric) {
  if (metric == "selected_resim_mse") return "selected re-simulation MSE";
  if (metric == "oracle_resim_mse") return "oracle re-simulation MSE";
  if (metric == "forward_test_mse") return "forward test MSE";
  if (metric == "valid_distinct") return "valid distinct solutions per target";
  if (metric == "coverage") return "solution-set coverage";
  if (metric == "mixture_coverage") return "mixture coverage (share of targets with a valid proposal)";
  if (metric == "selected_valid_share") return "selected answer valid (share of targets, through f)";
  if (metric == "simulator_selected_valid_share") return "simulator-selected answer valid (share of targets)";
  if (metric == "seconds") return "training time (s)";
  return QString::fromStdString(metric);
}

int plot_metrics_vs_k(QCustomPlot* plot, const std::vector<SweepCell>& cells, const std::string& problem,
                      const std::vector<std::string>& metrics, const QString& y_label, bool log_y) {
  std::map<std::string, std::vector<const SweepCell*>> series;
  std::vector<std::string> order;
  std::set<std::string> presets, forwards, targets, schedules;
  std::set<double> lambdas, sigmas;
  for (const auto& c : cells) {
    if (c.problem != problem) continue;
    const auto key = series_key(c);
    if (!series.count(key)) order.push_back(key);
    series[key].push_back(&c);
    presets.insert(c.preset);
    forwards.insert(c.forward);
    lambdas.insert(c.lambda);
    sigmas.insert(c.sigma2);
    targets.insert(c.inverse_targets);
    schedules.insert(c.schedule);
  }
  const Varies varies{presets.size() > 1, forwards.size() > 1, lambdas.size() > 1,
                      sigmas.size() > 1,  targets.size() > 1,  schedules.size() > 1};
  plot->clearPlottables();
  plot->clearItems();
  // Intervals whose lower end a log axis cannot show: drawn to the axis' bottom once it is known.
  struct CutBar {
    QCPErrorBars* bars;
    int index;
    double mean;
  };
  std::vector<CutBar> cut;
  int drawn = 0, max_k = 1;
  for (size_t s = 0; s < order.size(); ++s) {
    auto& members = series[order[s]];
    std::sort(members.begin(), members.end(), [](auto* a, auto* b) { return a->k < b->k; });
    for (size_t mi = 0; mi < metrics.size(); ++mi) {
      QVector<double> ks, means, err_lo, err_hi;
      std::vector<int> cut_here;
      for (const SweepCell* c : members) {
        const auto it = c->stats.find(metrics[mi]);
        if (it == c->stats.end()) continue;
        const SummaryStat& st = it->second;
        if (log_y && st.low <= 0) cut_here.push_back(ks.size());
        ks << c->k;
        means << st.mean;
        err_lo << (log_y && st.low <= 0 ? 0.0 : std::max(0.0, st.mean - st.low));
        err_hi << std::max(0.0, st.high - st.mean);
        max_k = std::max(max_k, c->k);
      }
      if (ks.isEmpty()) continue;
      const QColor colour = network_color(static_cast<int>(s));
      auto* g = plot->addGraph();
      g->setData(ks, means);
      QPen pen(colour, 2.0, mi == 0 ? Qt::SolidLine : mi == 1 ? Qt::DashLine : Qt::DotLine);
      g->setPen(pen);
      g->setScatterStyle(
          QCPScatterStyle(mi == 0 ? QCPScatterStyle::ssDisc : QCPScatterStyle::ssSquare, colour, colour, 7));
      QString name = series_label(*members.front(), varies);
      if (metrics.size() > 1) name = metric_label(metrics[mi]).section(' ', 0, 0) + (name.isEmpty() ? "" : ", " + name);
      g->setName(name.isEmpty() ? metric_label(metrics[mi]) : name);
      auto* bars = new QCPErrorBars(plot->xAxis, plot->yAxis);
      bars->setDataPlottable(g);
      bars->setData(err_lo, err_hi);
      bars->setPen(QPen(colour, 1.2));
      bars->removeFromLegend();
      for (int i : cut_here) cut.push_back({bars, i, means[i]});
      ++drawn;
    }
  }
  plot->xAxis->setLabel("k (inverse networks)");
  plot->yAxis->setLabel(y_label);
  QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
  ticker->setTickStep(1.0);
  plot->xAxis->setTicker(ticker);
  plot->xAxis->setRange(0.6, max_k + 0.4);
  if (log_y) {
    plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
    plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    plot->yAxis->setNumberFormat("eb");
    plot->yAxis->setNumberPrecision(0);
  }
  plot->rescaleAxes(true);
  plot->xAxis->setRange(0.6, max_k + 0.4);
  if (log_y)
    plot->yAxis->scaleRange(1.3, plot->yAxis->range().center());
  else
    plot->yAxis->setRange(std::min(0.0, plot->yAxis->range().lower), plot->yAxis->range().upper * 1.1);
  if (!cut.empty()) {
    const double bottom = plot->yAxis->range().lower;
    for (const auto& c : cut) (*c.bars->data())[c.index].errorMinus = std::max(0.0, c.mean - bottom);
    auto* note = new QCPItemText(plot);
    note->position->setType(QCPItemPosition::ptAxisRectRatio);
    note->position->setCoords(0.02, 0.98);
    note->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    note->setText("▼ bars running off the bottom: the 95 % interval reaches 0 or below (log axis)");
  }
  plot->legend->setVisible(drawn > 0);
  return drawn;
}

bool plot_lambda_sigma_heatmap(QCustomPlot* plot, const std::vector<SweepCell>& cells, const std::string& problem,
                               int k, const std::string& metric, const QString& label, bool log_colour) {
  std::vector<double> lambdas, sigmas;
  for (const auto& c : cells)
    if (c.problem == problem && c.k == k) {
      lambdas.push_back(c.lambda);
      sigmas.push_back(c.sigma2);
    }
  std::sort(lambdas.begin(), lambdas.end());
  lambdas.erase(std::unique(lambdas.begin(), lambdas.end()), lambdas.end());
  std::sort(sigmas.begin(), sigmas.end());
  sigmas.erase(std::unique(sigmas.begin(), sigmas.end()), sigmas.end());
  if (lambdas.size() < 2 || sigmas.size() < 2) return false;

  plot->clearPlottables();
  auto* map = new QCPColorMap(plot->xAxis, plot->yAxis);
  map->data()->setSize(static_cast<int>(lambdas.size()), static_cast<int>(sigmas.size()));
  map->data()->setRange(QCPRange(0, lambdas.size() - 1.0), QCPRange(0, sigmas.size() - 1.0));
  double lo = INFINITY, hi = -INFINITY;
  for (size_t i = 0; i < lambdas.size(); ++i)
    for (size_t j = 0; j < sigmas.size(); ++j) map->data()->setCell(static_cast<int>(i), static_cast<int>(j), NAN);
  for (const auto& c : cells) {
    if (c.problem != problem || c.k != k || !c.stats.count(metric)) continue;
    const int i = static_cast<int>(std::find(lambdas.begin(), lambdas.end(), c.lambda) - lambdas.begin());
    const int j = static_cast<int>(std::find(sigmas.begin(), sigmas.end(), c.sigma2) - sigmas.begin());
    const double v = c.stats.at(metric).mean;
    map->data()->setCell(i, j, v);
    if (!log_colour || v > 0) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  auto* scale = new QCPColorScale(plot);
  plot->plotLayout()->addElement(0, 1, scale);
  scale->setType(QCPAxis::atRight);
  scale->axis()->setLabel(label);
  map->setColorScale(scale);
  map->setGradient(viridis());
  map->setInterpolate(false);
  if (log_colour) {
    map->setDataScaleType(QCPAxis::stLogarithmic);
    scale->axis()->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    scale->axis()->setNumberFormat("eb");
    scale->axis()->setNumberPrecision(0);
  }
  if (lo <= hi) map->setDataRange(QCPRange(lo, hi > lo ? hi : lo * 1.01 + 1e-12));
  auto text_ticker = [](const std::vector<double>& values) {
    QSharedPointer<QCPAxisTickerText> t(new QCPAxisTickerText);
    for (size_t i = 0; i < values.size(); ++i) t->addTick(static_cast<double>(i), QString::number(values[i]));
    return t;
  };
  plot->xAxis->setTicker(text_ticker(lambdas));
  plot->yAxis->setTicker(text_ticker(sigmas));
  plot->xAxis->setLabel("repulsion λ");
  plot->yAxis->setLabel("repulsion σ²");
  plot->xAxis->setRange(-0.5, lambdas.size() - 0.5);
  plot->yAxis->setRange(-0.5, sigmas.size() - 0.5);
  auto* margins = new QCPMarginGroup(plot);
  plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
  scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
  plot->legend->setVisible(false);
  return true;
}

}  // namespace ml::ui
