#pragma once
/// Small editors used by ControlsPanel: a spin box that shows reals in short scientific form,
/// and a log-scaled slider kept in step with such a spin box. GUI thread only; Qt ownership.
#include <QDoubleSpinBox>
#include <QSlider>

namespace ml::ui {

/// A QDoubleSpinBox that keeps 12 decimals internally but shows values like 0.02 or 3e-05.
class SciSpinBox : public QDoubleSpinBox {
  Q_OBJECT
 public:
  explicit SciSpinBox(QWidget* parent = nullptr);
  QString textFromValue(double value) const override;
  double valueFromText(const QString& text) const override;
  QValidator::State validate(QString& text, int& pos) const override;
};

/// A horizontal slider whose positions are spaced evenly in log10 between lo and hi (both > 0).
/// With allow_zero, position 0 means exactly 0 ("off"). Moves `spin` and follows it.
QSlider* make_log_slider(SciSpinBox* spin, double lo, double hi, bool allow_zero, QWidget* parent);

}  // namespace ml::ui
