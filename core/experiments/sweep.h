#pragma once
/// Sweeps: the cross product of listed parameter values, each cell trained over several seeded
/// trials. Every trial is one JSON file under DIR/trials/, written atomically, so a rerun skips
/// finished trials (and retries failed ones) and a killed sweep loses only the trials in flight.
/// DIR/sweep.json holds the settings every trial shares (all but the swept axes, the seed and
/// runtime settings): a folder never mixes trials run with different settings. Torch-free header.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/api/config.h"
#include "core/api/control.h"
#include "core/experiments/sweep_summary.h"  // its users read the summaries too

namespace ml {

/// Keys whose values a sweep may list; every other key takes one value.
const std::vector<std::string>& sweep_axes();

struct SweepSpec {
  std::map<std::string, std::string> base;               ///< single-valued overrides
  std::map<std::string, std::vector<std::string>> axes;  ///< key in sweep_axes() -> values
  int trials = 10;
  std::int64_t base_seed = 1;            ///< trial t of every cell uses seed base_seed + t (paired cells)
  int shard_index = 1, shard_count = 1;  ///< 1-based: run trials whose position % count == index - 1
  int jobs = 1;                          ///< trials at once; each gets cores / jobs threads unless threads is set
  double claim_timeout_s = 600;          ///< a trial claim without a heartbeat for this long is taken over
};

struct TrialSpec {
  std::string id;  ///< file-name-safe, unique per cell and trial
  int trial = 0;
  Config config;
};

/// Every trial of the sweep in a fixed order (cells in axis order, then trials), unsharded.
/// Throws ConfigError for a bad value in any cell.
std::vector<TrialSpec> expand_trials(const SweepSpec& spec);
/// The trials of one shard (round robin, so every shard gets a mix of cheap and costly cells).
std::vector<TrialSpec> shard_trials(const std::vector<TrialSpec>& trials, int index, int count);

struct SweepEvent {
  int finished = 0, failed = 0, total = 0, skipped = 0;  ///< in this shard; finished counts skipped ones
  std::string id;                                        ///< the trial just finished (or failed)
  std::string error;                                     ///< why it failed; empty when it finished
  double selected = 0, oracle = 0, seconds = 0;
};

/// What a run_sweep call did, in this shard.
struct SweepOutcome {
  int total = 0;              ///< trials in the shard
  int skipped = 0;            ///< finished before this call
  int finished = 0;           ///< finished in this call
  int failed = 0;             ///< failed in this call: recorded with their reason, retried by a rerun
  std::string first_failure;  ///< "ID: reason" of the first failed trial in trial order
  bool stopped = false;       ///< `stop` ended it; trials in flight were not recorded
  int busy = 0;               ///< claimed by other live workers on the folder: not trained in this call
};

/// Test seams of run_sweep (in the spirit of an injected file system): `before_train` runs on the
/// trial's worker thread just before its training and may steer it through its TrainControl,
/// e.g. a huge lr_inverse that makes one trial diverge.
struct SweepHooks {
  std::function<void(const TrialSpec&, TrainControl&)> before_train;
};

/// Checks DIR as run_sweep does (refusing other settings), creates DIR/trials/ and writes
/// DIR/sweep.json, training nothing: a folder then ready for run_sweep from anywhere. Throws as
/// run_sweep does.
void prepare_sweep(const SweepSpec& spec, const std::string& dir);

/// Runs the shard's trials that DIR/trials/ does not hold as finished, then rewrites the
/// summaries. Each trial is claimed first (core/experiments/trial_claim.h), so any number of
/// processes may run on one folder at once: a trial another live worker holds is left to it and
/// counted in `busy`. A trial that fails (diverges, throws, or ends with a non-finite test error) is
/// recorded with its reason and never stops the others. Trial 0 of every cell also saves its
/// model to DIR/models/<cell>/ (for manifold figures). `stop` (may be null) ends in-flight trials
/// early; they are not recorded. Throws std::runtime_error naming the differing keys when DIR
/// holds trials run with other settings, and naming the file and the reason when a trial's
/// files cannot be written (a full disk): no further trial starts, and a rerun trains the ones
/// not recorded.
SweepOutcome run_sweep(const SweepSpec& spec, const std::string& dir,
                       const std::function<void(const SweepEvent&)>& on_event, const std::atomic<bool>* stop = nullptr,
                       const SweepHooks& hooks = {});

/// Copies every trial (and saved cell model) of the given sweep folders into out and writes the
/// summaries. A trial id present in several folders is taken once, a finished run of it before a
/// failed one. Throws std::runtime_error for a folder without trials/, and naming the keys when
/// the folders (or out) were run with different settings.
int merge_sweeps(const std::vector<std::string>& dirs, const std::string& out);

}  // namespace ml
