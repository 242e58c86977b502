#include <algorithm>
#include <cstdio>
#include <limits>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/interrupt.h"
#include "app/cli/slurm_submit.h"
#include "core/experiments/sweep.h"
#include "core/platform/runtime.h"

namespace ml::cli {
namespace {

/// Counts and indices from 1: trials, jobs, a shard, the ends of a range like 1..4.
const NumberRange kCount{1, std::numeric_limits<int>::max(), false, true};

/// "1..4" -> 1,2,3,4; otherwise a comma-separated list.
std::vector<std::string> list_values(const std::string& flag, const std::string& text) {
  std::vector<std::string> out;
  if (const auto dots = text.find(".."); dots != std::string::npos) {
    int a = 0, b = 0;
    try {
      a = static_cast<int>(parse_number(text.substr(0, dots), kCount));
      b = static_cast<int>(parse_number(text.substr(dots + 2), kCount));
    } catch (const ConfigError&) {
      throw UsageError(flag + ": '" + text + "' is not a range like 1..4");
    }
    if (a > b) throw UsageError(flag + ": range " + text + " is empty");
    for (int v = a; v <= b; ++v) out.push_back(std::to_string(v));
    return out;
  }
  std::string item;
  for (char c : text + ",") {
    if (c != ',') {
      item += c;
      continue;
    }
    if (item.empty()) throw UsageError(flag + ": '" + text + "' has an empty item");
    out.push_back(item);
    item.clear();
  }
  return out;
}

}  // namespace

int cmd_sweep(int argc, char** argv) {
  auto flags = config_flags();
  for (auto& f : flags)
    for (const auto& axis : sweep_axes())
      if (find_parameter(axis)->flag() == "--" + f.name)
        f.help += " A list (a,b,c) sweeps it; k also takes a range like 1..4.";
  flags.push_back({"trials", "N", "Trials per cell (seeds SEED, SEED+1, ...); default 10."});
  flags.push_back({"shard", "i/N", "Run only the i-th of N round-robin slices of the trial list (1 <= i <= N)."});
  flags.push_back({"jobs", "N", "Trials trained at once, each with cores/N threads; default: one per core."});
  flags.push_back({"out", "DIR", "Sweep folder: trials/*.json, trials.csv, summary.csv, summary.json."});
  for (auto& f : slurm_flags()) flags.push_back(std::move(f));
  Args args;
  if (!parse_or_help(
          "sweep", argc, argv, flags,
          "manifoldlab-cli sweep --problem P --k 1..4 --trials 10 [--lambda 0,0.02] "
          "[--sigma2 0.04,0.16] [train options] --out DIR",
          "Trains every cell of the cross product of the listed values over several trials. "
          "Rerunning the same command skips finished trials and retries failed ones; a folder run with other "
          "settings is refused. Any number of sweeps may share a folder: each claims a trial before training it.",
          &args))
    return 0;
  SweepSpec spec;
  for (const auto& [key, value] : config_overrides(args)) {
    if (std::find(sweep_axes().begin(), sweep_axes().end(), key) != sweep_axes().end())
      spec.axes[key] = list_values(find_parameter(key)->flag(), value);
    else if (key == "seed") {
      Config probe;
      set_parameter(probe, "seed", value);  // validates
      spec.base_seed = probe.seed;
    } else
      spec.base[key] = value;
  }
  auto positive = [&](const char* flag, const std::string& text) {
    return static_cast<int>(parse_flag_number(std::string("--") + flag, text, kCount));
  };
  spec.trials = positive("trials", args.get("trials", "10"));
  spec.jobs = positive("jobs", args.get("jobs", std::to_string(hardware_threads())));
  if (args.has("shard")) {
    const std::string s = args.get("shard");
    const auto slash = s.find('/');
    if (slash == std::string::npos) throw UsageError("--shard: must be i/N (got '" + s + "')");
    spec.shard_index = positive("shard", s.substr(0, slash));
    spec.shard_count = positive("shard", s.substr(slash + 1));
    if (spec.shard_index > spec.shard_count) throw UsageError("--shard: i must be <= N (got '" + s + "')");
  }
  if (args.has("claim-timeout"))
    spec.claim_timeout_s = parse_flag_number("--claim-timeout", args.get("claim-timeout"),
                                             NumberRange{0, std::numeric_limits<double>::infinity(), true, false});
  check_slurm_flags(args);
  const std::string out = args.require("out");
  if (args.has("slurm")) return submit_sweep_to_slurm(args, flags, spec, out);
  std::atomic<bool> stop{false};
  StopOnInterrupt interrupt(stop);
  const SweepOutcome outcome = run_sweep(
      spec, out,
      [](const SweepEvent& e) {
        if (!e.error.empty())
          std::fprintf(stderr, "[%d/%d] %s FAILED: %s\n", e.finished + e.failed, e.total, e.id.c_str(),
                       e.error.c_str());
        else
          std::fprintf(stderr, "[%d/%d] %s  selected %.3g  oracle %.3g  (%.1f s)\n", e.finished + e.failed, e.total,
                       e.id.c_str(), e.selected, e.oracle, e.seconds);
      },
      &stop);
  if (outcome.stopped) {
    std::fprintf(stderr, "interrupted: finished trials are saved in %s; rerun the same command to resume\n",
                 out.c_str());
    return 130;
  }
  if (outcome.busy > 0)
    std::fprintf(stderr,
                 "%d trial%s being trained by other workers (claims in %s/claims/); their records land in the same "
                 "folder, and a rerun picks up any they leave\n",
                 outcome.busy, outcome.busy == 1 ? " is" : "s are", out.c_str());
  std::fprintf(stderr, "wrote %s/summary.csv\n", out.c_str());
  if (outcome.failed == 0) return 0;
  std::fprintf(stderr,
               "manifoldlab-cli sweep: error: %d of %d trials failed (the summaries leave them out; rerun to "
               "retry them); the first: %s\n",
               outcome.failed, outcome.total, outcome.first_failure.c_str());
  return 1;
}

int cmd_merge(int argc, char** argv) {
  const std::vector<FlagSpec> flags{{"out", "DIR", "The merged sweep folder."}};
  Args args;
  if (!parse_or_help("merge", argc, argv, flags, "manifoldlab-cli merge DIR1 DIR2 ... --out DIR",
                     "Combines the trials of several sweep (shard) folders and writes the summaries; "
                     "merge DIR --out DIR rewrites the summaries of one shared folder.",
                     &args,
                     /*allow_positional=*/true))
    return 0;
  if (args.positional.empty()) throw UsageError("give the sweep folders to merge");
  const int n = merge_sweeps(args.positional, args.require("out"));
  std::fprintf(stderr, "merged %d trials into %s\n", n, args.get("out").c_str());
  return 0;
}

}  // namespace ml::cli
