#pragma once
/// Figures of a sweep's summary (summary.json): a metric against k with 95 % error bars, one
/// series per setting, and lambda x sigma^2 heatmaps. Used by `manifoldlab-cli figure`; GUI thread
/// only (QCustomPlot is a widget).
#include <QString>
#include <map>
#include <string>
#include <vector>

class QCustomPlot;

namespace ml::ui {

struct SummaryStat {
  int n = 0;
  double mean = 0, low = 0, high = 0;  ///< low/high: the 95 % interval of the mean
};

/// One cell of summary.json.
struct SweepCell {
  std::string problem, preset, inverse_targets, schedule;
  std::string forward;  ///< "learned" or "true"; empty in a summary written before it was recorded
  int k = 0;
  double lambda = 0, sigma2 = 0;
  std::map<std::string, SummaryStat> stats;  ///< by metric name; absent when no trial had it
};

/// Reads DIR/summary.json. Returns false with a one-line error.
bool read_sweep_summary(const QString& dir, std::vector<SweepCell>* cells, QString* error);

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
