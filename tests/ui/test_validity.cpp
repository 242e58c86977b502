// The Results panel marks a network that is not valid (issue 13): its row, with the reason; each
// network's coverage goes with its validity, and the Coverage panel shows where in y it is valid.
#include <QLabel>
#include <QTableWidget>
#include <cmath>
#include <gtest/gtest.h>
#include <qcustomplot.h>

#include "ui/panels/coverage_panel.h"
#include "ui/panels/manifold_panel.h"
#include "ui/panels/network_validity.h"
#include "ui/panels/results_panel.h"
#include "ui/worker/run_data.h"

using namespace ml::ui;

TEST(Validity, TheResultsTableMarksANetworkThatIsNotValidAndSaysWhy) {
  auto metrics = std::make_shared<ml::Metrics>();
  metrics->selected_resim_mse_by_k = {2.5e-5, 2.5e-5, 2.4e-5, 2.4e-5};
  metrics->oracle_resim_mse_by_k = {2.5e-5, 2.0e-5, 1.8e-5, 1.7e-5};
  metrics->per_network_resim_mse = {2.5e-5, 5.5e-2, 6.3e-5, 5.8e-5};
  metrics->selection_counts = {1500, 2, 300, 198};
  metrics->coverage_tau = 1e-3;
  RunData data;
  data.metrics = metrics;
  ResultsPanel panel;
  panel.refresh(data, kMetrics);
  QTableWidget* table = panel.table();
  ASSERT_EQ(table->rowCount(), 4);
  for (int k = 0; k < 4; ++k) {
    const QString tip = table->item(k, 3)->toolTip();
    if (k == 1) {
      EXPECT_TRUE(tip.contains("not valid")) << tip.toStdString();
      EXPECT_TRUE(tip.contains("5.50e-02")) << tip.toStdString();
      EXPECT_TRUE(table->item(k, 3)->text().contains(QStringLiteral("✗")));
      EXPECT_NE(table->item(k, 0)->background(), table->item(0, 0)->background());
    } else {
      EXPECT_TRUE(tip.isEmpty()) << "row " << k << ": " << tip.toStdString();
      EXPECT_FALSE(table->item(k, 3)->text().contains(QStringLiteral("✗")));
    }
  }
}

namespace {

std::shared_ptr<ml::Metrics> coverage_metrics() {
  auto m = std::make_shared<ml::Metrics>();
  m->selected_resim_mse_by_k = {2.5e-5, 2.4e-5};
  m->oracle_resim_mse_by_k = {2.5e-5, 2.0e-5};
  m->per_network_resim_mse = {2.5e-5, 3.1e-4};
  m->per_network_coverage = {0.936, 0.842};
  m->mixture_coverage_by_k = {0.936, 0.991};
  m->selected_valid_share_by_k = {0.936, 0.978};
  m->selection_counts = {1500, 500};
  m->coverage_tau = 1e-3;
  return m;
}

/// K networks' answers for targets y ([n][y_dim]) with the given errors ([K][n]); x is 2-D.
std::shared_ptr<ml::ProposalSet> proposals(int y_dim, const std::vector<double>& y, int K,
                                           const std::vector<double>& resim, const std::vector<int>& selected) {
  auto p = std::make_shared<ml::ProposalSet>();
  p->y_dim = y_dim;
  p->x_dim = 2;
  p->networks = K;
  p->targets = static_cast<int>(y.size()) / y_dim;
  p->y = y;
  p->resim_error = resim;
  p->fit_error = p->rank_score = resim;
  p->x.assign(static_cast<size_t>(K) * p->targets * 2, 0.5);
  p->selected = selected;
  return p;
}

}  // namespace

// The rule since coverage is stored: a network is valid when its own proposal solves >= 90 % of targets.
TEST(Validity, ANetworkIsJudgedByItsCoverageAndShowsIt) {
  const auto m = coverage_metrics();
  EXPECT_EQ(network_invalid_reason(m.get(), 0), QString());
  EXPECT_EQ(network_coverage_text(m.get(), 0), QStringLiteral("covers 93.6 % of targets"));
  EXPECT_EQ(network_invalid_reason(m.get(), 1),
            QStringLiteral("Network g2 is not valid: its own proposal is valid (re-simulation MSE below τ = 1e-3) for "
                           "only 84.2 % of the test targets; a valid network covers at least 90 %."));
  EXPECT_EQ(short_sci(2.5e-4), QStringLiteral("2.5e-4"));
  RunData data;
  data.metrics = m;
  ResultsPanel panel;
  panel.refresh(data, kMetrics);
  QTableWidget* table = panel.table();
  ASSERT_EQ(table->rowCount(), 2);
  EXPECT_EQ(table->item(0, 4)->text(), QStringLiteral("93.6 %"));
  EXPECT_TRUE(table->item(0, 4)->toolTip().contains("covers 93.6 %"));
  EXPECT_TRUE(table->item(1, 4)->text().contains(QStringLiteral("✗")));
  EXPECT_TRUE(table->item(1, 3)->toolTip().contains("84.2 %"));
  EXPECT_EQ(table->item(1, 7)->text(), QStringLiteral("99.1 %"));
  EXPECT_TRUE(table->isColumnHidden(9));  // no solution-set grid here
  EXPECT_FALSE(panel.findChild<QLabel*>()->text().contains("Refinement"));
  m->refine_steps = 200;
  m->unrefined_selected_resim_mse = 4e-4;
  m->unrefined_selected_valid_share = 0.9;
  panel.refresh(data, kMetrics);
  const QString summary = panel.findChild<QLabel*>()->text();
  EXPECT_TRUE(summary.contains("200 steps") && summary.contains("4.00e-04") && summary.contains("90.0 %"))
      << summary.toStdString();
}

// Where the true simulator selects the answers, the panels say so; the "selected" numbers stay f's.
TEST(Validity, SelectionThroughTheSimulatorIsLabelled) {
  RunData data;
  auto m = coverage_metrics();
  m->select_through = "simulator";
  data.metrics = m;
  ResultsPanel results;
  results.refresh(data, kMetrics);
  EXPECT_EQ(results.table()->horizontalHeaderItem(1)->text(), QStringLiteral("selected by f MSE"));
  EXPECT_TRUE(results.findChild<QLabel*>()->text().contains("selected through the true simulator"));
  EXPECT_EQ(results.plot()->graph(0)->name(), QStringLiteral("selected by f"));
  EXPECT_EQ(results.plot()->graph(1)->name(), QStringLiteral("selected through the true simulator (the answers)"));
  data.test = proposals(2, {0, 1, 1, 0}, 2, {1e-5, 5e-2, 2e-3, 1e-5}, {0, 1});
  CoveragePanel coverage;
  coverage.resize(600, 400);
  coverage.refresh(data, kMetrics);
  EXPECT_TRUE(coverage.title().contains("selected through the simulator")) << coverage.title().toStdString();
  m->select_through = "forward";
  results.refresh(data, kMetrics);
  EXPECT_EQ(results.table()->horizontalHeaderItem(1)->text(), QStringLiteral("selected MSE"));
  EXPECT_EQ(results.plot()->graph(1)->name(), QStringLiteral("oracle (true simulator)"));
}

TEST(Coverage, TheArmsTargetsShowWhoIsValidWhere) {
  RunData data;
  data.metrics = coverage_metrics();
  // Target 0: g1 selected and valid; 1: only g2 valid but g1 selected; 2: none (g2 invalid, NaN); 3: both.
  data.test = proposals(2, {0, 1, 1, 0, 1, 1, -1, 0}, 2, {1e-5, 5e-2, 3e-2, 2e-5, 2e-3, 1e-5, NAN, 1e-5}, {0, 0, 0, 1});
  CoveragePanel panel;
  panel.resize(600, 400);
  panel.refresh(data, kMetrics);
  EXPECT_EQ(panel.drawn_targets(), 4);
  EXPECT_EQ(panel.uncovered_targets(), 1);
  EXPECT_TRUE(panel.title().contains("Mixture covers 75.0 % of 4 targets")) << panel.title().toStdString();
  EXPECT_TRUE(panel.title().contains("g1 50.0 %") && panel.title().contains("g2 50.0 % ✗"));
  QStringList names;
  for (int i = 0; i < panel.plot()->legend->itemCount(); ++i)
    if (auto* item = qobject_cast<QCPPlottableLegendItem*>(panel.plot()->legend->item(i)))
      names << item->plottable()->name();
  EXPECT_TRUE(names.contains("g1 selected and valid: 1")) << names.join(" | ").toStdString();
  EXPECT_TRUE(names.contains("g2 selected and valid: 1"));
  EXPECT_TRUE(names.contains("some network valid, the selected one not: 1"));
  EXPECT_TRUE(names.contains("no network valid: 1"));
  data.test.reset();
  panel.refresh(data, kMetrics);
  EXPECT_EQ(panel.drawn_targets(), 0);
}

TEST(Coverage, OneAndManyTargetValuesPlotErrorsAgainstTau) {
  RunData data;
  data.metrics = coverage_metrics();
  CoveragePanel panel;
  panel.resize(600, 400);
  for (int y_dim : {1, 3}) {
    std::vector<double> y(static_cast<size_t>(3) * y_dim, 0.25);
    data.test = proposals(y_dim, y, 2, {1e-5, 2e-4, 5e-3, NAN, 1e-6, 1e-2}, {0, 0, 1});
    panel.refresh(data, kMetrics);
    EXPECT_EQ(panel.drawn_targets(), 3);
    EXPECT_EQ(panel.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    EXPECT_TRUE(panel.title().contains("g1 66.7 %")) << panel.title().toStdString();
    EXPECT_EQ(panel.plot()->itemCount(), 2);  // the dashed τ line and its label
  }
  // Refined answers: the networks' own proposals (start_resim_error) decide their coverage.
  auto answers = std::make_shared<ml::ProposalSet>(*data.test);
  answers->start_x = answers->x;
  answers->start_resim_error = {5e-3, 5e-3, 5e-3, 1e-5, 1e-5, 1e-5};
  data.test = answers;
  panel.refresh(data, kMetrics);
  EXPECT_TRUE(panel.title().contains("g1 0.0 %") && panel.title().contains("g2 100.0 %"))
      << panel.title().toStdString();
  EXPECT_TRUE(panel.title().contains("own proposals:"));
}

TEST(Validity, TheXSpaceMapDrawsWhereRefinementMovedEachProposal) {
  auto view = std::make_shared<ProblemView>();
  view->info.name = "test";
  view->info.x_dim = 2;
  view->info.y_dim = 1;
  view->info.x_names = {"x1", "x2"};
  view->info.box = ml::Box{{0, 0}, {1, 1}};
  view->sweep_y = {0.1, 0.2};
  RunData data;
  data.problem = view;
  data.sweep = proposals(1, {0.1, 0.2}, 2, {1e-5, 1e-5, 1e-5, 1e-5}, {0, 1});
  ManifoldPanel panel;
  panel.resize(600, 500);
  const auto curves = [&] {
    int n = 0;
    for (int i = 0; i < panel.plot()->plottableCount(); ++i)
      n += qobject_cast<QCPCurve*>(panel.plot()->plottable(i)) != nullptr;
    return n;
  };
  panel.refresh(data, kProblem | kSweep);
  EXPECT_EQ(curves(), 0);  // not refined
  auto refined = std::make_shared<ml::ProposalSet>(*data.sweep);
  refined->start_x = refined->x;
  refined->start_x[0] = 0.2;  // g1's first proposal moved; everything else stayed
  data.sweep = refined;
  panel.refresh(data, kSweep);
  EXPECT_EQ(curves(), 1);
  EXPECT_EQ(panel.drawn_points(), 4);
}
