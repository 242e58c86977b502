#pragma once
#include <functional>
/// The base of every dock panel that holds one exportable plot. Panels read RunData in
/// refresh() and never talk to the worker. GUI thread only; Qt parent-child ownership.
#include <QString>
#include <QWidget>

#include "ui/worker/run_data.h"

class QCustomPlot;

namespace ml::ui {

class PlotPanel : public QWidget {
  Q_OBJECT
 public:
  using QWidget::QWidget;
  /// The plot that Export and Copy use; never null once constructed.
  virtual QCustomPlot* plot() const = 0;
  /// File stem for "Export all panels" ("loss", "manifolds", ...).
  virtual QString export_name() const = 0;
  /// Key of the panel's "What am I seeing?" text (panel_help.h).
  virtual QString help_name() const { return export_name(); }
  /// Redraws what `changes` (a Change mask) says has moved.
  virtual void refresh(const RunData& data, unsigned changes) = 0;
  /// Restyles the plot for the current theme (theme.h) and redraws everything from data.
  void apply_theme(const RunData& data);

 signals:
  void exportRequested(ml::ui::PlotPanel* panel);

 protected:
  /// A right-click menu on the plot: What am I seeing?, Export…, Copy to clipboard, Reset view.
  void install_plot_menu(QCustomPlot* plot);
};

/// Equal units on both axes (lengths and distances look right), widening whichever axis has
/// room so that the current ranges stay visible. No-op before the plot has a size.
void fit_equal_aspect(QCustomPlot* plot);

/// Refits equal units whenever layout changes the plot area's size (a legend moving, a colour
/// scale, full screen), after `home` has reset the ranges; `home` returns false while there is
/// nothing to fit.
void keep_equal_units(QCustomPlot* plot, std::function<bool()> home);

/// What an outside legend leaves the most of: a square (maps with equal units) or area (curves).
enum class LegendGoal { SquareData, MostData };
/// Keeps the legend outside the data (so it never covers a point), below or right of the plot,
/// whichever leaves more for `goal`; or back in the top-right corner.
void set_legend_outside(QCustomPlot* plot, bool outside, LegendGoal goal = LegendGoal::SquareData);
/// Places and wraps the legend for the laid-out size: outside (see above) in as many columns as
/// fit; inset, spread into columns when it would cover most of the data area. Returns true when
/// the arrangement changed. make_plot's plots call it after every layout.
bool fit_legend(QCustomPlot* plot);

/// A new QCustomPlot with the house style (antialiasing, white background, the theme's fonts); its
/// legend shows whenever it has entries.
QCustomPlot* make_plot(QWidget* parent);

}  // namespace ml::ui
