#include "ui/panels/coverage_panel.h"

#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>
#include <qcustomplot.h>

#include "ui/palette.h"
#include "ui/panels/network_validity.h"
#include "ui/theme.h"

namespace ml::ui {

/// Which proposals are within τ, per network and target.
struct CoverageCounts {
  int K = 0, N = 0;
  double tau = kValidTau;
  const ProposalSet* answers = nullptr;  ///< what the run answers with (refined where it refines)
  /// [networks][targets]: each network's own proposal's error: answers' start_resim_error where
  /// they are refined, else their resim_error.
  const std::vector<double>* own = nullptr;
  bool refined = false;             ///< own is the proposals' error before refinement
  std::vector<int> valid_networks;  ///< per target: networks whose proposal or answer is valid
  std::vector<double> coverage;     ///< per network: share of targets its own proposal solves
  double mixture = 0;               ///< share of targets some network solves

  // NaN (an invalid proposal) compares false: never valid.
  double own_at(int m, int n) const { return (*own)[static_cast<size_t>(m) * N + n]; }
  bool own_ok(int m, int n) const { return own_at(m, n) < tau; }
  bool answer_ok(int m, int n) const { return answers->resim_at(m, n) < tau; }
};

namespace {

bool usable(const ProposalSet* p) {
  return p && p->targets > 0 && p->networks > 0 &&
         p->resim_error.size() == static_cast<size_t>(p->targets) * static_cast<size_t>(p->networks);
}

CoverageCounts judge(const RunData& data) {
  CoverageCounts j;
  j.answers = data.test.get();
  const ProposalSet& a = *j.answers;
  j.refined = a.refined() && a.start_resim_error.size() == a.resim_error.size();
  j.own = j.refined ? &a.start_resim_error : &a.resim_error;
  j.K = j.answers->networks;
  j.N = j.answers->targets;
  j.tau = data.metrics->valid_tau();
  j.valid_networks.assign(j.N, 0);
  j.coverage.assign(j.K, 0);
  int covered = 0;
  for (int n = 0; n < j.N; ++n) {
    for (int m = 0; m < j.K; ++m) {
      const bool own_ok = j.own_ok(m, n);
      j.coverage[m] += own_ok;
      j.valid_networks[n] += own_ok || j.answer_ok(m, n);  // as the metrics' mixture coverage counts
    }
    covered += j.valid_networks[n] > 0;
  }
  for (double& c : j.coverage) c /= j.N;
  j.mixture = static_cast<double>(covered) / j.N;
  return j;
}

QString pct(double share) { return QString::number(100 * share, 'f', 1) + QStringLiteral(" %"); }

QString axis_name(const ProblemInfo& info, int d) {
  QString name = d < static_cast<int>(info.y_names.size()) ? QString::fromStdString(info.y_names[d])
                                                           : QStringLiteral("y%1").arg(d);
  if (d < static_cast<int>(info.y_units.size()) && !info.y_units[d].empty())
    name += QStringLiteral(" (%1)").arg(QString::fromStdString(info.y_units[d]));
  return name;
}

QCPGraph* add_dots(QCustomPlot* plot, const QCPScatterStyle& style, const QString& name, bool in_legend) {
  auto* g = plot->addGraph();
  g->setLineStyle(QCPGraph::lsNone);
  g->setScatterStyle(style);
  g->setName(name);
  if (!in_legend) g->removeFromLegend();
  return g;
}

void set_axis_log(QCPAxis* axis, bool log) {
  axis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
  axis->setTicker(log ? QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog)
                      : QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
  axis->setNumberFormat(log ? "gb" : "g");
}

/// The dashed line at τ, labelled at the right end.
void add_tau_line(QCustomPlot* plot, double tau) {
  auto* line = new QCPItemStraightLine(plot);
  line->point1->setCoords(0, tau);
  line->point2->setCoords(1, tau);
  line->setPen(QPen(QColor(40, 40, 40), line_width(1.2), Qt::DashLine));
  auto* label = new QCPItemText(plot);
  label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
  label->position->setTypeY(QCPItemPosition::ptPlotCoords);
  label->position->setCoords(0.995, tau);
  label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
  label->setFont(plot->xAxis->tickLabelFont());
  label->setText(QObject::tr("τ = %1").arg(short_sci(tau)));
  label->setBrush(QBrush(QColor(255, 255, 255, 210)));  // readable over the dots
}

}  // namespace

CoveragePanel::CoveragePanel(QWidget* parent) : PlotPanel(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  plot_ = make_plot(this);
  layout->addWidget(plot_, 1);
  install_plot_menu(plot_);
  // The arm's workspace in metres keeps its shape; the ranges come back after every layout.
  keep_equal_units(plot_, [this] {
    if (!equal_units_) return false;
    plot_->xAxis->setRange(home_[0], home_[1]);
    plot_->yAxis->setRange(home_[2], home_[3]);
    return true;
  });
  refresh(RunData{}, kMetrics);
}

QString CoveragePanel::title() const { return plot_->xAxis2->label(); }

void CoveragePanel::set_title(const QString& text) {
  // The top axis's label is a title that moves with the layout and goes into every export.
  QCPAxis* top = plot_->xAxis2;
  top->setVisible(true);
  top->setTicks(false);
  top->setTickLabels(false);
  top->setBasePen(Qt::NoPen);
  top->setLabel(text);
}

void CoveragePanel::refresh(const RunData& data, unsigned changes) {
  if (!(changes & (kMetrics | kProblem))) return;
  plot_->clearPlottables();
  plot_->clearItems();
  drawn_targets_ = uncovered_ = 0;
  equal_units_ = false;
  if (!data.metrics || !usable(data.test.get())) {
    set_title(tr("Where each network is valid appears when a run finishes."));
    plot_->xAxis->setLabel(QString());
    plot_->yAxis->setLabel(QString());
    set_axis_log(plot_->yAxis, false);
    plot_->xAxis->setRange(0, 1);
    plot_->yAxis->setRange(0, 1);
    plot_->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  const CoverageCounts j = judge(data);
  drawn_targets_ = j.N;
  // Short lines, two networks each: the title must fit over a narrow dock's square plot (the
  // colours and sizes are explained by the legend and the help text).
  QString networks;
  for (int m = 0; m < j.K; ++m) {
    if (m > 0) networks += m % 2 == 0 ? QStringLiteral("\n") : QStringLiteral(" · ");
    networks += QStringLiteral("g%1 %2").arg(m + 1).arg(pct(j.coverage[m]));
    if (!network_invalid_reason(data.metrics.get(), m).isEmpty()) networks += QStringLiteral(" ✗");
  }
  const bool plane = data.test->y_dim == 2;
  QString title = tr("Mixture covers %1 of %2 targets\nτ = %3 · %4\n%5")
                      .arg(pct(j.mixture))
                      .arg(j.N)
                      .arg(short_sci(j.tau))
                      .arg(j.refined ? tr("own proposals:") : tr("each network:"))
                      .arg(networks);
  if (plane && data.metrics->select_through == "simulator") title += tr("\ncolour: selected through the simulator");
  set_title(title);
  if (plane)
    draw_plane(data, j);
  else
    draw_errors(data, j, data.test->y_dim != 1);
  set_legend_outside(plot_, true, equal_units_ ? LegendGoal::SquareData : LegendGoal::MostData);
  if (equal_units_) fit_equal_aspect(plot_);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void CoveragePanel::draw_plane(const RunData& data, const CoverageCounts& j) {
  const ProposalSet& p = *j.answers;
  const int K = j.K;
  // One graph per (selected network, networks valid): colour says who answers, size how many could.
  std::vector<QVector<double>> xs(static_cast<size_t>(K) * K), ys(xs.size());
  QVector<double> ring_x, ring_y, none_x, none_y;
  std::vector<int> chosen(K, 0);
  double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
  for (int n = 0; n < j.N; ++n) {
    const double y0 = p.y[static_cast<size_t>(n) * p.y_dim], y1 = p.y[static_cast<size_t>(n) * p.y_dim + 1];
    lo[0] = std::min(lo[0], y0), hi[0] = std::max(hi[0], y0);
    lo[1] = std::min(lo[1], y1), hi[1] = std::max(hi[1], y1);
    const int s = n < static_cast<int>(p.selected.size()) ? p.selected[n] : -1;
    const int count = j.valid_networks[n];
    if (s >= 0 && s < K && j.answer_ok(s, n)) {
      const size_t i = static_cast<size_t>(s) * K + (count - 1);  // count >= 1: s itself is valid
      xs[i].push_back(y0);
      ys[i].push_back(y1);
      ++chosen[s];
    } else if (count > 0) {
      ring_x.push_back(y0);
      ring_y.push_back(y1);
    } else {
      none_x.push_back(y0);
      none_y.push_back(y1);
    }
  }
  uncovered_ = none_x.size();
  for (int m = 0; m < K; ++m) {
    const QColor c = network_color(m);
    for (int count = 1; count <= K; ++count) {
      const size_t i = static_cast<size_t>(m) * K + (count - 1);
      if (xs[i].isEmpty()) continue;
      auto* g = add_dots(plot_, QCPScatterStyle(QCPScatterStyle::ssDisc, c, c, marker_size(2.5 + 1.5 * count)),
                         QString(), false);
      g->setData(xs[i], ys[i]);
    }
  }
  // The legend's entries carry the counts; the drawn graphs above stay out of it.
  for (int m = 0; m < K; ++m) {
    const QColor c = network_color(m);
    add_dots(plot_, QCPScatterStyle(QCPScatterStyle::ssDisc, c, c, marker_size(6)),
             tr("g%1 selected and valid: %2").arg(m + 1).arg(chosen[m]), true);
  }
  auto* ring = add_dots(plot_,
                        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(0xC0, 0x00, 0x20), line_width(1.4)),
                                        Qt::NoBrush, marker_size(8)),
                        tr("some network valid, the selected one not: %1").arg(ring_x.size()), true);
  ring->setData(ring_x, ring_y);
  auto* none = add_dots(
      plot_, QCPScatterStyle(QCPScatterStyle::ssCross, QPen(Qt::black, line_width(1.8)), Qt::NoBrush, marker_size(8)),
      tr("no network valid: %1").arg(none_x.size()), true);
  none->setData(none_x, none_y);

  const ProblemInfo* info = data.problem ? &data.problem->info : nullptr;
  plot_->xAxis->setLabel(info ? axis_name(*info, 0) : QStringLiteral("y0"));
  plot_->yAxis->setLabel(info ? axis_name(*info, 1) : QStringLiteral("y1"));
  set_axis_log(plot_->yAxis, false);
  const double pad0 = 0.06 * std::max(hi[0] - lo[0], 1e-9), pad1 = 0.06 * std::max(hi[1] - lo[1], 1e-9);
  home_[0] = lo[0] - pad0, home_[1] = hi[0] + pad0, home_[2] = lo[1] - pad1, home_[3] = hi[1] + pad1;
  plot_->xAxis->setRange(home_[0], home_[1]);
  plot_->yAxis->setRange(home_[2], home_[3]);
  // Equal units only where both axes share one (the arm's metres); a data set's columns may not.
  equal_units_ = info && info->y_units.size() >= 2 && !info->y_units[0].empty() && info->y_units[0] == info->y_units[1];
}

void CoveragePanel::draw_errors(const RunData& data, const CoverageCounts& j, bool sorted) {
  const ProposalSet& p = *j.answers;
  const std::vector<double>& own = *j.own;
  double lo = INFINITY, hi = 0;
  for (double v : own)
    if (std::isfinite(v) && v > 0) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!(hi > 0)) lo = j.tau / 10, hi = j.tau * 10;
  lo = std::min(lo, j.tau), hi = std::max(hi, j.tau);
  const double top = hi * 4;  // where invalid proposals (NaN) are drawn
  bool any_invalid = false;
  for (int m = 0; m < j.K; ++m) {
    QVector<double> xs, ys, bad_x, bad_y;
    if (sorted) {
      std::vector<double> e(own.begin() + static_cast<size_t>(m) * j.N, own.begin() + static_cast<size_t>(m + 1) * j.N);
      std::sort(e.begin(), e.end(), [](double a, double b) { return std::isnan(b) ? !std::isnan(a) : a < b; });
      for (int i = 0; i < j.N; ++i) {
        xs.push_back(100.0 * (i + 1) / j.N);  // the share of targets with an error at most this
        ys.push_back(std::isnan(e[i]) ? top : std::max(e[i], lo));
        any_invalid |= std::isnan(e[i]);
      }
    } else {
      for (int n = 0; n < j.N; ++n) {
        const double y = p.y[static_cast<size_t>(n) * p.y_dim], v = j.own_at(m, n);
        (std::isnan(v) ? bad_x : xs).push_back(y);
        (std::isnan(v) ? bad_y : ys).push_back(std::isnan(v) ? top : std::max(v, lo));
      }
      any_invalid |= !bad_x.isEmpty();
    }
    const QColor c = network_color(m);
    const bool valid = network_invalid_reason(data.metrics.get(), m).isEmpty();
    const QString name = tr("g%1: valid for %2 of targets%3")
                             .arg(m + 1)
                             .arg(pct(j.coverage[m]), valid ? QString() : QStringLiteral(" ✗"));
    QCPGraph* g = nullptr;
    if (sorted) {
      g = plot_->addGraph();
      g->setPen(QPen(c, line_width(1.8)));
      g->setName(name);
    } else {
      g = add_dots(plot_, QCPScatterStyle(QCPScatterStyle::ssDisc, c, c, marker_size(3.5)), name, true);
      add_dots(plot_, QCPScatterStyle(QCPScatterStyle::ssCross, QPen(c, line_width(1.3)), Qt::NoBrush, marker_size(6)),
               QString(), false)
          ->setData(bad_x, bad_y);
    }
    g->setData(xs, ys, /*alreadySorted=*/sorted);
  }
  if (any_invalid) {
    const QString meaning = data.metrics->invalid_meaning.empty()
                                ? tr("invalid")
                                : tr("invalid (%1)").arg(QString::fromStdString(data.metrics->invalid_meaning));
    add_dots(plot_, QCPScatterStyle(QCPScatterStyle::ssCross, QPen(Qt::darkGray, line_width(1.3)), Qt::NoBrush, 6),
             tr("%1: drawn at the top").arg(meaning), true);
  }
  add_tau_line(plot_, j.tau);
  const bool through_f = data.metrics->resim_through != "true simulator";
  plot_->yAxis->setLabel(through_f ? tr("own proposal's error through f") : tr("own proposal's re-simulation MSE"));
  set_axis_log(plot_->yAxis, true);
  plot_->yAxis->setRange(lo / 2, top * 2);
  if (sorted) {
    plot_->xAxis->setLabel(tr("share of test targets, sorted by error (%)"));
    plot_->xAxis->setRange(0, 100);
  } else {
    plot_->xAxis->setLabel(data.problem ? axis_name(data.problem->info, 0) : QStringLiteral("y"));
    plot_->xAxis->rescale();
    plot_->xAxis->scaleRange(1.04, plot_->xAxis->range().center());
  }
}

}  // namespace ml::ui
