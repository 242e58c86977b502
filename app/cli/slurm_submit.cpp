#include "app/cli/slurm_submit.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "core/platform/run_io.h"
#include "core/platform/text.h"

extern char** environ;

namespace ml::cli {
namespace {

namespace fs = std::filesystem;

const NumberRange kCount{1, std::numeric_limits<int>::max(), false, true};

/// The sweep's flags the job scripts set themselves, or that only this submission reads.
bool scripts_set(const std::string& name) {
  return name == "out" || name == "shard" || name == "shards" || name == "jobs" || name == "threads" ||
         name == "slurm" || name.rfind("slurm-", 0) == 0;
}

/// One word for sh: bare when it is safe, else in single quotes.
std::string sh_word(const std::string& word) {
  const bool safe = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("_./:=,+-@%", c);
  });
  if (safe) return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// A path in an #SBATCH line: sbatch reads double quotes there.
std::string sbatch_path(const std::string& path) {
  return path.find_first_of(" \t") == std::string::npos ? path : "\"" + path + "\"";
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += " " + sh_word(w);
  return out;
}

/// The #SBATCH lines both jobs share.
std::string common_options(const SlurmJob& job, int cpus) {
  std::ostringstream s;
  s << "#SBATCH --cpus-per-task=" << cpus << "\n";
  if (!job.partition.empty()) s << "#SBATCH --partition=" << job.partition << "\n";
  if (!job.time.empty()) s << "#SBATCH --time=" << job.time << "\n";
  s << "#SBATCH --chdir=" << sbatch_path(job.cwd) << "\n";
  return s.str();
}

int int_flag(const Args& args, const std::string& name, int fallback) {
  return args.has(name) ? static_cast<int>(parse_flag_number("--" + name, args.get(name), kCount)) : fallback;
}

/// The first line of text, trimmed; "no message" when there is none.
std::string first_line(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    line.erase(0, line.find_first_not_of(" \t\r"));
    line.erase(line.find_last_not_of(" \t\r") + 1);
    if (!line.empty()) return line;
  }
  return "no message";
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Runs `sbatch --parsable args...` and returns the job id it prints. Throws std::runtime_error
/// with one line when sbatch is not on PATH, fails, or prints no job id.
std::string sbatch(const std::vector<std::string>& args, const std::string& slurm_dir, const std::string& advice) {
  std::vector<std::string> all{"sbatch", "--parsable"};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string out_file = slurm_dir + "/.sbatch-" + std::to_string(::getpid()) + ".out";
  const std::string err_file = slurm_dir + "/.sbatch-" + std::to_string(::getpid()) + ".err";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, "sbatch", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  if (spawned == 0)
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  const std::string out = read_file(out_file), err = read_file(err_file);
  std::remove(out_file.c_str());
  std::remove(err_file.c_str());
  if (spawned == ENOENT)
    throw std::runtime_error("sbatch is not on PATH: --slurm needs Slurm's sbatch on this machine; " + advice);
  if (spawned != 0)
    throw std::runtime_error(std::string("cannot run sbatch: ") + std::strerror(spawned) + "; " + advice);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const std::string how = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status)) : "killed";
    throw std::runtime_error("sbatch failed (" + how + "): " + first_line(err) + "; " + advice);
  }
  std::string id = first_line(out);
  id = id.substr(0, id.find(';'));  // "id;cluster" on a federation
  if (id.empty() ||
      !std::all_of(id.begin(), id.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    throw std::runtime_error("sbatch printed no job id (got '" + first_line(out) + "'); " + advice);
  return id;
}

}  // namespace

std::vector<FlagSpec> slurm_flags() {
  return {
      {"claim-timeout", "SECONDS",
       "A trial claim whose worker sent no heartbeat for this long is taken over (a killed task, a lost node); "
       "default 600."},
      {"slurm", "", "Submit the sweep to Slurm: a job array (one task per shard) and a merge job after it."},
      {"shards", "N", "With --slurm: array tasks, each running shard i/N; default one per trial, at most 100."},
      {"slurm-partition", "NAME", "With --slurm: the partition (sbatch --partition)."},
      {"slurm-time", "TIME", "With --slurm: each task's time limit, e.g. 30, 2:00:00 or 1-12 (sbatch --time)."},
      {"slurm-cpus", "N",
       "With --slurm: CPUs per task (sbatch --cpus-per-task); the task trains N trials at once with one thread "
       "each unless --jobs or --threads says otherwise. Default 1."},
      {"slurm-gpus", "N", "With --slurm: GPUs per task (sbatch --gres=gpu:N); give --device cuda too."},
      {"slurm-max-running", "N", "With --slurm: at most N array tasks at once (--array=1-T%N)."},
      {"slurm-sbatch-args", "OPTS",
       "With --slurm: more sbatch options for both jobs, given with '=' as they start with dashes, e.g. "
       "--slurm-sbatch-args=\"--account=lab --qos=long\"."},
      {"slurm-script-only", "", "With --slurm: write the scripts into DIR/slurm/ without submitting them."},
  };
}

void check_slurm_flags(const Args& args) {
  if (args.has("slurm")) {
    if (args.has("shard"))
      throw UsageError("--shard and --slurm do not go together: each array task runs its own shard (give --shards N)");
    return;
  }
  for (const auto& [name, values] : args.values)
    if (name == "shards" || name.rfind("slurm-", 0) == 0) throw UsageError("--" + name + " needs --slurm");
}

std::string slurm_array_script(const SlurmJob& job) {
  std::ostringstream s;
  s << "#!/bin/bash\n"
    << "# Written by manifoldlab-cli sweep --slurm: one array task per shard of the sweep in " << job.dir << ".\n"
    << "# Every task claims a trial (" << job.dir << "/claims/) before training it, so a resubmitted or\n"
    << "# repeated task never trains a trial twice, and finished trials are skipped.\n"
    << "#SBATCH --job-name=manifoldlab-sweep\n"
    << "#SBATCH --array=1-" << job.tasks;
  if (job.max_running > 0) s << "%" << job.max_running;
  s << "\n" << common_options(job, job.cpus);
  if (job.gpus > 0) s << "#SBATCH --gres=gpu:" << job.gpus << "\n";
  s << "#SBATCH --output=" << sbatch_path(job.dir + "/slurm/array-%A_%a.log") << "\n"
    << "exec " << sh_word(job.cli) << " sweep" << joined(job.sweep_args) << " --shard \"${SLURM_ARRAY_TASK_ID}/"
    << job.tasks << "\" --out " << sh_word(job.dir) << "\n";
  return s.str();
}

std::string slurm_merge_script(const SlurmJob& job) {
  std::ostringstream s;
  s << "#!/bin/bash\n"
    << "# Written by manifoldlab-cli sweep --slurm: runs after every task of the array ended (submitted with\n"
    << "# --dependency=afterany:ARRAY) and writes the summaries of " << job.dir << " from its trial files.\n"
    << "#SBATCH --job-name=manifoldlab-merge\n"
    << common_options(job, 1) << "#SBATCH --output=" << sbatch_path(job.dir + "/slurm/merge-%j.log") << "\n"
    << "exec " << sh_word(job.cli) << " merge " << sh_word(job.dir) << " --out " << sh_word(job.dir) << "\n";
  return s.str();
}

std::string slurm_submit_script(const SlurmJob& job) {
  const std::string extra = joined(job.sbatch_args);
  std::ostringstream s;
  s << "#!/bin/sh\n"
    << "# Submits the sweep's job array and its merge job, as manifoldlab-cli sweep --slurm does.\n"
    << "set -e\n"
    << "array=$(sbatch --parsable" << extra << " " << sh_word(job.dir + "/slurm/array.sbatch") << ")\n"
    << "array=${array%%;*}\n"
    << "merge=$(sbatch --parsable" << extra << " --dependency=afterany:$array "
    << sh_word(job.dir + "/slurm/merge.sbatch") << ")\n"
    << "merge=${merge%%;*}\n"
    << "echo \"$(date -u +%Y-%m-%dT%H:%M:%SZ) array $array merge $merge tasks " << job.tasks << "\" >> "
    << sh_word(job.dir + "/slurm/jobs.txt") << "\n"
    << "echo \"submitted job array $array (" << job.tasks << " tasks) and merge job $merge\"\n";
  return s.str();
}

int submit_sweep_to_slurm(const Args& args, const std::vector<FlagSpec>& flags, const SweepSpec& spec,
                          const std::string& out) {
  SlurmJob job;
  const int total = static_cast<int>(expand_trials(spec).size());
  job.tasks = int_flag(args, "shards", std::min(total, 100));
  if (job.tasks > total)
    throw UsageError("--shards: must be at most the number of trials, " + std::to_string(total) + " (got " +
                     std::to_string(job.tasks) + ")");
  job.cpus = int_flag(args, "slurm-cpus", 1);
  job.gpus = int_flag(args, "slurm-gpus", 0);
  job.max_running = int_flag(args, "slurm-max-running", 0);
  job.partition = args.get("slurm-partition");
  if (args.has("slurm-partition") &&
      (job.partition.empty() || !std::all_of(job.partition.begin(), job.partition.end(), [](char c) {
         return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("_.,-", c);
       })))
    throw UsageError("--slurm-partition: must be a partition name like 'short' (got '" + job.partition + "')");
  job.time = args.get("slurm-time");
  if (args.has("slurm-time")) {
    const std::string& t = job.time;
    bool ok = !t.empty() && std::isdigit(static_cast<unsigned char>(t.front())) &&
              std::isdigit(static_cast<unsigned char>(t.back())) && std::count(t.begin(), t.end(), '-') <= 1 &&
              std::count(t.begin(), t.end(), ':') <= 2;
    for (char c : t) ok = ok && (std::isdigit(static_cast<unsigned char>(c)) || c == ':' || c == '-');
    if (!ok)
      throw UsageError("--slurm-time: must be minutes, HH:MM:SS or D-HH[:MM[:SS]] like 30, 2:00:00 or 1-12 (got '" + t +
                       "')");
  }
  const std::string extra = args.get("slurm-sbatch-args");
  if (extra.find_first_of("'\"\\\n") != std::string::npos)
    throw UsageError("--slurm-sbatch-args: give options separated by spaces, without quotes (got '" + extra + "')");
  std::istringstream words(extra);
  for (std::string w; words >> w;) job.sbatch_args.push_back(w);

  // The task's trials and threads: --jobs and --threads when given, else one trial per CPU.
  const bool jobs_given = args.has("jobs"), threads_given = args.has("threads");
  const int threads = threads_given ? std::max(1, std::atoi(args.get("threads").c_str()))
                      : jobs_given  ? std::max(1, job.cpus / spec.jobs)
                                    : 1;
  const int jobs = jobs_given ? spec.jobs : std::max(1, job.cpus / threads);
  for (const auto& [name, values] : args.values) {
    if (scripts_set(name)) continue;
    const auto f = std::find_if(flags.begin(), flags.end(), [&](const FlagSpec& s) { return s.name == name; });
    for (const auto& v : values) {
      job.sweep_args.push_back("--" + name);
      if (f != flags.end() && !f->metavar.empty()) job.sweep_args.push_back(v);
    }
  }
  job.sweep_args.insert(job.sweep_args.end(), {"--jobs", std::to_string(jobs), "--threads",
                                               threads_given ? args.get("threads") : std::to_string(threads)});

  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw std::runtime_error("cannot find the manifoldlab-cli binary (/proc/self/exe): " + ec.message());
  job.cli = self.string();
  job.dir = fs::absolute(out).lexically_normal().string();
  while (job.dir.size() > 1 && job.dir.back() == '/') job.dir.pop_back();
  job.cwd = fs::current_path().string();

  prepare_sweep(spec, job.dir);  // sweep.json first: whatever happens next, the folder resumes
  const std::string slurm_dir = job.dir + "/slurm";
  fs::create_directories(slurm_dir, ec);
  if (ec) throw std::runtime_error("cannot create " + slurm_dir + ": " + ec.message());
  write_text_atomic(slurm_dir + "/array.sbatch", slurm_array_script(job));
  write_text_atomic(slurm_dir + "/merge.sbatch", slurm_merge_script(job));
  write_text_atomic(slurm_dir + "/submit.sh", slurm_submit_script(job));
  if (args.has("slurm-script-only")) {
    std::printf("wrote %s/array.sbatch (%d tasks), merge.sbatch and submit.sh; submit them with: sh %s/submit.sh\n",
                slurm_dir.c_str(), job.tasks, sh_word(slurm_dir).c_str());
    return 0;
  }
  const std::string advice = "the folder is ready and its scripts are in " + slurm_dir + "/: submit them with sh " +
                             sh_word(slurm_dir + "/submit.sh") + " or rerun the sweep without --slurm";
  std::vector<std::string> array_args = job.sbatch_args;
  array_args.push_back(slurm_dir + "/array.sbatch");
  const std::string array_id = sbatch(array_args, slurm_dir, advice);
  std::vector<std::string> merge_args = job.sbatch_args;
  merge_args.push_back("--dependency=afterany:" + array_id);
  merge_args.push_back(slurm_dir + "/merge.sbatch");
  const std::string merge_id =
      sbatch(merge_args, slurm_dir,
             "job array " + array_id + " is submitted; write the summaries after it with manifoldlab-cli merge " +
                 sh_word(job.dir) + " --out " + sh_word(job.dir));
  std::ofstream jobs_file(slurm_dir + "/jobs.txt", std::ios::app);
  jobs_file << utc_timestamp() << " array " << array_id << " merge " << merge_id << " tasks " << job.tasks << "\n";
  std::printf("submitted job array %s (%d tasks) and merge job %s (after the array); logs and job ids in %s/\n",
              array_id.c_str(), job.tasks, merge_id.c_str(), slurm_dir.c_str());
  return 0;
}

}  // namespace ml::cli
