#include "ui/panels/results_panel.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "ui/palette.h"
#include "ui/panels/network_validity.h"
#include "ui/theme.h"

namespace ml::ui {
namespace {

QString sci(double v) { return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'e', 2); }
QString percent(double share) {
  return std::isnan(share) ? QStringLiteral("–") : QString::number(100 * share, 'f', 1) + " %";
}
/// v[k] as text, or "–" where v is shorter (older metrics).
template <typename T, typename F>
QString at(const std::vector<T>& v, int k, F format) {
  return k < static_cast<int>(v.size()) ? format(v[k]) : QStringLiteral("–");
}

}  // namespace

ResultsPanel::ResultsPanel(QWidget* parent) : PlotPanel(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  summary_ = new QLabel(this);
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(summary_);
  auto* split = new QSplitter(Qt::Vertical, this);
  // Columns 0-3 stay where they were (tests and habits read them); coverage columns follow.
  table_ = new QTableWidget(0, 10, split);
  table_->setHorizontalHeaderLabels({tr("k"), tr("selected MSE"), tr("oracle MSE"), tr("g_k alone"), tr("g_k covers"),
                                     tr("g_k chosen"), tr("selected valid"), tr("mixture covers"), tr("distinct"),
                                     tr("set found")});
  table_->horizontalHeaderItem(3)->setToolTip(tr("Re-simulation error of network k on its own."));
  table_->horizontalHeaderItem(4)->setToolTip(
      tr("Share of test targets for which network k's own proposal is valid (re-simulation error below τ); "
         "a valid network covers at least %1 %.")
          .arg(100 * kMinNetworkCoverage, 0, 'f', 0));
  table_->horizontalHeaderItem(5)->setToolTip(tr("How many test targets the forward model assigns to network k."));
  table_->horizontalHeaderItem(6)->setToolTip(
      tr("Share of test targets whose selected answer among the first k networks is valid."));
  table_->horizontalHeaderItem(7)->setToolTip(
      tr("Share of test targets for which some proposal (or refined point) of the first k networks is valid: "
         "what a perfect selection would reach."));
  table_->horizontalHeaderItem(8)->setToolTip(
      tr("Mean number of distinct valid proposals per test target among the first k networks."));
  table_->horizontalHeaderItem(9)->setToolTip(
      tr("Mean share of the true solution set found by the first k networks' valid proposals "
         "(problems with a solution-set grid only)."));
  table_->verticalHeader()->setVisible(false);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  plot_ = make_plot(split);
  plot_->xAxis->setLabel(tr("networks k"));
  plot_->yAxis->setLabel(tr("re-simulation MSE"));
  plot_->xAxis->setTicker(QSharedPointer<QCPAxisTickerFixed>(new QCPAxisTickerFixed));
  set_legend_outside(plot_, true, LegendGoal::MostData);  // flat curves run along the top corner
  split->addWidget(table_);
  split->addWidget(plot_);
  split->setStretchFactor(1, 2);  // a few table rows; the plot needs the height for its labels
  layout->addWidget(split, 1);
  install_plot_menu(plot_);
  refresh(RunData{}, kMetrics);
}

void ResultsPanel::refresh(const RunData& data, unsigned changes) {
  if (!(changes & (kMetrics | kProblem))) return;
  plot_->clearGraphs();
  table_->setRowCount(0);
  // Where the true simulator picks the answer users get (select_through), the "selected" columns
  // still select through f, for comparison, and the oracle's are the answers.
  const bool by_simulator = data.metrics && data.metrics->select_through == "simulator";
  table_->horizontalHeaderItem(1)->setText(by_simulator ? tr("selected by f MSE") : tr("selected MSE"));
  table_->horizontalHeaderItem(6)->setText(by_simulator ? tr("selected by f valid") : tr("selected valid"));
  table_->horizontalHeaderItem(1)->setToolTip(
      by_simulator ? tr("Re-simulation error when the forward model picks among the first k networks (for comparison: "
                        "the answers are selected through the true simulator).")
                   : tr("Re-simulation error when the forward model picks among the first k networks (the method's "
                        "answer)."));
  table_->horizontalHeaderItem(2)->setToolTip(
      by_simulator ? tr("Re-simulation error when the true simulator picks: the answers, selected through the true "
                        "simulator.")
                   : tr("Re-simulation error when the true simulator picks: a lower bound, for diagnosis only."));
  if (!data.metrics) {
    summary_->setText(tr("Metrics on the test targets appear when a run finishes."));
    // Empty, but with the axes the run will fill: k = 1..K and the errors' usual decades.
    const int K = data.problem ? data.problem->config.k : 4;
    plot_->xAxis->setRange(0.5, K + 0.5);
    plot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
    plot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    plot_->yAxis->setNumberFormat("gb");
    plot_->yAxis->setRange(1e-4, 1);
    plot_->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  const Metrics& m = *data.metrics;
  const QString forward = m.forward_model == "learned"
                              ? tr("Forward model test MSE <b>%1</b>").arg(sci(m.forward_test_mse))
                              : tr("<b>Trained through the true simulator</b> (no learned forward model)");
  const QString through = m.resim_through == "true simulator"
                              ? QString()
                              : tr(" · <b>no true simulator: errors measured through the forward model</b>");
  const int K_all = static_cast<int>(m.per_network_resim_mse.size());
  const QString valid =
      m.valid_networks() == K_all
          ? tr(" · all %1 networks valid").arg(K_all)
          : tr(" · <b><font color=\"#b00020\">%1 of %2 networks valid</font></b>").arg(m.valid_networks()).arg(K_all);
  const QString mixture = m.mixture_coverage_by_k.empty()
                              ? QString()
                              : tr(" · mixture covers %1").arg(percent(m.mixture_coverage_by_k.back()));
  QString text = tr("%1%5%6%7 · %2 test targets · proposals outside the box %3 % · trained in %4 s")
                     .arg(forward)
                     .arg(m.test_targets)
                     .arg(std::isnan(m.outside_box_fraction) ? 0.0 : 100 * m.outside_box_fraction, 0, 'f', 1)
                     .arg(m.train_seconds, 0, 'f', 1)
                     .arg(through, valid, mixture);
  if (by_simulator)
    text +=
        tr("<br><b>Answers selected through the true simulator</b> (oracle MSE, mixture covers); "
           "“selected by f” columns for comparison");
  // What refinement bought: the selected answer of all K networks with and without it.
  if (m.refine_steps > 0 && !m.selected_resim_mse_by_k.empty())
    text += tr("<br>Refinement: %1 steps through f from each proposal · %6 MSE %2 → <b>%3</b>, valid %4 → "
               "<b>%5</b> (without → with)")
                .arg(m.refine_steps)
                .arg(sci(m.unrefined_selected_resim_mse), sci(m.selected_resim_mse_by_k.back()),
                     percent(m.unrefined_selected_valid_share),
                     percent(m.selected_valid_share_by_k.empty() ? NAN : m.selected_valid_share_by_k.back()),
                     by_simulator ? tr("selected by f") : tr("selected"));
  summary_->setText(text);
  const int K = static_cast<int>(m.selected_resim_mse_by_k.size());
  table_->setRowCount(K);
  QVector<double> ks, selected, oracle;
  for (int k = 0; k < K; ++k) {
    auto set = [&](int col, const QString& text) {
      auto* item = new QTableWidgetItem(text);
      item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      table_->setItem(k, col, item);
    };
    set(0, QString::number(k + 1));
    table_->item(k, 0)->setForeground(network_color(k));
    set(1, sci(m.selected_resim_mse_by_k[k]));
    set(2, at(m.oracle_resim_mse_by_k, k, sci));
    set(3, at(m.per_network_resim_mse, k, sci));
    set(4, at(m.per_network_coverage, k, percent));
    set(5, at(m.selection_counts, k, [](long c) { return QString::number(c); }));
    set(6, at(m.selected_valid_share_by_k, k, percent));
    set(7, at(m.mixture_coverage_by_k, k, percent));
    set(8, at(m.valid_distinct_by_k, k, [](double v) { return QString::number(v, 'f', 2); }));
    set(9, at(m.coverage_by_k, k, percent));
    // A network that is not valid: its row says so (the selection above hides it); a valid one
    // shows its coverage in the tooltip.
    if (const QString why = network_invalid_reason(&m, k); !why.isEmpty()) {
      table_->item(k, 3)->setText(sci(m.per_network_resim_mse[k]) + QStringLiteral(" ✗"));
      if (k < static_cast<int>(m.per_network_coverage.size()))
        table_->item(k, 4)->setText(percent(m.per_network_coverage[k]) + QStringLiteral(" ✗"));
      for (int col = 0; col < table_->columnCount(); ++col) {
        table_->item(k, col)->setBackground(QColor(253, 226, 226));
        table_->item(k, col)->setToolTip(why);
      }
    } else if (const QString covers = network_coverage_text(&m, k); !covers.isEmpty()) {
      table_->item(k, 4)->setToolTip(tr("g%1 is valid: it %2.").arg(k + 1).arg(covers));
    }
    ks.push_back(k + 1);
    selected.push_back(m.selected_resim_mse_by_k[k]);
    oracle.push_back(k < static_cast<int>(m.oracle_resim_mse_by_k.size()) ? m.oracle_resim_mse_by_k[k] : NAN);
  }
  // Columns these metrics have no numbers for (older runs, problems without a solution-set grid).
  const std::vector<std::pair<int, size_t>> optional{{4, m.per_network_coverage.size()},
                                                     {6, m.selected_valid_share_by_k.size()},
                                                     {7, m.mixture_coverage_by_k.size()},
                                                     {8, m.valid_distinct_by_k.size()},
                                                     {9, m.coverage_by_k.size()}};
  for (const auto& [col, size] : optional) table_->setColumnHidden(col, size == 0);
  auto* g = plot_->addGraph();
  g->setData(ks, selected);
  g->setPen(QPen(forward_color(), line_width(2)));
  g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, marker_size(7)));
  // Through the true simulator, the simulator picks: the "selected" curve is the oracle's.
  g->setName(m.forward_model == "learned" ? tr("selected by f") : tr("picked by the true simulator (oracle)"));
  auto* o = plot_->addGraph();
  o->setData(ks, oracle);
  o->setPen(QPen(QColor(140, 140, 140), line_width(1.5), Qt::DashLine));
  o->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, marker_size(6)));
  o->setName(m.resim_through != "true simulator" ? tr("oracle (forward model: no simulator)")
             : by_simulator                      ? tr("selected through the true simulator (the answers)")
                                                 : tr("oracle (true simulator)"));
  // Log scale only when the errors span a decade; within one, log ticks crowd into a smear.
  double lo = INFINITY, hi = 0;
  for (double v : selected + oracle)
    if (v > 0) lo = std::min(lo, v), hi = std::max(hi, v);
  const bool log_y = hi > 10 * lo;
  plot_->yAxis->setScaleType(log_y ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
  plot_->yAxis->setTicker(log_y ? QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog)
                                : QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
  plot_->yAxis->setNumberFormat(log_y ? "gb" : "g");
  plot_->rescaleAxes();
  plot_->xAxis->setRange(0.5, K + 0.5);
  if (log_y)
    plot_->yAxis->scaleRange(1.3, plot_->yAxis->range().center());
  else
    plot_->yAxis->setRange(0, hi * 1.15);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace ml::ui
