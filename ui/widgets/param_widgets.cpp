#include "ui/widgets/param_widgets.h"

#include <algorithm>
#include <cmath>

namespace ml::ui {
namespace {
constexpr int kPositions = 1000;
}

SciSpinBox::SciSpinBox(QWidget* parent) : QDoubleSpinBox(parent) {
  setDecimals(12);
  setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
  setKeyboardTracking(false);  // apply on Enter or focus loss, not on every keystroke
}

QString SciSpinBox::textFromValue(double value) const { return QString::number(value, 'g', 6); }

double SciSpinBox::valueFromText(const QString& text) const { return text.trimmed().toDouble(); }

QValidator::State SciSpinBox::validate(QString& text, int&) const {
  const QString t = text.trimmed();
  if (t.isEmpty() || t == "-" || t.endsWith('e') || t.endsWith("e-") || t.endsWith('.'))
    return QValidator::Intermediate;
  bool ok = false;
  const double v = t.toDouble(&ok);
  if (!ok) return QValidator::Invalid;
  return v >= minimum() && v <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
}

QSlider* make_slider(QSpinBox* spin, const SliderHint& hint, QWidget* parent) {
  auto* slider = new QSlider(Qt::Horizontal, parent);
  slider->setRange(static_cast<int>(hint.min), static_cast<int>(hint.max));
  slider->setPageStep(1);
  slider->setTickPosition(QSlider::TicksBelow);
  slider->setValue(spin->value());
  QObject::connect(slider, &QSlider::valueChanged, spin, &QSpinBox::setValue);
  QObject::connect(spin, qOverload<int>(&QSpinBox::valueChanged), slider, [slider](int v) {
    const QSignalBlocker block(slider);
    slider->setValue(v);
  });
  return slider;
}

QSlider* make_slider(SciSpinBox* spin, const SliderHint& hint, QWidget* parent) {
  auto* slider = new QSlider(Qt::Horizontal, parent);
  slider->setRange(0, kPositions);
  const bool zero = hint.log && hint.zero_at_left;
  const int first = zero ? 1 : 0;  // position 0 is "off" when zero sits at the far left
  const auto scaled = [log = hint.log](double v) { return log ? std::log10(v) : v; };
  const double lo = scaled(hint.min), hi = scaled(hint.max);
  auto to_value = [=](int pos) {
    if (zero && pos == 0) return 0.0;
    const double s = lo + static_cast<double>(pos - first) / (kPositions - first) * (hi - lo);
    return hint.log ? std::pow(10.0, s) : s;
  };
  auto to_pos = [=](double v) {
    if (hint.log && v <= 0) return 0;
    const double t = (scaled(v) - lo) / (hi - lo);
    return first + static_cast<int>(std::lround(std::clamp(t, 0.0, 1.0) * (kPositions - first)));
  };
  slider->setValue(to_pos(spin->value()));
  // Round slider values to 3 significant digits: exact numbers belong in the spin box.
  QObject::connect(slider, &QSlider::valueChanged, spin, [spin, to_value, to_pos](int pos) {
    if (to_pos(spin->value()) == pos) return;
    const double v = to_value(pos);
    spin->setValue(v == 0 ? 0 : QString::number(v, 'g', 3).toDouble());
  });
  QObject::connect(spin, qOverload<double>(&QDoubleSpinBox::valueChanged), slider, [slider, to_pos](double v) {
    const QSignalBlocker block(slider);
    slider->setValue(to_pos(v));
  });
  return slider;
}

}  // namespace ml::ui
