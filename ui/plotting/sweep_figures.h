#pragma once
/// Figures of a sweep's summary (summary.json, read by core's read_summary): a metric against k with 95 % error bars,
/// one series per setting, and lambda x sigma^2 heatmaps. Used by `manifoldlab-cli figure`; GUI thread only
/// (QCustomPlot is a widget).
#include <QString>
#include <map>
#include <string>
#include <vector>

#include "core/experiments/sweep.h"

class QCustomPlot;

namespace ml::ui {

using ml::SummaryStat;
using ml::SweepCell;

/// A series is every cell of `problem` that shares (preset, forward, lambda, sigma2,
/// inverse_targets, schedule), ordered by k. Each metric in `metrics` is drawn per series (solid
/// for the first metric, dashed for the second, ...) with its full 95 % interval; on a log axis an
/// interval reaching zero or below is drawn to the axis' bottom and the figure says so. Returns
/// the number of series drawn.
int plot_metrics_vs_k(QCustomPlot* plot, const std::vector<SweepCell>& cells, const std::string& problem,
                      const std::vector<std::string>& metrics, const QString& y_label, bool log_y);

/// lambda (x) by sigma^2 (y) cells of `problem` at k, coloured by the metric's mean (log scale when
/// log_colour), with a colour bar. Returns false when the cells do not span a 2-D grid.
bool plot_lambda_sigma_heatmap(QCustomPlot* plot, const std::vector<SweepCell>& cells, const std::string& problem,
                               int k, const std::string& metric, const QString& label, bool log_colour);

/// Human name of a metric key ("selected_resim_mse" -> "selected re-simulation MSE").
QString metric_label(const std::string& metric);

}  // namespace ml::ui
