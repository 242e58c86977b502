#include "ui/panels/plot_panel.h"

#include <algorithm>
#include <memory>

#include <QMenu>
#include <qcustomplot.h>

#include "ui/plotting/figure_export.h"
#include "ui/teaching/panel_help.h"
#include "ui/theme.h"

namespace ml::ui {

void PlotPanel::install_plot_menu(QCustomPlot* plot) {
  plot->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(plot, &QWidget::customContextMenuRequested, this, [this, plot](const QPoint& pos) {
    QMenu menu(this);
    menu.addAction(tr("What am I seeing?"), this,
                   [this, plot, pos] { show_panel_help(help_name(), plot->mapToGlobal(pos), this); });
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
  if (units_x >= units_y)
    plot->yAxis->setScaleRatio(plot->xAxis, 1.0);
  else
    plot->xAxis->setScaleRatio(plot->yAxis, 1.0);
}

namespace {
/// Lays the plot out again at once, from inside an afterLayout handler (which replot emits after
/// setting up the ticks): ticks, margins and positions then match what the handler changed.
void lay_out_again(QCustomPlot* plot) {
  for (auto phase : {QCPLayoutElement::upPreparation, QCPLayoutElement::upMargins, QCPLayoutElement::upLayout})
    plot->plotLayout()->update(phase);
}
}  // namespace

void keep_equal_units(QCustomPlot* plot, std::function<bool()> home) {
  auto fitted = std::make_shared<QSize>();  // the plot area's size at the last fit
  QObject::connect(plot, &QCustomPlot::afterLayout, plot, [plot, home = std::move(home), fitted] {
    const QSize size = plot->axisRect()->rect().size();
    if (size == *fitted || !home()) return;
    *fitted = size;
    fit_equal_aspect(plot);
    lay_out_again(plot);  // ticks for the new ranges in this very frame
  });
}

namespace {

constexpr const char* kLegendOutside = "legend_outside";  // a plot property: 0 inset, else 1 + LegendGoal

enum class LegendPlace { Inset, Below, Right };

/// An outside legend lives in a holder grid of its own (margins keep its frame off the edges).
constexpr const char* kBelowHolder = "legend_below";
constexpr const char* kRightHolder = "legend_right";

LegendPlace legend_place(QCustomPlot* plot) {
  const QCPLayout* holder = plot->legend->layout();
  if (holder == plot->axisRect()->insetLayout()) return LegendPlace::Inset;
  return holder->objectName() == kRightHolder ? LegendPlace::Right : LegendPlace::Below;
}

void move_legend(QCustomPlot* plot, LegendPlace place) {
  if (legend_place(plot) == place) return;
  QCPLegend* legend = plot->legend;
  QCPLayoutGrid* grid = plot->plotLayout();
  QCPLayoutInset* inset = plot->axisRect()->insetLayout();
  if (legend_place(plot) == LegendPlace::Inset) {
    inset->take(legend);
  } else {
    QCPLayout* holder = legend->layout();
    holder->take(legend);
    grid->remove(holder);  // with the spacer beside the legend
    grid->simplify();
  }
  if (place == LegendPlace::Inset) {
    inset->addElement(legend, Qt::AlignTop | Qt::AlignRight);
    return;
  }
  auto* holder = new QCPLayoutGrid;
  if (place == LegendPlace::Below) {
    holder->setObjectName(kBelowHolder);
    const int row = grid->rowCount();
    grid->addElement(row, 0, holder);
    grid->setRowStretchFactor(row, 0.001);  // only as tall as its entries
    holder->setMargins(QMargins(4, 2, 4, 6));
    holder->addElement(0, 0, legend);
  } else {
    // A column of its own: the legend at the top, an empty element taking the rest of the height.
    holder->setObjectName(kRightHolder);
    const int column = grid->columnCount();
    grid->addElement(0, column, holder);
    grid->setColumnStretchFactor(column, 0.001);  // only as wide as its entries
    holder->setMargins(QMargins(6, 10, 10, 0));
    holder->addElement(0, 0, legend);
    holder->addElement(1, 0, new QCPLayoutElement(plot));
    holder->setRowStretchFactor(0, 0.001);
  }
}

void set_columns(QCPLegend* legend, int columns) {
  legend->setWrap(columns > 1 ? columns : 0);
  legend->setFillOrder(columns > 1 ? QCPLayoutGrid::foColumnsFirst : QCPLayoutGrid::foRowsFirst, /*rearrange=*/true);
}

}  // namespace

void set_legend_outside(QCustomPlot* plot, bool outside, LegendGoal goal) {
  plot->setProperty(kLegendOutside, outside ? 1 + static_cast<int>(goal) : 0);
  move_legend(plot, outside ? LegendPlace::Below : LegendPlace::Inset);
}

bool fit_legend(QCustomPlot* plot) {
  QCPLegend* legend = plot->legend;
  int entries = 0, widest = 1, tallest = 1;
  for (int i = 0; i < legend->elementCount(); ++i)  // a wrapped grid's last row may have empty cells
    if (QCPLayoutElement* entry = legend->elementAt(i)) {
      ++entries;
      widest = std::max(widest, entry->minimumOuterSizeHint().width());
      tallest = std::max(tallest, entry->minimumOuterSizeHint().height());
    }
  if (entries == 0) return false;
  const int frame = legend->margins().left() + legend->margins().right() + 8;
  const int column_w = widest + legend->columnSpacing(), row_h = tallest + legend->rowSpacing();
  const QRect outer = plot->axisRect()->outerRect(), inner = plot->axisRect()->rect();
  const int margin_w = outer.width() - inner.width(), margin_h = outer.height() - inner.height();
  const auto rows_for = [&](int columns) { return (entries + columns - 1) / columns; };
  LegendPlace place = LegendPlace::Inset;
  int columns = 1;
  if (const int outside = plot->property(kLegendOutside).toInt(); outside > 0) {
    // Outside the data: below or right of it, whichever leaves more for the goal. The space in
    // play is the axis rect's plus the legend's.
    const bool square = outside - 1 == static_cast<int>(LegendGoal::SquareData);
    const auto score = [square](int w, int h) {
      return square ? std::min(w, h) : static_cast<int>(std::min(1LL << 30, 1LL * std::max(0, w) * std::max(0, h)));
    };
    const LegendPlace now = legend_place(plot);
    const QRect l = now == LegendPlace::Inset ? QRect() : legend->layout()->outerRect();  // with its holder's margins
    const int W = outer.width() + (now == LegendPlace::Right ? l.width() : 0);
    const int H = outer.height() + (now == LegendPlace::Below ? l.height() : 0);
    const int below_columns = std::clamp((W - frame + legend->columnSpacing()) / column_w, 1, entries);
    const int below_score = score(W - margin_w, H - margin_h - rows_for(below_columns) * row_h - frame);
    const int right_rows = std::max(1, (H - frame) / row_h);
    const int right_columns = std::clamp((entries + right_rows - 1) / right_rows, 1, entries);
    const int right_score = score(W - margin_w - right_columns * column_w - frame, H - margin_h);
    place = right_score > below_score ? LegendPlace::Right : LegendPlace::Below;
    columns = place == LegendPlace::Right ? right_columns : below_columns;
    // Too cramped for either (a small dock): a covered corner beats a plot with no room at all.
    const int free_score = score(W - margin_w, H - margin_h);
    if (std::max(right_score, below_score) < free_score / 2) place = LegendPlace::Inset;
  }
  if (place == LegendPlace::Inset && entries > 1) {
    // Inset: a legend taller than about 60 % of the data area hides the curves; spread it out
    // while it still fits 70 % of the width.
    const int rows_fit = std::max(1, static_cast<int>(inner.height() * 0.6) / row_h);
    const int width_cap = std::max(1, static_cast<int>(outer.width() * 0.7 - frame) / column_w);
    columns = std::clamp((entries + rows_fit - 1) / rows_fit, 1, std::min(entries, width_cap));
  }
  const int wrap = columns > 1 ? columns : 0;
  if (legend_place(plot) == place && legend->wrap() == wrap) return false;
  move_legend(plot, place);
  set_columns(legend, columns);
  return true;
}

QCustomPlot* make_plot(QWidget* parent) {
  auto* plot = new QCustomPlot(parent);
  plot->setAntialiasedElements(QCP::aeAll);
  plot->setNoAntialiasingOnDrag(true);
  plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot->setMinimumSize(240, 180);
  style_plot(plot);
  // Legend columns depend on the laid-out size; when they change, lay out again at once, so the
  // screen and exported figures both show the fitted legend in the same frame.
  QObject::connect(plot, &QCustomPlot::afterLayout, plot, [plot] {
    if (plot->legend->visible() && fit_legend(plot)) lay_out_again(plot);
  });
  // A legend without entries (nothing drawn yet) would be an empty frame, and below or beside the
  // plot its few pixels' width would cap the plot's: it waits inset and hidden until it has some.
  QObject::connect(plot, &QCustomPlot::beforeReplot, plot, [plot] {
    const bool any = plot->legend->itemCount() > 0;
    plot->legend->setVisible(any);
    if (!any) move_legend(plot, LegendPlace::Inset);
  });
  return plot;
}

void PlotPanel::apply_theme(const RunData& data) {
  style_plot(plot());
  refresh(data, kProblem | kLosses | kProgress | kSweep | kFocus | kMetrics | kFocusTarget);
}

}  // namespace ml::ui
