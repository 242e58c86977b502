#include "core/experiments/sweep.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "core/api/engine.h"
#include "core/experiments/sweep_cell.h"
#include "core/experiments/sweep_identity.h"
#include "core/experiments/trial_claim.h"
#include "core/platform/run_io.h"
#include "core/platform/runtime.h"

namespace ml {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

/// What every trial file holds, finished or failed.
json trial_header(const TrialSpec& t, const std::string& settings_hash, const std::string& status) {
  json r = cell_of(t.config);
  r["id"] = t.id;
  r["trial"] = t.trial;
  r["seed"] = t.config.seed;
  r["status"] = status;
  r["settings_hash"] = settings_hash;
  return r;
}

json failed_record(const TrialSpec& t, const std::string& settings_hash, const std::string& reason) {
  json r = trial_header(t, settings_hash, "failed");
  r["reason"] = reason;
  r["config"] = json::parse(config_to_json(t.config));
  return r;
}

json trial_record(const TrialSpec& t, const std::string& settings_hash, const Engine& engine) {
  const Metrics& m = engine.metrics();
  json r = trial_header(t, settings_hash, "finished");
  r["forward_test_mse"] = m.forward_test_mse;
  r["selected_resim_mse"] = m.selected_resim_mse_by_k.back();
  r["oracle_resim_mse"] = m.oracle_resim_mse_by_k.back();
  r["selected_resim_mse_by_k"] = m.selected_resim_mse_by_k;
  r["oracle_resim_mse_by_k"] = m.oracle_resim_mse_by_k;
  r["per_network_resim_mse"] = m.per_network_resim_mse;
  r["selected_invalid_share"] =
      m.selected_invalid_share_by_k.empty() ? json(nullptr) : json(m.selected_invalid_share_by_k.back());
  const auto last = [](const std::vector<double>& v) { return v.empty() ? json(nullptr) : json(v.back()); };
  r["mixture_coverage"] = last(m.mixture_coverage_by_k);
  r["selected_valid_share"] = last(m.selected_valid_share_by_k);
  const auto number = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
  r["simulator_selected_resim_mse"] = number(m.simulator_selected_resim_mse);
  r["simulator_selected_valid_share"] = number(m.simulator_selected_valid_share);
  r["per_network_coverage"] = m.per_network_coverage;
  r["mixture_coverage_by_k"] = m.mixture_coverage_by_k;
  r["selected_valid_share_by_k"] = m.selected_valid_share_by_k;
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
// A trial counts as done only when its file parses, names it, finished, and was run with these
// settings: writes are flushed and renamed, but a file left broken by other means (a full disk, a
// copy cut short) must be retrained, not skipped forever.
bool finished_trial(const fs::path& file, const std::string& id, const SweepIdentity& identity) {
  if (!fs::exists(file)) return false;
  try {
    const json r = json::parse(read_text(file.string()));
    return r.is_object() && r.value("id", std::string()) == id && !trial_failed(r) && record_matches(r, identity);
  } catch (const std::exception&) {
    return false;
  }
}

bool finished_record(const fs::path& file) {
  try {
    const json r = json::parse(read_text(file.string()));
    return r.is_object() && !trial_failed(r);
  } catch (const std::exception&) {
    return false;
  }
}

/// A finished run whose headline numbers are NaN or infinite (an absurd test row, say) is a
/// failed trial: JSON would store them as null and the summaries would quietly count fewer.
std::string non_finite_metric(const Metrics& m) {
  const auto bad = [](double v) { return !std::isfinite(v); };
  if (m.forward_model == "learned" && bad(m.forward_test_mse)) return "its forward test MSE is not finite";
  if (bad(m.selected_resim_mse_by_k.back()) || bad(m.oracle_resim_mse_by_k.back()))
    return "its re-simulation MSE on the test targets is not finite";
  return "";
}

/// Sets a trial's TrainControl.stop when the sweep's stop is requested, for the trial's lifetime.
class StopForwarder {
 public:
  StopForwarder(const std::atomic<bool>* sweep_stop, TrainControl& control)
      : thread_([this, sweep_stop, &control] {
          while (!done_.load()) {
            if (sweep_stop && sweep_stop->load()) control.stop = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
          }
        }) {}
  ~StopForwarder() {
    done_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace

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
    throw ConfigError("shard: must be i/N with 1 <= i <= N (got " + std::to_string(index) + "/" +
                      std::to_string(count) + ")");
  std::vector<TrialSpec> out;
  for (size_t i = 0; i < trials.size(); ++i)
    if (static_cast<int>(i % count) == index - 1) out.push_back(trials[i]);
  return out;
}

namespace {

/// Refuses a folder run with other settings, creates trials/ and writes sweep.json.
void prepare_folder(const std::string& dir, const SweepIdentity& identity) {
  if (const auto have = folder_identity(dir); have && !(*have == identity))
    throw std::runtime_error(dir + " holds a sweep run with other settings: " +
                             identity_differences(*have, "the folder", identity, "this command") +
                             "; give a new --out folder for these settings, or the folder's settings to resume it");
  const fs::path trials_dir = fs::path(dir) / "trials";
  std::error_code ec;
  fs::create_directories(trials_dir, ec);
  if (ec) throw std::runtime_error("cannot create " + trials_dir.string() + ": " + ec.message());
  if (!fs::exists(fs::path(dir) / "sweep.json")) write_folder_identity(dir, identity);
}

}  // namespace

void prepare_sweep(const SweepSpec& spec, const std::string& dir) {
  prepare_folder(dir, identity_of(expand_trials(spec).front().config, spec.base_seed));
}

SweepOutcome run_sweep(const SweepSpec& spec, const std::string& dir,
                       const std::function<void(const SweepEvent&)>& on_event, const std::atomic<bool>* stop,
                       const SweepHooks& hooks) {
  const auto expanded = expand_trials(spec);
  const SweepIdentity identity = identity_of(expanded.front().config, spec.base_seed);
  const std::string settings_hash = identity.hash();
  const auto all = shard_trials(expanded, spec.shard_index, spec.shard_count);
  const fs::path trials_dir = fs::path(dir) / "trials";
  prepare_folder(dir, identity);
  TrialClaims claims(dir, spec.claim_timeout_s);

  std::vector<TrialSpec> todo;
  for (const auto& t : all)
    if (!finished_trial(trials_dir / (t.id + ".json"), t.id, identity)) todo.push_back(t);
  const int jobs = std::max(1, std::min<int>(spec.jobs, static_cast<int>(todo.size())));
  const bool threads_given = spec.base.count("threads") > 0;
  const int per_job_threads = std::max(1, hardware_threads() / jobs);

  std::mutex mutex;  // guards next, event, failures and on_event
  size_t next = 0;
  SweepEvent event;
  event.total = static_cast<int>(all.size());
  event.skipped = static_cast<int>(all.size() - todo.size());
  event.finished = event.skipped;
  std::map<size_t, std::string> failures;  // position in todo -> "ID: reason"
  int busy = 0;
  // The folder cannot take a trial's files (a full disk): every later trial would train in vain,
  // so the sweep stops with the reason; a rerun trains the trials not recorded.
  std::string write_failure;
  const auto halt = [&](const std::string& why) {
    std::lock_guard<std::mutex> lock(mutex);
    if (write_failure.empty()) write_failure = why;
  };
  auto worker = [&] {
    for (;;) {
      TrialSpec t;
      size_t position = 0;
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (next >= todo.size() || (stop && stop->load()) || !write_failure.empty()) return;
        position = next;
        t = todo[next++];
      }
      // Another worker may train it (a shard, a second run on the folder): claim it first, then look
      // again, for a worker that finished it between our first look and the claim.
      bool mine = false;
      try {
        mine = claims.claim(t.id);
      } catch (const std::exception& ex) {  // an unwritable folder: this worker cannot record it either
        std::lock_guard<std::mutex> lock(mutex);
        ++event.failed;
        failures[position] = t.id + ": " + ex.what();
        continue;
      }
      if (!mine) {
        std::lock_guard<std::mutex> lock(mutex);
        ++busy;
        continue;
      }
      struct Release {
        TrialClaims& claims;
        const std::string& id;
        ~Release() { claims.release(id); }
      } release{claims, t.id};
      if (finished_trial(trials_dir / (t.id + ".json"), t.id, identity)) {
        std::lock_guard<std::mutex> lock(mutex);
        ++event.skipped;
        ++event.finished;
        continue;
      }
      if (!threads_given) t.config.threads = per_job_threads;
      SweepEvent e;
      e.id = t.id;
      json record;
      try {
        Engine engine(t.config);
        TrainControl control;
        if (hooks.before_train) hooks.before_train(t, control);
        bool ok = false;
        {
          StopForwarder forward_stop(stop, control);
          ok = engine.train({}, control);
        }
        if (!ok && stop && stop->load()) continue;  // stopped: not recorded
        if (!ok)
          e.error = engine.stop_reason().empty() ? "stopped before it finished" : engine.stop_reason();
        else
          e.error = non_finite_metric(engine.metrics());
        if (e.error.empty()) {
          record = trial_record(t, settings_hash, engine);
          // Trial 0 of each cell keeps its model, so figures can draw that cell's manifolds.
          if (t.trial == 0) {
            try {
              engine.save((fs::path(dir) / "models" / cell_key(cell_of(t.config))).string());
            } catch (const std::exception& ex) {
              halt(ex.what());
              continue;
            }
          }
          e.selected = record["selected_resim_mse"].get<double>();
          e.oracle = record["oracle_resim_mse"].get<double>();
          e.seconds = record["seconds"].get<double>();
        }
      } catch (const std::exception& ex) {
        e.error = ex.what();
      }
      if (!e.error.empty()) record = failed_record(t, settings_hash, e.error);
      try {
        write_text_atomic((trials_dir / (t.id + ".json")).string(), record.dump(2) + "\n");
      } catch (const std::exception& ex) {
        halt(ex.what());
        continue;
      }
      std::lock_guard<std::mutex> lock(mutex);
      if (!e.error.empty()) {
        ++event.failed;
        failures[position] = t.id + ": " + e.error;
      } else {
        ++event.finished;
      }
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
  if (!write_failure.empty()) throw std::runtime_error(write_failure);
  write_summaries(dir);
  SweepOutcome outcome;
  outcome.total = event.total;
  outcome.skipped = event.skipped;
  outcome.finished = event.finished - event.skipped;
  outcome.failed = event.failed;
  if (!failures.empty()) outcome.first_failure = failures.begin()->second;
  outcome.stopped = stop && stop->load();
  outcome.busy = busy;
  return outcome;
}

int merge_sweeps(const std::vector<std::string>& dirs, const std::string& out) {
  // Every folder (and out, when it holds trials) must have been run with the same settings.
  std::optional<SweepIdentity> common;
  std::string common_dir;
  for (const auto& d : dirs) {
    if (!fs::is_directory(fs::path(d) / "trials"))
      throw std::runtime_error(d + " is not a sweep folder (no trials/ inside)");
    const auto id = folder_identity(d);
    if (!id) continue;
    if (!common) {
      common = id;
      common_dir = d;
    } else if (!(*id == *common)) {
      throw std::runtime_error(
          "cannot merge " + common_dir + " and " + d +
          ": they were run with different settings: " + identity_differences(*common, common_dir, *id, d));
    }
  }
  if (const auto have = folder_identity(out); have && common && !(*have == *common))
    throw std::runtime_error(out + " holds a sweep run with other settings: " +
                             identity_differences(*have, out, *common, common_dir) + "; merge into a new --out folder");
  const fs::path out_trials = fs::path(out) / "trials";
  std::error_code ec;
  fs::create_directories(out_trials, ec);
  if (ec) throw std::runtime_error("cannot create " + out_trials.string() + ": " + ec.message());
  if (common && !fs::exists(fs::path(out) / "sweep.json")) write_folder_identity(out, *common);
  for (const auto& d : dirs) {
    for (const auto& [path, record] : read_trial_files(d)) {
      const fs::path target = out_trials / fs::path(path).filename();
      // The same trial twice (a shard run in two places): a finished run beats a failed one.
      if (fs::exists(target) && (trial_failed(record) || finished_record(target))) continue;
      write_text_atomic(target.string(), read_text(path));
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
