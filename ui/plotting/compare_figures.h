#pragma once
/// Figures of a method comparison (compare.json): the best-of-T curve r_T against T, and the
/// error against inference time per target. Used by `manifoldlab-cli figure` and `compare`; GUI
/// thread only (QCustomPlot is a widget).
#include "core/experiments/compare.h"

class QCustomPlot;

namespace ml::ui {

/// r_T against T on log-log axes, one series per method (a single marker where a method has one
/// proposal). Returns the number of series drawn.
int plot_best_of_t(QCustomPlot* plot, const CompareResult& result);

/// r_1 against microseconds per target on log-log axes; neural adjoint's budgets joined by a line.
int plot_error_vs_time(QCustomPlot* plot, const CompareResult& result);

}  // namespace ml::ui
