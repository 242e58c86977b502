// Figures (issue 14): sweep series never pool presets or forward settings, error bars show the
// whole 95 % interval or say on the figure that they run off a log axis, and a true-simulator
// run's error is not called a selected one.
#include <gtest/gtest.h>
#include <qcustomplot.h>

#include "core/api/results.h"
#include "ui/plotting/sweep_figures.h"
#include "ui/panels/results_panel.h"
#include "ui/worker/run_data.h"

using namespace ml::ui;

namespace {

SweepCell cell(const std::string& preset, const std::string& forward, int k, double mean, double low, double high) {
  SweepCell c;
  c.problem = "sine";
  c.preset = preset;
  c.forward = forward;
  c.inverse_targets = "train";
  c.schedule = "sequential";
  c.k = k;
  c.lambda = 0.02;
  c.sigma2 = 0.04;
  c.stats["selected_resim_mse"] = SummaryStat{3, mean, low, high};
  return c;
}

QStringList legend_names(QCustomPlot& plot) {
  QStringList names;
  for (int i = 0; i < plot.graphCount(); ++i) names << plot.graph(i)->name();
  return names;
}

int cut_notes(QCustomPlot& plot) {
  int n = 0;
  for (int i = 0; i < plot.itemCount(); ++i)
    if (auto* t = qobject_cast<QCPItemText*>(plot.item(i)); t && t->text().contains("interval reaches 0")) ++n;
  return n;
}

TEST(SweepFigures, SeriesKeepPresetsAndForwardSettingsApart) {
  const std::vector<SweepCell> cells{
      cell("quick", "learned", 1, 1e-3, 5e-4, 2e-3), cell("quick", "learned", 2, 5e-4, 2e-4, 8e-4),
      cell("paper", "learned", 1, 2e-3, 1e-3, 3e-3), cell("paper", "learned", 2, 1e-3, 5e-4, 2e-3),
      cell("quick", "true", 1, 1e-5, 5e-6, 2e-5)};
  QCustomPlot plot;
  plot.resize(600, 400);
  EXPECT_EQ(plot_metrics_vs_k(&plot, cells, "sine", {"selected_resim_mse"}, "MSE", true), 3);
  const QStringList names = legend_names(plot);
  EXPECT_TRUE(names.contains("quick preset, through f")) << names.join(" | ").toStdString();
  EXPECT_TRUE(names.contains("paper preset, through f")) << names.join(" | ").toStdString();
  EXPECT_TRUE(names.contains("quick preset, through the true simulator")) << names.join(" | ").toStdString();
  for (int i = 0; i < plot.graphCount(); ++i) EXPECT_LE(plot.graph(i)->dataCount(), 2);
}

TEST(SweepFigures, LogAxesDrawTheWholeIntervalOrSayItIsCut) {
  // A positive interval is drawn whole, even when it spans more than 10x below the mean.
  QCustomPlot plot;
  plot.resize(600, 400);
  ASSERT_EQ(plot_metrics_vs_k(&plot, {cell("quick", "learned", 1, 1e-2, 1e-5, 2e-2)}, "sine", {"selected_resim_mse"},
                              "MSE", true),
            1);
  auto* bars = qobject_cast<QCPErrorBars*>(plot.plottable(1));
  ASSERT_NE(bars, nullptr);
  EXPECT_NEAR((*bars->data())[0].errorMinus, 1e-2 - 1e-5, 1e-12);
  EXPECT_LE(plot.yAxis->range().lower, 1e-5);
  EXPECT_EQ(cut_notes(plot), 0);

  // An interval reaching below zero runs to the axis' bottom, and the figure says so.
  QCustomPlot cut;
  cut.resize(600, 400);
  ASSERT_EQ(plot_metrics_vs_k(
                &cut, {cell("quick", "learned", 1, 1e-2, -3e-3, 2.3e-2), cell("quick", "learned", 2, 5e-3, 4e-3, 6e-3)},
                "sine", {"selected_resim_mse"}, "MSE", true),
            1);
  auto* cut_bars = qobject_cast<QCPErrorBars*>(cut.plottable(1));
  ASSERT_NE(cut_bars, nullptr);
  EXPECT_NEAR((*cut_bars->data())[0].errorMinus, 1e-2 - cut.yAxis->range().lower, 1e-12);
  EXPECT_NEAR((*cut_bars->data())[1].errorMinus, 1e-3, 1e-12);  // the positive one stays whole
  EXPECT_EQ(cut_notes(cut), 1);
}

}  // namespace

namespace {

// A run trained through the true simulator has no model-selected error: the results figure
// must not call its curve "selected by f".
TEST(ResultsFigure, ATrueSimulatorRunsCurveIsLabelledAsTheOracles) {
  ml::Metrics m;
  m.selected_resim_mse_by_k = m.oracle_resim_mse_by_k = {1e-3, 5e-4};
  RunData data;
  data.metrics = std::make_shared<const ml::Metrics>(m);
  ResultsPanel panel;
  panel.refresh(data, kMetrics);
  EXPECT_EQ(panel.plot()->graph(0)->name(), "selected by f");
  m.forward_model = "true simulator";
  data.metrics = std::make_shared<const ml::Metrics>(m);
  panel.refresh(data, kMetrics);
  EXPECT_EQ(panel.plot()->graph(0)->name(), "picked by the true simulator (oracle)");
}

}  // namespace
