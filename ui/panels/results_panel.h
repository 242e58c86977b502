#pragma once
/// The current run's metrics: forward test MSE, selected and oracle re-simulation MSE for each
/// k prefix, per-network error and selection counts, as a table and a small MSE-vs-k plot.
/// GUI thread only; reads RunData (owned by MainWindow).
#include "ui/panels/plot_panel.h"

class QLabel;
class QTableWidget;

namespace ml::ui {

class ResultsPanel : public PlotPanel {
  Q_OBJECT
 public:
  explicit ResultsPanel(QWidget* parent = nullptr);
  QCustomPlot* plot() const override { return plot_; }
  QString export_name() const override { return QStringLiteral("mse_vs_k"); }
  QString help_name() const override { return QStringLiteral("results"); }
  void refresh(const RunData& data, unsigned changes) override;
  QTableWidget* table() const { return table_; }

 private:
  QLabel* summary_ = nullptr;
  QTableWidget* table_ = nullptr;
  QCustomPlot* plot_ = nullptr;
};

}  // namespace ml::ui
