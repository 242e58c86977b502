#pragma once
/// Every dimension of x at once, for x_dim > 2: parallel coordinates, one vertical axis per
/// dimension scaled to the domain box (0: its low end, 1: its high end, the box shaded), one line
/// per network's proposal for y* (the selected or chosen one thick), over faint training inputs.
/// It follows y* like the other panels. GUI thread only; reads RunData (owned by MainWindow).
#include "ui/panels/plot_panel.h"

namespace ml::ui {

class ParallelPanel : public PlotPanel {
  Q_OBJECT
 public:
  explicit ParallelPanel(QWidget* parent = nullptr);
  QCustomPlot* plot() const override { return plot_; }
  QString export_name() const override { return QStringLiteral("parallel"); }
  void refresh(const RunData& data, unsigned changes) override;
  /// Proposal lines drawn (for tests).
  int drawn_lines() const { return drawn_lines_; }

 private:
  void rebuild();

  const RunData* data_ = nullptr;
  QCustomPlot* plot_ = nullptr;
  int drawn_lines_ = 0;
};

}  // namespace ml::ui
