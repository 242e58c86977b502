#include "ui/theme.h"

#include <QApplication>
#include <algorithm>
#include <qcustomplot.h>

namespace ml::ui {
namespace {

Theme g_theme;

// Measured on a 1920x1080 projector picture: 1.6x text stays legible from the back row.
constexpr Theme kPresentation1080{true, 1.6, 2.2, 1.7};

/// The desktop font, captured before the first change so that toggling never compounds.
const QFont& desktop_font() {
  static const QFont font = QApplication::font();
  return font;
}

QFont scaled(QFont f, double scale) {
  if (f.pointSizeF() > 0)
    f.setPointSizeF(f.pointSizeF() * scale);
  else
    f.setPixelSize(qRound(f.pixelSize() * scale));
  return f;
}

void style_axis(QCPAxis* axis, const QFont& font) {
  axis->setLabelFont(font);
  axis->setTickLabelFont(font);
  const QPen ink(Qt::black, line_width(1.0));
  axis->setBasePen(ink);
  axis->setTickPen(ink);
  axis->setSubTickPen(ink);
  const int grey = g_theme.presentation ? 160 : 200;  // a projector washes light greys out
  axis->grid()->setPen(QPen(QColor(grey, grey, grey), g_theme.presentation ? 1.0 : 0.0, Qt::DotLine));
}

}  // namespace

const Theme& theme() { return g_theme; }

Theme presentation_theme(int screen_height) {
  const double wall = std::clamp(screen_height / 1080.0, 0.25, 2.0);  // logical pixels per 1080p pixel
  const auto scale = [wall](double at_1080) { return std::max(1.0, at_1080 * wall); };
  return {true, scale(kPresentation1080.font_scale), scale(kPresentation1080.line_scale),
          scale(kPresentation1080.marker_scale)};
}

void set_presentation(bool on, int screen_height) {
  const QFont& base = desktop_font();
  g_theme = on ? presentation_theme(screen_height) : Theme{};
  QApplication::setFont(scaled(base, g_theme.font_scale));
}

void style_plot(QCustomPlot* plot) {
  const QFont font = scaled(desktop_font(), g_theme.font_scale);
  plot->setFont(font);  // new axes and colour scales start from the plot's font
  for (QCPAxisRect* rect : plot->axisRects())
    for (QCPAxis* axis : rect->axes()) style_axis(axis, font);
  for (QCPLayoutElement* e : plot->plotLayout()->elements(true))
    if (auto* scale = qobject_cast<QCPColorScale*>(e)) style_axis(scale->axis(), font);
  plot->legend->setFont(scaled(font, 0.85));
  plot->legend->setIconSize(qRound(32 * g_theme.font_scale), qRound(18 * g_theme.font_scale));
  plot->legend->setBorderPen(QPen(Qt::black, line_width(1.0)));
  plot->legend->setBrush(QColor(255, 255, 255, g_theme.presentation ? 240 : 220));
}

}  // namespace ml::ui
