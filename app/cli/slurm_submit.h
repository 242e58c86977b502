#pragma once
/// `sweep --slurm`: the sweep as one Slurm job array (task i runs shard i/N of the same sweep
/// command on the shared folder, claiming its trials) plus a merge job that runs after every
/// task ended and writes the summaries. The sbatch scripts are plain text written into
/// DIR/slurm/ whether or not they are submitted; submitting runs `sbatch --parsable`.
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "core/experiments/sweep.h"

namespace ml::cli {

/// The --slurm, --shards and --slurm-* flags, for sweep's flag table.
std::vector<FlagSpec> slurm_flags();

/// Throws UsageError when --shards or a --slurm-* flag comes without --slurm, or --slurm with
/// --shard (each task picks its own shard).
void check_slurm_flags(const Args& args);

/// What the job scripts need, every path absolute.
struct SlurmJob {
  std::string cli;                                     ///< the manifoldlab-cli binary
  std::string dir;                                     ///< the sweep folder
  std::string cwd;                                     ///< the jobs' working directory (relative paths in the flags)
  std::vector<std::string> sweep_args;                 ///< the sweep's flags, without --out, --shard and the Slurm ones
  int tasks = 1, max_running = 0, cpus = 1, gpus = 0;  ///< 0: no cap, no GPUs
  std::string partition, time;                         ///< empty: the cluster's default
  std::vector<std::string> sbatch_args;                ///< extra sbatch options, for both jobs
};

/// The job array's script: one task per shard, `--shard ${SLURM_ARRAY_TASK_ID}/tasks`.
std::string slurm_array_script(const SlurmJob& job);
/// The merge job's script: `manifoldlab-cli merge DIR --out DIR` (a summary of the shared folder).
std::string slurm_merge_script(const SlurmJob& job);
/// A shell script that submits both, the merge job depending on the array (afterany).
std::string slurm_submit_script(const SlurmJob& job);

/// Writes the scripts into out/slurm/ (after preparing the folder, so a plain rerun or a later
/// submission resumes it) and, without --slurm-script-only, submits them with sbatch, printing
/// the job ids and appending them to out/slurm/jobs.txt. Returns the exit status; throws
/// UsageError for bad flags and std::runtime_error when sbatch is missing or fails.
int submit_sweep_to_slurm(const Args& args, const std::vector<FlagSpec>& flags, const SweepSpec& spec,
                          const std::string& out);

}  // namespace ml::cli
