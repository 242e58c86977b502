#pragma once
/// Small editors used by ControlsPanel: a spin box that shows reals in short scientific form,
/// and the sliders (ParamSpec::slider) kept in step with a spin box. GUI thread only; Qt ownership.
#include <QDoubleSpinBox>
#include <QSlider>
#include <QSpinBox>

#include "core/api/config.h"

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

/// A horizontal slider over hint's range that moves `spin` and follows it: one position per
/// integer for a QSpinBox; for a SciSpinBox 1000 positions, spaced evenly in log10 when hint.log,
/// the far-left one exactly 0 when hint.zero_at_left. Owned by parent.
QSlider* make_slider(QSpinBox* spin, const SliderHint& hint, QWidget* parent);
QSlider* make_slider(SciSpinBox* spin, const SliderHint& hint, QWidget* parent);

}  // namespace ml::ui
