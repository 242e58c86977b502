#pragma once
/// How panels draw: the desktop look, or presentation view for a lecture room's projector
/// (large fonts, thick lines, big markers, high-contrast colours). One theme per process; GUI
/// thread only. Panels read it whenever they rebuild a plot, so a figure exported from a panel
/// looks like the panel on screen.
#include <QColor>

class QCustomPlot;

namespace ml::ui {

struct Theme {
  bool presentation = false;
  double font_scale = 1.0;    ///< text, relative to the desktop's default font
  double line_scale = 1.0;    ///< pen widths
  double marker_scale = 1.0;  ///< scatter marker sizes
};

/// The current theme (desktop until set_presentation(true)).
const Theme& theme();
/// Presentation view for a screen `screen_height` logical pixels tall. A projector shows any
/// resolution at the same size on the wall, so the scales follow the height to keep text and lines
/// the same size on the wall: 1.6x text at 1080 pixels, less on a 720-pixel projector, never below
/// the desktop's.
Theme presentation_theme(int screen_height);
/// Switches the theme and scales the application font; panels must then be restyled
/// (PlotPanel::apply_theme).
void set_presentation(bool on, int screen_height = 1080);

/// A pen width or marker size in desktop units, scaled for the current theme.
inline double line_width(double desktop) { return desktop * theme().line_scale; }
inline double marker_size(double desktop) { return desktop * theme().marker_scale; }

/// Fonts and axis pens of a plot for the current theme (also used for new plots).
void style_plot(QCustomPlot* plot);

}  // namespace ml::ui
