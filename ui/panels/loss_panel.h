#pragma once
/// Loss curves: the forward model and, per inverse network, its total loss and terms (tandem
/// fit, boundary, |repulsion|), with toggles, log y and smoothing that keeps a faint raw line.
/// GUI thread only; reads RunData (owned by MainWindow, outlives the panel).
#include "ui/panels/plot_panel.h"

class QCheckBox;
class QSlider;

namespace ml::ui {

class LossPanel : public PlotPanel {
  Q_OBJECT
 public:
  explicit LossPanel(QWidget* parent = nullptr);
  QCustomPlot* plot() const override { return plot_; }
  QString export_name() const override { return QStringLiteral("loss"); }
  void refresh(const RunData& data, unsigned changes) override;

  /// Distinct curves (forward + inverse networks) currently drawn: for tests.
  int drawn_networks() const { return drawn_networks_; }
  void set_smoothing(int percent);
  void set_log_y(bool on);

 private:
  void rebuild();

  const RunData* data_ = nullptr;
  QCustomPlot* plot_ = nullptr;
  QCheckBox* forward_box_ = nullptr;
  QCheckBox* term_boxes_[4] = {};
  QCheckBox* log_box_ = nullptr;
  QSlider* smooth_ = nullptr;
  int drawn_networks_ = 0;
};

}  // namespace ml::ui
