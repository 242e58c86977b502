#pragma once
/// A sweep folder's summaries: trials.csv, summary.csv and summary.json (means, spread and 95 %
/// t-intervals per cell over finished trials), and summary.json read back for figures.
/// Torch-free header.
#include <map>
#include <string>
#include <vector>

namespace ml {

/// Rebuilds DIR/trials.csv, DIR/summary.csv and DIR/summary.json from DIR/trials/*.json; means
/// and intervals are over finished trials, n_failed counts the failed ones per cell. Returns the
/// number of trials found. Throws std::runtime_error when a trial file's settings differ from
/// the folder's.
int write_summaries(const std::string& dir);

struct SummaryStat {
  int n = 0;
  double mean = 0, low = 0, high = 0;  ///< low/high: the 95 % interval of the mean
};

/// One cell of summary.json, as write_summaries writes it.
struct SweepCell {
  std::string problem, preset, inverse_targets, schedule;
  std::string forward;  ///< "learned" or "true"; empty in a summary written before it was recorded
  int k = 0;
  double lambda = 0, sigma2 = 0;
  std::map<std::string, SummaryStat> stats;  ///< by metric name; absent when no trial had it
};

/// Reads DIR/summary.json back (the inverse of write_summaries' JSON). Throws std::runtime_error
/// with a one-line message naming the file when it is missing or malformed.
std::vector<SweepCell> read_summary(const std::string& dir);

/// Student-t 97.5 % quantile for n - 1 degrees of freedom (95 % two-sided interval).
double t_quantile_975(int n);

}  // namespace ml
