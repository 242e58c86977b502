#include "ui/plotting/figure_export.h"

#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QFileInfo>
#include <QImage>
#include <QSvgGenerator>
#include <qcustomplot.h>

#include "ui/atomic_file.h"

namespace ml::ui {
namespace {

QImage render_image(QCustomPlot* plot, const FigureOptions& o) {
  const double scale = o.dpi / 96.0;
  QImage image = plot->toPixmap(o.width, o.height, scale).toImage();
  const int dots_per_metre = qRound(o.dpi / 0.0254);
  image.setDotsPerMeterX(dots_per_metre);
  image.setDotsPerMeterY(dots_per_metre);
  return image;
}

QByteArray render_svg(QCustomPlot* plot, const FigureOptions& o) {
  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  QSvgGenerator svg;
  svg.setOutputDevice(&buffer);
  svg.setSize(QSize(o.width, o.height));
  svg.setViewBox(QRect(0, 0, o.width, o.height));
  svg.setTitle(QStringLiteral("ManifoldLab figure"));
  QCPPainter painter;
  painter.begin(&svg);
  // The same modes QCustomPlot uses for PDF: no pixmap caching, vector cosmetic pens.
  painter.setMode(QCPPainter::pmVectorized);
  painter.setMode(QCPPainter::pmNoCaching);
  plot->toPainter(&painter, o.width, o.height);
  painter.end();
  return buffer.data();
}

}  // namespace

bool figure_format_for(const QString& path, FigureFormat* format) {
  const QString s = QFileInfo(path).suffix().toLower();
  if (s == "png")
    *format = FigureFormat::Png;
  else if (s == "pdf")
    *format = FigureFormat::Pdf;
  else if (s == "svg")
    *format = FigureFormat::Svg;
  else
    return false;
  return true;
}

QString figure_suffix(FigureFormat format) {
  switch (format) {
    case FigureFormat::Png:
      return "png";
    case FigureFormat::Pdf:
      return "pdf";
    case FigureFormat::Svg:
      return "svg";
  }
  return {};
}

QString export_figure(QCustomPlot* plot, const QString& path, const FigureOptions& o) {
  if (!plot) return QObject::tr("nothing to export");
  if (o.width < 16 || o.height < 16 || o.dpi < 10)
    return QObject::tr("figure size %1x%2 at %3 dpi is too small").arg(o.width).arg(o.height).arg(o.dpi);
  FigureFormat format;
  if (!figure_format_for(path, &format)) return QObject::tr("%1: use a .png, .pdf or .svg name").arg(path);
  switch (format) {
    case FigureFormat::Png: {
      QByteArray bytes;
      QBuffer buffer(&bytes);
      buffer.open(QIODevice::WriteOnly);
      if (!render_image(plot, o).save(&buffer, "PNG")) return QObject::tr("cannot encode PNG");
      return write_file_atomic(path, bytes);
    }
    case FigureFormat::Svg:
      return write_file_atomic(path, render_svg(plot, o));
    case FigureFormat::Pdf:
      return write_file_atomic(path, [&](const QString& tmp) {
        return plot->savePdf(tmp, o.width, o.height, QCP::epNoCosmetic, "ManifoldLab", "ManifoldLab figure");
      });
  }
  return {};
}

void copy_figure(QCustomPlot* plot, const FigureOptions& o) {
  if (plot) QApplication::clipboard()->setImage(render_image(plot, o));
}

}  // namespace ml::ui
