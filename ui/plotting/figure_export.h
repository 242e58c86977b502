#pragma once
/// Figure export shared by the GUI's panels (and, later, the CLI's `figure` command): PNG at a
/// chosen size and DPI, PDF (vector, QCustomPlot::savePdf) and SVG (vector, QSvgGenerator; QCustomPlot
/// has no SVG writer). GUI thread only (QCustomPlot is a widget). Files are replaced atomically.
#include <QString>

class QCustomPlot;

namespace ml::ui {

enum class FigureFormat { Png, Pdf, Svg };

struct FigureOptions {
  int width = 900;  ///< layout size in logical pixels (PDF/SVG: points)
  int height = 600;
  int dpi = 150;  ///< PNG only: pixels per inch; the image is width*dpi/96 pixels wide
};

/// The format named by the path's suffix (.png, .pdf, .svg); false for anything else.
bool figure_format_for(const QString& path, FigureFormat* format);
QString figure_suffix(FigureFormat format);

/// Writes the plot to path in the format its suffix names. Returns "" on success, else a
/// one-line error. The plot's on-screen size is not changed.
QString export_figure(QCustomPlot* plot, const QString& path, const FigureOptions& options);

/// Puts a PNG rendering of the plot on the clipboard.
void copy_figure(QCustomPlot* plot, const FigureOptions& options);

}  // namespace ml::ui
