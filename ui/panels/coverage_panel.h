#pragma once
/// Where in y each network is valid, over the test targets (RunData::test, Engine::propose_test)
/// with τ = Metrics::valid_tau(); a proposal is valid when its re-simulation error is below τ
/// (NaN, an invalid proposal, never is). A 2-D y (the arm): the targets in the y plane, each
/// coloured by the network selected there when its answer is valid (larger where more networks
/// are valid), a red ring where some network is valid but the selected one is not, a black ×
/// where none is. A 1-D y: each network's own error against y. More y (spectra, data sets): each
/// network's errors sorted ascending against the share of targets, crossing τ at its coverage.
/// The top axis's label is the title: each network's and the mixture's coverage.
/// GUI thread only; reads RunData (owned by MainWindow).
#include <QString>

#include "ui/panels/plot_panel.h"

namespace ml::ui {

struct CoverageCounts;

class CoveragePanel : public PlotPanel {
  Q_OBJECT
 public:
  explicit CoveragePanel(QWidget* parent = nullptr);
  QCustomPlot* plot() const override { return plot_; }
  QString export_name() const override { return QStringLiteral("coverage"); }
  void refresh(const RunData& data, unsigned changes) override;

  /// For tests: test targets drawn (0 without a finished run), those no network covers, the title.
  int drawn_targets() const { return drawn_targets_; }
  int uncovered_targets() const { return uncovered_; }
  QString title() const;

 private:
  void draw_plane(const RunData& data, const CoverageCounts& j);
  void draw_errors(const RunData& data, const CoverageCounts& j, bool sorted);
  void set_title(const QString& text);

  QCustomPlot* plot_ = nullptr;
  int drawn_targets_ = 0, uncovered_ = 0;
  bool equal_units_ = false;  ///< the y plane in one unit (the arm's metres): keep its shape
  double home_[4] = {0, 1, 0, 1};
};

}  // namespace ml::ui
