// The Results panel marks a network that is not valid (issue 13): its row, with the reason.
#include <QTableWidget>
#include <gtest/gtest.h>

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
