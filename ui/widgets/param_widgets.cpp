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

double SciSpinBox::valueFromText(const QString& text) const {
  return text.trimmed().toDouble();
}

QValidator::State SciSpinBox::validate(QString& text, int&) const {
  const QString t = text.trimmed();
  if (t.isEmpty() || t == "-" || t.endsWith('e') || t.endsWith("e-") || t.endsWith('.'))
    return QValidator::Intermediate;
  bool ok = false;
  const double v = t.toDouble(&ok);
  if (!ok) return QValidator::Invalid;
  return v >= minimum() && v <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
}

QSlider* make_log_slider(SciSpinBox* spin, double lo, double hi, bool allow_zero, QWidget* parent) {
  auto* slider = new QSlider(Qt::Horizontal, parent);
  slider->setRange(0, kPositions);
  const int first = allow_zero ? 1 : 0;  // position 0 is "off" when zero is allowed
  const double llo = std::log10(lo), lhi = std::log10(hi);
  auto to_value = [=](int pos) {
    if (allow_zero && pos == 0) return 0.0;
    const double t = static_cast<double>(pos - first) / (kPositions - first);
    return std::pow(10.0, llo + t * (lhi - llo));
  };
  auto to_pos = [=](double v) {
    if (v <= 0) return allow_zero ? 0 : first;
    const double t = (std::log10(v) - llo) / (lhi - llo);
    return first + static_cast<int>(std::lround(std::clamp(t, 0.0, 1.0) * (kPositions - first)));
  };
  slider->setValue(to_pos(spin->value()));
  // Round slider values to 3 significant digits: exact numbers belong in the spin box.
  QObject::connect(slider, &QSlider::valueChanged, spin, [spin, to_value, to_pos, slider](int pos) {
    if (to_pos(spin->value()) == pos) return;
    const double v = to_value(pos);
    spin->setValue(v == 0 ? 0 : QString::number(v, 'g', 3).toDouble());
    Q_UNUSED(slider);
  });
  QObject::connect(spin, qOverload<double>(&QDoubleSpinBox::valueChanged), slider, [slider, to_pos](double v) {
    const QSignalBlocker block(slider);
    slider->setValue(to_pos(v));
  });
  return slider;
}

}  // namespace ml::ui
