#pragma once
/// One colour per network, shared by every panel so that "network 2" looks the same everywhere.
/// Okabe-Ito (colour-blind safe), reordered so that small k gets the strongest contrasts on a
/// light heatmap. Presentation view (theme.h) swaps in a darker, more saturated set that a
/// projector does not wash out. GUI thread (reads the theme).
#include <QColor>
#include <array>
#include <string>

#include "ui/theme.h"

namespace ml::ui {

inline QColor network_color(int m) {
  static const std::array<QColor, 7> kProjector{
      QColor(0x00, 0x4C, 0xC8),  // strong blue
      QColor(0xE0, 0x38, 0x00),  // red-orange
      QColor(0x00, 0x8A, 0x3E),  // green
      QColor(0xB0, 0x00, 0x8C),  // magenta
      QColor(0xD9, 0x8C, 0x00),  // amber
      QColor(0x00, 0x9C, 0xC8),  // cyan
      QColor(0x5A, 0x2D, 0x9C),  // violet
  };
  static const std::array<QColor, 7> kColors{
      QColor(0x00, 0x72, 0xB2),  // blue
      QColor(0xD5, 0x5E, 0x00),  // vermillion
      QColor(0x00, 0x9E, 0x73),  // bluish green
      QColor(0xCC, 0x79, 0xA7),  // reddish purple
      QColor(0xE6, 0x9F, 0x00),  // orange
      QColor(0x56, 0xB4, 0xE9),  // sky blue
      QColor(0xB8, 0xA9, 0x00),  // yellow, darkened to stay visible on white
  };
  const auto& colors = theme().presentation ? kProjector : kColors;
  return colors[static_cast<size_t>(m < 0 ? 0 : m) % colors.size()];
}

/// The forward model's curve: neutral, so it never reads as one of the inverse networks.
inline QColor forward_color() { return theme().presentation ? QColor(Qt::black) : QColor(0x33, 0x33, 0x33); }

/// The baselines: direct regression in black (it is no network of the mixture), neural adjoint
/// in a dark teal that no network colour comes close to.
inline QColor direct_color() { return QColor(0x11, 0x11, 0x11); }
inline QColor adjoint_color() { return QColor(0x00, 0x5F, 0x5F); }

/// The generative baselines (MDN, cVAE, cINN: Engine::generative_methods()), each in a colour
/// and marker no network or other baseline uses: brown, grey, purple.
inline QColor generative_color(const std::string& method) {
  if (method == "mdn") return QColor(0x8C, 0x51, 0x0A);
  if (method == "cvae") return QColor(0x70, 0x70, 0x70);
  return QColor(0x7B, 0x1F, 0xA2);
}

/// The generative baselines' display names: "MDN", "cVAE", "cINN" (the method itself otherwise).
inline const char* generative_label(const std::string& method) {
  if (method == "mdn") return "MDN";
  if (method == "cvae") return "cVAE";
  if (method == "cinn") return "cINN";
  return method.c_str();
}

/// A faint version of a colour (raw loss lines under a smoothed one, background samples).
inline QColor faint(QColor c, int alpha = 60) {
  c.setAlpha(alpha);
  return c;
}

}  // namespace ml::ui
