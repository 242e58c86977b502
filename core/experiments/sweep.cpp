#include "core/experiments/sweep.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "core/engine.h"
#include "core/run_io.h"
#include "core/runtime.h"

namespace ml {

namespace fs = std::filesystem;
using json = nlohmann::json;

const std::vector<std::string>& sweep_axes() {
  static const std::vector<std::string> axes{"k", "lambda", "sigma2", "inverse_targets", "schedule"};
  return axes;
}

namespace {

/// The cell's identity: problem, preset and every sweep axis, as resolved.
json cell_of(const Config& c) {
  json j;
  j["problem"] = c.problem;
  j["preset"] = c.preset;
  if (is_csv_problem(c.problem)) {  // the same file read another way is another cell
    j["x_cols"] = c.x_cols;
    j["y_cols"] = c.y_cols;
    j["domain"] = c.domain;
  }
  for (const auto& key : sweep_axes()) {
    const ParamSpec* p = find_parameter(key);
    const std::string v = p->get(c);
    if (p->type == ParamType::Int) j[key] = std::stoll(v);
    else if (p->type == ParamType::Real) j[key] = std::stod(v);
    else j[key] = v;
  }
  return j;
}

/// Another reading of the same data set (columns, domain) is another cell.
std::string problem_key(const json& cell) {
  return problem_file_name(cell.at("problem").get<std::string>(),
                           cell.value("x_cols", "") + "\n" + cell.value("y_cols", "") + "\n" + cell.value("domain", ""));
}

std::string cell_key(const json& cell) {
  std::string key = problem_key(cell) + "_" + cell.at("preset").get<std::string>();
  for (const auto& axis : sweep_axes()) {
    const auto& v = cell.at(axis);
    std::ostringstream os;
    os.precision(6);
    if (v.is_string()) os << v.get<std::string>();
    else os << v.get<double>();
    key += "_" + axis + os.str();
  }
  return file_name_safe(key);
}

json trial_record(const TrialSpec& t, const Engine& engine) {
  const Metrics& m = engine.metrics();
  json r = cell_of(t.config);
  r["id"] = t.id;
  r["trial"] = t.trial;
  r["seed"] = t.config.seed;
  r["forward_test_mse"] = m.forward_test_mse;
  r["selected_resim_mse"] = m.selected_resim_mse_by_k.back();
  r["oracle_resim_mse"] = m.oracle_resim_mse_by_k.back();
  r["selected_resim_mse_by_k"] = m.selected_resim_mse_by_k;
  r["oracle_resim_mse_by_k"] = m.oracle_resim_mse_by_k;
  r["per_network_resim_mse"] = m.per_network_resim_mse;
  r["valid_networks"] = m.valid_networks();
  // 1 when no network failed: its mean over trials is the share of trials with every network valid
  r["all_networks_valid"] = m.valid_networks() == static_cast<int>(m.per_network_resim_mse.size()) ? 1 : 0;
  r["valid_distinct"] = m.valid_distinct_by_k.empty() ? json(nullptr) : json(m.valid_distinct_by_k.back());
  r["coverage"] = m.coverage_by_k.empty() ? json(nullptr) : json(m.coverage_by_k.back());
  r["valid_distinct_by_k"] = m.valid_distinct_by_k;
  r["coverage_by_k"] = m.coverage_by_k;
  r["seconds"] = m.train_seconds;
  r["config"] = json::parse(config_to_json(t.config));
  return r;
}

std::vector<json> read_trials(const fs::path& dir) {
  std::vector<json> out;
  const fs::path trials = dir / "trials";
  if (!fs::is_directory(trials)) return out;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(trials))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    try {
      out.push_back(json::parse(read_text(f.string())));
    } catch (const std::exception&) {
      // A torn file cannot exist (atomic rename); anything unreadable is not ours to count.
    }
  }
  return out;
}

// A trial counts as done only when its file parses and names it: writes are flushed and renamed,
// but a file left broken by other means (a full disk, a copy cut short) must be retrained, not
// skipped forever.
bool finished_trial(const fs::path& file, const std::string& id) {
  if (!fs::exists(file)) return false;
  try {
    const json r = json::parse(read_text(file.string()));
    return r.is_object() && r.value("id", std::string()) == id;
  } catch (const std::exception&) {
    return false;
  }
}

const std::vector<std::string> kSummaryMetrics{"forward_test_mse", "selected_resim_mse", "oracle_resim_mse",
                                               "valid_distinct",   "valid_networks",     "all_networks_valid",
                                               "coverage",         "seconds"};

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
  if (v.is_number_integer()) os << v.get<long long>();
  else os << v.get<double>();
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

std::vector<TrialSpec> expand_trials(const SweepSpec& spec) {
  if (spec.trials < 1) throw ConfigError("trials: must be an integer >= 1");
  std::vector<std::map<std::string, std::string>> cells{spec.base};
  for (const auto& axis : sweep_axes()) {
    const auto it = spec.axes.find(axis);
    if (it == spec.axes.end() || it->second.empty()) continue;
    std::vector<std::map<std::string, std::string>> next;
    for (const auto& cell : cells)
      for (const auto& value : it->second) {
        auto c = cell;
        c[axis] = value;
        next.push_back(c);
      }
    cells = std::move(next);
  }
  std::vector<TrialSpec> out;
  for (const auto& cell : cells) {
    Config base = resolve_config(cell);
    validate(base);
    const std::string key = cell_key(cell_of(base));
    for (int t = 0; t < spec.trials; ++t) {
      TrialSpec ts;
      ts.trial = t;
      ts.config = base;
      ts.config.seed = spec.base_seed + t;
      char suffix[16];
      std::snprintf(suffix, sizeof suffix, "_t%03d", t);
      ts.id = key + suffix;
      out.push_back(std::move(ts));
    }
  }
  return out;
}

std::vector<TrialSpec> shard_trials(const std::vector<TrialSpec>& trials, int index, int count) {
  if (count < 1 || index < 1 || index > count)
    throw ConfigError("shard: must be i/N with 1 <= i <= N (got " + std::to_string(index) + "/" + std::to_string(count) + ")");
  std::vector<TrialSpec> out;
  for (size_t i = 0; i < trials.size(); ++i)
    if (static_cast<int>(i % count) == index - 1) out.push_back(trials[i]);
  return out;
}

int run_sweep(const SweepSpec& spec, const std::string& dir, const std::function<void(const SweepEvent&)>& on_event,
              const std::atomic<bool>* stop) {
  const auto all = shard_trials(expand_trials(spec), spec.shard_index, spec.shard_count);
  const fs::path trials_dir = fs::path(dir) / "trials";
  std::error_code ec;
  fs::create_directories(trials_dir, ec);
  if (ec) throw std::runtime_error("cannot create " + trials_dir.string() + ": " + ec.message());

  std::vector<TrialSpec> todo;
  for (const auto& t : all)
    if (!finished_trial(trials_dir / (t.id + ".json"), t.id)) todo.push_back(t);
  const int jobs = std::max(1, std::min<int>(spec.jobs, static_cast<int>(todo.size())));
  const bool threads_given = spec.base.count("threads") > 0;
  const int per_job_threads = std::max(1, hardware_threads() / jobs);

  std::mutex mutex;  // guards next, event, failures and on_event
  size_t next = 0;
  SweepEvent event;
  event.total = static_cast<int>(all.size());
  event.skipped = static_cast<int>(all.size() - todo.size());
  event.finished = event.skipped;
  int failures = 0;
  auto worker = [&] {
    for (;;) {
      TrialSpec t;
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (next >= todo.size() || (stop && stop->load())) return;
        t = todo[next++];
      }
      if (!threads_given) t.config.threads = per_job_threads;
      SweepEvent e;
      e.id = t.id;
      try {
        Engine engine(t.config);
        TrainControl control;
        std::atomic<bool> finished{false};
        // Forward the sweep's stop to this trial without polling inside the engine.
        std::thread watcher([&] {
          while (!finished.load()) {
            if (stop && stop->load()) control.stop = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
          }
        });
        const bool ok = engine.train({}, control);
        finished = true;
        watcher.join();
        if (!ok) return;  // stopped: not recorded
        const json r = trial_record(t, engine);
        // Trial 0 of each cell keeps its model, so figures can draw that cell's manifolds.
        if (t.trial == 0) engine.save((fs::path(dir) / "models" / cell_key(cell_of(t.config))).string());
        write_text_atomic((trials_dir / (t.id + ".json")).string(), r.dump(2) + "\n");
        e.selected = r["selected_resim_mse"].get<double>();
        e.oracle = r["oracle_resim_mse"].get<double>();
        e.seconds = r["seconds"].get<double>();
      } catch (const std::exception& ex) {
        e.error = ex.what();
      }
      std::lock_guard<std::mutex> lock(mutex);
      if (!e.error.empty()) ++failures;
      else ++event.finished;
      event.id = e.id;
      event.error = e.error;
      event.selected = e.selected;
      event.oracle = e.oracle;
      event.seconds = e.seconds;
      if (on_event) on_event(event);
    }
  };
  std::vector<std::thread> pool;
  for (int j = 0; j < jobs; ++j) pool.emplace_back(worker);
  for (auto& th : pool) th.join();
  write_summaries(dir);
  return failures;
}

int write_summaries(const std::string& dir) {
  const auto trials = read_trials(dir);
  const fs::path d(dir);
  // trials.csv
  const std::vector<std::string> columns{"id",        "problem",          "preset",
                                         "k",         "lambda",           "sigma2",
                                         "inverse_targets", "schedule",   "trial",
                                         "seed",      "forward_test_mse", "selected_resim_mse",
                                         "oracle_resim_mse", "valid_distinct", "valid_networks", "coverage",
                                         "per_network_resim_mse", "selected_resim_mse_by_k", "oracle_resim_mse_by_k",
                                         "seconds"};
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
  const std::vector<std::string> cell_cols{"problem", "preset", "k", "lambda", "sigma2", "inverse_targets", "schedule"};
  const std::vector<std::string> stat_cols{"n", "mean", "std", "median", "min", "max", "ci95_low", "ci95_high"};
  for (size_t i = 0; i < cell_cols.size(); ++i) sum << (i ? "," : "") << cell_cols[i];
  for (const auto& m : kSummaryMetrics)
    for (const auto& s : stat_cols) sum << "," << m << "_" << s;
  sum << "\n";
  for (const auto& key : order) {
    const auto& g = groups[key];
    json cell;
    for (const auto& c : cell_cols) cell[c] = g.front().at(c);
    for (const auto& m : kSummaryMetrics) {
      std::vector<double> v;
      for (const auto& t : g)
        if (t.contains(m) && t.at(m).is_number()) v.push_back(t.at(m).get<double>());
      cell[m] = stats(v);
    }
    cells.push_back(cell);
    for (size_t i = 0; i < cell_cols.size(); ++i) sum << (i ? "," : "") << csv_value(cell[cell_cols[i]]);
    for (const auto& m : kSummaryMetrics)
      for (const auto& s : stat_cols) sum << "," << csv_value(cell[m].value(s, json()));
    sum << "\n";
  }
  write_text_atomic((d / "summary.csv").string(), sum.str());
  json summary;
  summary["trials"] = trials.size();
  summary["cells"] = cells;
  summary["note"] = "mean and spread over trials; ci95 is mean +/- t(0.975, n-1) * std / sqrt(n)";
  write_text_atomic((d / "summary.json").string(), summary.dump(2) + "\n");
  return static_cast<int>(trials.size());
}

int merge_sweeps(const std::vector<std::string>& dirs, const std::string& out) {
  const fs::path out_trials = fs::path(out) / "trials";
  std::error_code ec;
  fs::create_directories(out_trials, ec);
  if (ec) throw std::runtime_error("cannot create " + out_trials.string() + ": " + ec.message());
  for (const auto& d : dirs) {
    const fs::path trials = fs::path(d) / "trials";
    if (!fs::is_directory(trials)) throw std::runtime_error(d + " is not a sweep folder (no trials/ inside)");
    for (const auto& e : fs::directory_iterator(trials)) {
      if (e.path().extension() != ".json") continue;
      const fs::path target = out_trials / e.path().filename();
      if (fs::exists(target)) continue;
      write_text_atomic(target.string(), read_text(e.path().string()));
    }
    const fs::path models = fs::path(d) / "models";
    if (fs::is_directory(models))
      for (const auto& e : fs::directory_iterator(models)) {
        const fs::path target = fs::path(out) / "models" / e.path().filename();
        if (fs::exists(target)) continue;
        fs::create_directories(target.parent_path());
        fs::copy(e.path(), target, fs::copy_options::recursive);
      }
  }
  return write_summaries(out);
}

}  // namespace ml
