// Issue 30: `sweep --slurm` writes a job array and a merge job into the sweep folder; without
// sbatch, or when sbatch fails, it says so in one line and leaves the folder resumable. (The
// submission itself runs against a real Slurm in tests/slurm/slurm_sweep_test.sh.)
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli_test_support.h"

namespace {

namespace fs = std::filesystem;

using namespace ml::cli_test;

/// A fresh, existing folder for one test.
fs::path slurm_dir(const std::string& name) {
  const auto d = temp_dir("slurm_" + name);
  fs::create_directories(d);
  return d;
}

const std::string kSweep =
    "sweep --problem sine --k 1,2 --trials 3 --samples 300 --hidden 16 --epochs-forward 2 --epochs-inverse 2";

TEST(CliSweepSlurm, ScriptOnlyWritesTheArrayAndMergeJobs) {
  const auto dir = slurm_dir("script");
  const std::string out = (dir / "sweep").string();
  const Result r =
      run(kSweep +
          " --slurm --slurm-script-only --shards 3 --slurm-cpus 4 --slurm-gpus 1 --slurm-partition short "
          "--slurm-time 0:10:00 --slurm-max-running 2 --claim-timeout 300 --slurm-sbatch-args=--account=lab --out " +
          out);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("sh " + out + "/slurm/submit.sh"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(fs::path(out) / "sweep.json")) << "the folder must be ready before anything is submitted";
  const std::string cwd = fs::current_path().string();
  EXPECT_EQ(read(fs::path(out) / "slurm" / "array.sbatch"),
            "#!/bin/bash\n"
            "# Written by manifoldlab-cli sweep --slurm: one array task per shard of the sweep in " +
                out +
                ".\n"
                "# Every task claims a trial (" +
                out +
                "/claims/) before training it, so a resubmitted or\n"
                "# repeated task never trains a trial twice, and finished trials are skipped.\n"
                "#SBATCH --job-name=manifoldlab-sweep\n"
                "#SBATCH --array=1-3%2\n"
                "#SBATCH --cpus-per-task=4\n"
                "#SBATCH --partition=short\n"
                "#SBATCH --time=0:10:00\n"
                "#SBATCH --chdir=" +
                cwd +
                "\n"
                "#SBATCH --gres=gpu:1\n"
                "#SBATCH --output=" +
                out +
                "/slurm/array-%A_%a.log\n"
                "exec " MANIFOLDLAB_CLI
                " sweep --claim-timeout 300 --epochs-forward 2 --epochs-inverse 2 --hidden 16 --k 1,2 --problem sine "
                "--samples 300 --trials 3 --jobs 4 --threads 1 --shard \"${SLURM_ARRAY_TASK_ID}/3\" --out " +
                out + "\n");
  const std::string merge = read(fs::path(out) / "slurm" / "merge.sbatch");
  EXPECT_NE(merge.find("#SBATCH --cpus-per-task=1\n#SBATCH --partition=short\n"), std::string::npos) << merge;
  EXPECT_NE(merge.find("\nexec " MANIFOLDLAB_CLI " merge " + out + " --out " + out + "\n"), std::string::npos) << merge;
  const std::string submit = read(fs::path(out) / "slurm" / "submit.sh");
  EXPECT_NE(submit.find("array=$(sbatch --parsable --account=lab " + out + "/slurm/array.sbatch)"), std::string::npos)
      << submit;
  EXPECT_NE(submit.find("--account=lab --dependency=afterany:$array " + out + "/slurm/merge.sbatch"), std::string::npos)
      << submit;

  // --jobs given: each of its trials gets cpus / jobs threads; a relative --out becomes absolute.
  const Result rel = run(kSweep + " --slurm --slurm-script-only --slurm-cpus 8 --jobs 2 --out " +
                         fs::relative(fs::path(out + "2")).string());
  ASSERT_EQ(rel.code, 0) << rel.output;
  const std::string array2 = read(fs::path(out + "2") / "slurm" / "array.sbatch");
  EXPECT_NE(array2.find(" --jobs 2 --threads 4 --shard \"${SLURM_ARRAY_TASK_ID}/6\" --out " + out + "2\n"),
            std::string::npos)
      << array2;
  EXPECT_EQ(array2.find("--partition"), std::string::npos) << array2;
  fs::remove_all(dir);
}

TEST(CliSweepSlurm, BadSlurmFlagsAreOneLineErrors) {
  const auto dir = slurm_dir("flags");
  const std::string out = " --out " + (dir / "s").string();
  expect_one_line_error(run(kSweep + " --slurm-cpus 2" + out), "--slurm-cpus needs --slurm");
  expect_one_line_error(run(kSweep + " --shards 2" + out), "--shards needs --slurm");
  expect_one_line_error(run(kSweep + " --slurm --shard 1/2" + out), "--shard and --slurm do not go together");
  expect_one_line_error(run(kSweep + " --slurm --shards 0" + out), "--shards: must be an integer >= 1");
  expect_one_line_error(run(kSweep + " --slurm --shards 7" + out),
                        "--shards: must be at most the number of trials, 6 (got 7)");
  expect_one_line_error(run(kSweep + " --slurm --slurm-time 1h" + out), "--slurm-time: must be minutes");
  expect_one_line_error(run(kSweep + " --slurm --slurm-partition 'a b'" + out), "--slurm-partition: must be");
  expect_one_line_error(run(kSweep + " --slurm --slurm-gpus -1" + out), "--slurm-gpus: must be an integer >= 1");
  expect_one_line_error(run(kSweep + " --slurm --slurm-sbatch-args='--comment=\"x y\"'" + out),
                        "--slurm-sbatch-args: give options separated by spaces, without quotes");
  expect_one_line_error(run(kSweep + " --claim-timeout 0" + out), "--claim-timeout: must be a number > 0");
  EXPECT_FALSE(fs::exists(dir / "s")) << "bad flags must be refused before the folder is made";
  fs::remove_all(dir);
}

TEST(CliSweepSlurm, WithoutOrWithAFailingSbatchItSaysSoAndTheFolderResumes) {
  const auto dir = slurm_dir("sbatch");
  const std::string out = (dir / "s").string();
  // No sbatch anywhere on PATH.
  fs::create_directories(dir / "empty");
  expect_one_line_error(run(kSweep + " --slurm --out " + out, "PATH=" + (dir / "empty").string()),
                        "sbatch is not on PATH");
  EXPECT_TRUE(fs::exists(fs::path(out) / "sweep.json"));
  EXPECT_TRUE(fs::exists(fs::path(out) / "slurm" / "submit.sh"));
  // An sbatch that refuses the job, as a cluster does for a partition it does not have.
  fs::create_directories(dir / "bin");
  std::ofstream(dir / "bin" / "sbatch")
      << "#!/bin/sh\necho 'sbatch: error: Batch job submission failed: Invalid partition name specified' >&2\n"
         "echo 'second line' >&2\nexit 1\n";
  fs::permissions(dir / "bin" / "sbatch", fs::perms::owner_all);
  const Result failed =
      run(kSweep + " --slurm --slurm-partition nope --out " + out, "PATH=" + (dir / "bin").string() + ":/usr/bin:/bin");
  expect_one_line_error(failed,
                        "sbatch failed (exit status 1): sbatch: error: Batch job submission failed: Invalid "
                        "partition name specified; the folder is ready");
  EXPECT_EQ(failed.code, 1);
  EXPECT_FALSE(fs::exists(fs::path(out) / "slurm" / "jobs.txt"));
  // A plain rerun of the same sweep trains it there.
  const Result local = run(kSweep + " --threads 1 --jobs 2 --out " + out);
  ASSERT_EQ(local.code, 0) << local.output;
  EXPECT_NE(local.output.find("[6/6]"), std::string::npos) << local.output;
  fs::remove_all(dir);
}

}  // namespace
