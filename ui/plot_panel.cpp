#include "ui/plot_panel.h"

#include <QMenu>
#include <qcustomplot.h>

#include "ui/panel_help.h"
#include "ui/plotting/figure_export.h"
#include "ui/theme.h"

namespace ml::ui {

void PlotPanel::install_plot_menu(QCustomPlot* plot) {
  plot->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(plot, &QWidget::customContextMenuRequested, this, [this, plot](const QPoint& pos) {
    QMenu menu(this);
    menu.addAction(tr("What am I seeing?"), this, [this, plot, pos] {
      show_panel_help(help_name(), plot->mapToGlobal(pos), this);
    });
    menu.addSeparator();
    menu.addAction(tr("Export figure…"), this, [this] { emit exportRequested(this); });
    menu.addAction(tr("Copy to clipboard"), this, [plot] {
      copy_figure(plot, FigureOptions{plot->width(), plot->height(), 192});
    });
    menu.addSeparator();
    menu.addAction(tr("Reset view"), this, [plot] {
      plot->rescaleAxes();
      plot->replot();
    });
    menu.exec(plot->mapToGlobal(pos));
  });
}

void fit_equal_aspect(QCustomPlot* plot) {
  const QRect r = plot->axisRect()->rect();
  if (r.width() < 10 || r.height() < 10) return;
  const double units_x = plot->xAxis->range().size() / r.width();
  const double units_y = plot->yAxis->range().size() / r.height();
  if (units_x >= units_y) plot->yAxis->setScaleRatio(plot->xAxis, 1.0);
  else plot->xAxis->setScaleRatio(plot->yAxis, 1.0);
}

void put_legend_below(QCustomPlot* plot, bool below) {
  QCPLegend* legend = plot->legend;
  QCPLayoutInset* inset = plot->axisRect()->insetLayout();
  if (below == (legend->layout() == plot->plotLayout())) return;
  if (below) {
    inset->take(legend);
    const int row = plot->plotLayout()->rowCount();
    plot->plotLayout()->addElement(row, 0, legend);
    plot->plotLayout()->setRowStretchFactor(row, 0.001);  // only as tall as its entries
  } else {
    plot->plotLayout()->take(legend);
    plot->plotLayout()->simplify();
    inset->addElement(legend, Qt::AlignTop | Qt::AlignRight);
  }
}

QCustomPlot* make_plot(QWidget* parent) {
  auto* plot = new QCustomPlot(parent);
  plot->setAntialiasedElements(QCP::aeAll);
  plot->setNoAntialiasingOnDrag(true);
  plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot->setMinimumSize(240, 180);
  style_plot(plot);
  return plot;
}

void PlotPanel::apply_theme(const RunData& data) {
  style_plot(plot());
  refresh(data, kProblem | kLosses | kProgress | kSweep | kFocus | kMetrics | kFocusTarget);
}

}  // namespace ml::ui
