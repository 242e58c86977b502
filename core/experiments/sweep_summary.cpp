#include "core/experiments/sweep_summary.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/experiments/sweep_cell.h"
#include "core/experiments/sweep_identity.h"
#include "core/platform/run_io.h"

namespace ml {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

/// The folder's trial records.
std::vector<json> read_trials(const std::string& dir) {
  std::vector<json> out;
  for (auto& [path, record] : read_trial_files(dir)) {
    if (!record.contains("status")) record["status"] = "finished";  // written before failures were kept
    out.push_back(std::move(record));
  }
  return out;
}

const std::vector<std::string> kSummaryMetrics{"forward_test_mse",
                                               "selected_resim_mse",
                                               "oracle_resim_mse",
                                               "mixture_coverage",
                                               "selected_valid_share",
                                               "simulator_selected_valid_share",
                                               "valid_distinct",
                                               "valid_networks",
                                               "all_networks_valid",
                                               "coverage",
                                               "seconds"};

json stats(std::vector<double> v) {
  json s;
  s["n"] = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  const double n = static_cast<double>(v.size());
  double mean = 0;
  for (double x : v) mean += x / n;
  double var = 0;
  for (double x : v) var += (x - mean) * (x - mean);
  const double sd = v.size() > 1 ? std::sqrt(var / (n - 1)) : 0.0;
  const double half = v.size() > 1 ? t_quantile_975(static_cast<int>(v.size())) * sd / std::sqrt(n) : 0.0;
  s["mean"] = mean;
  s["std"] = sd;
  s["median"] = v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
  s["min"] = v.front();
  s["max"] = v.back();
  s["ci95_low"] = mean - half;
  s["ci95_high"] = mean + half;
  return s;
}

std::string csv_value(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) {  // RFC 4180 quoting: a data set's path may hold a comma or a quote
    const std::string text = v.get<std::string>();
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
  }
  if (v.is_array()) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : ";") + csv_value(x);
    return out;
  }
  std::ostringstream os;
  os.precision(9);
  if (v.is_number_integer())
    os << v.get<long long>();
  else
    os << v.get<double>();
  return os.str();
}

}  // namespace

double t_quantile_975(int n) {
  static const double table[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                 2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                 2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  const int df = n - 1;
  if (df < 1) return NAN;
  return df <= 30 ? table[df - 1] : 1.96 + 2.4 / df;  // 1.96 + ~2.4/df tracks the t tail beyond 30
}

int write_summaries(const std::string& dir) {
  const auto identity = folder_identity(dir);  // throws when a trial file's settings differ
  const auto trials = read_trials(dir);
  const fs::path d(dir);
  // trials.csv
  std::vector<std::string> columns{"id"};
  columns.insert(columns.end(), cell_columns().begin(), cell_columns().end());
  columns.insert(columns.end(), {"trial", "seed", "forward_test_mse", "selected_resim_mse", "oracle_resim_mse",
                                 "mixture_coverage", "selected_valid_share", "valid_distinct", "valid_networks",
                                 "coverage", "per_network_coverage", "per_network_resim_mse", "selected_resim_mse_by_k",
                                 "oracle_resim_mse_by_k", "seconds", "status", "reason"});
  std::ostringstream csv;
  for (size_t i = 0; i < columns.size(); ++i) csv << (i ? "," : "") << columns[i];
  csv << "\n";
  for (const auto& t : trials) {
    for (size_t i = 0; i < columns.size(); ++i) csv << (i ? "," : "") << csv_value(t.value(columns[i], json()));
    csv << "\n";
  }
  write_text_atomic((d / "trials.csv").string(), csv.str());

  // summary per cell, in first-seen order
  std::vector<std::string> order;
  std::map<std::string, std::vector<json>> groups;
  for (const auto& t : trials) {
    const std::string key = cell_key(t);
    if (!groups.count(key)) order.push_back(key);
    groups[key].push_back(t);
  }
  json cells = json::array();
  std::ostringstream sum;
  const std::vector<std::string>& cell_cols = cell_columns();
  const std::vector<std::string> stat_cols{"n", "mean", "std", "median", "min", "max", "ci95_low", "ci95_high"};
  for (size_t i = 0; i < cell_cols.size(); ++i) sum << (i ? "," : "") << cell_cols[i];
  sum << ",n_failed";
  for (const auto& m : kSummaryMetrics)
    for (const auto& s : stat_cols) sum << "," << m << "_" << s;
  sum << "\n";
  for (const auto& key : order) {
    const auto& g = groups[key];
    json cell;
    for (const auto& c : cell_cols) cell[c] = g.front().value(c, json());
    cell["n_failed"] = std::count_if(g.begin(), g.end(), trial_failed);
    for (const auto& m : kSummaryMetrics) {
      std::vector<double> v;
      for (const auto& t : g)
        if (!trial_failed(t) && t.contains(m) && t.at(m).is_number()) v.push_back(t.at(m).get<double>());
      cell[m] = stats(v);
    }
    cells.push_back(cell);
    for (size_t i = 0; i < cell_cols.size(); ++i) sum << (i ? "," : "") << csv_value(cell[cell_cols[i]]);
    sum << "," << csv_value(cell["n_failed"]);
    for (const auto& m : kSummaryMetrics)
      for (const auto& s : stat_cols) sum << "," << csv_value(cell[m].value(s, json()));
    sum << "\n";
  }
  write_text_atomic((d / "summary.csv").string(), sum.str());
  json summary;
  summary["trials"] = trials.size();
  summary["failed"] = std::count_if(trials.begin(), trials.end(), trial_failed);
  if (identity) summary["settings_hash"] = identity->hash();
  summary["cells"] = cells;
  summary["note"] =
      "mean and spread over finished trials (n_failed per cell are left out); "
      "ci95 is mean +/- t(0.975, n-1) * std / sqrt(n)";
  write_text_atomic((d / "summary.json").string(), summary.dump(2) + "\n");
  return static_cast<int>(trials.size());
}

std::vector<SweepCell> read_summary(const std::string& dir) {
  const std::string path = (fs::path(dir) / "summary.json").string();
  const std::string text = read_text(path);  // throws a one-line error naming the file
  std::vector<SweepCell> cells;
  try {
    const json j = json::parse(text);
    for (const auto& c : j.at("cells")) {
      SweepCell cell;
      cell.problem = c.at("problem").get<std::string>();
      cell.preset = c.at("preset").get<std::string>();
      cell.inverse_targets = c.at("inverse_targets").get<std::string>();
      cell.schedule = c.at("schedule").get<std::string>();
      if (c.contains("forward") && c.at("forward").is_string()) cell.forward = c.at("forward").get<std::string>();
      cell.k = c.at("k").get<int>();
      cell.lambda = c.at("lambda").get<double>();
      cell.sigma2 = c.at("sigma2").get<double>();
      for (const auto& [key, value] : c.items()) {
        if (!value.is_object() || !value.contains("mean")) continue;
        SummaryStat s;
        s.n = value.at("n").get<int>();
        s.mean = value.at("mean").get<double>();
        s.low = value.value("ci95_low", s.mean);
        s.high = value.value("ci95_high", s.mean);
        cell.stats[key] = s;
      }
      cells.push_back(cell);
    }
  } catch (const json::exception& e) {
    throw std::runtime_error(path + " is malformed: " + e.what());
  }
  return cells;
}

}  // namespace ml
