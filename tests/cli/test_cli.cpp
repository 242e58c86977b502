// Runs the real manifoldlab-cli binary and checks its exit codes, messages and files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "../common/absurd_row_data.h"
#include "cli_test_support.h"

namespace {

namespace fs = std::filesystem;

using namespace ml::cli_test;

const char* kTinyDataSet =
    "--hidden 16 --epochs-forward 2 --epochs-inverse 2 --threads 1";  // a data set has no --samples

TEST(Cli, BadFlagsAndValuesGiveOneLineErrors) {
  expect_one_line_error(run("train --k --out /tmp/x"), "--k needs a value (N)");
  expect_one_line_error(run("train --problem sine --k 0 --out /tmp/x"), "k: must be an integer >= 1");
  expect_one_line_error(run("train --problem sine --sigma2 0 --out /tmp/x"), "sigma2: must be a number > 0");
  expect_one_line_error(run("train --problem sine --lambda -1 --out /tmp/x"), "lambda: must be a number >= 0");
  expect_one_line_error(run("train --problem pendulum --out /tmp/x"), "problem: must be one of sine|robot-arm");
  expect_one_line_error(run("train --problem sine --frobnicate 3 --out /tmp/x"), "unknown flag --frobnicate");
  expect_one_line_error(run("train --problem sine --k"), "--k needs a value");
  expect_one_line_error(run("train --problem sine"), "missing --out");
  expect_one_line_error(run("infer --model /nonexistent/dir --y 0.5"), "does not exist");
  expect_one_line_error(run("simulate --problem sine --x 1,2,3"), "inputs have 2 values");
  expect_one_line_error(run("simulate --problem sine --x 1,abc"), "not a comma-separated list");
  expect_one_line_error(run("warp"), "unknown command 'warp'");
}

TEST(Cli, TheFirstLineNamesTheBlasCoreAndKeepsTheUsersChoice) {
  const auto dir = temp_dir("blas");
  const Result r =
      run(std::string("train --problem sine --k 1 ") + kTiny + " --out " + dir.string(), "OPENBLAS_CORETYPE=Prescott");
  ASSERT_EQ(r.code, 0) << r.output;
  const std::string first = r.output.substr(0, r.output.find('\n'));
  if (first.find("OpenBLAS") == std::string::npos) GTEST_SKIP() << "not OpenBLAS: " << first;
  EXPECT_NE(first.find("core Prescott (OPENBLAS_CORETYPE=Prescott)"), std::string::npos) << first;
  fs::remove_all(dir);
}

TEST(Cli, TheFirstLineNamesTheAllocatorTheBuildLinked) {
  const auto dir = temp_dir("malloc");
  const Result r = run(std::string("train --problem sine --k 1 ") + kTiny + " --out " + dir.string());
  ASSERT_EQ(r.code, 0) << r.output;
  const std::string first = r.output.substr(0, r.output.find('\n'));
#ifdef MANIFOLDLAB_LINKS_TCMALLOC
  EXPECT_NE(first.find("; tcmalloc"), std::string::npos) << first;  // still linked despite --as-needed
#else
  EXPECT_NE(first.find("; glibc malloc"), std::string::npos) << first;
#endif
  fs::remove_all(dir);
}

TEST(Cli, EverySubcommandHasHelp) {
  for (const char* cmd : {"train", "infer", "simulate", "compare"}) {
    const auto r = run(std::string(cmd) + " --help");
    EXPECT_EQ(r.code, 0) << cmd;
    EXPECT_NE(r.output.find("usage: manifoldlab-cli " + std::string(cmd)), std::string::npos) << r.output;
  }
  EXPECT_NE(run("train --help").output.find("--epochs-forward"), std::string::npos);
  EXPECT_EQ(run("--help").code, 0);
}

#ifdef MANIFOLDLAB_GUI
// Over SSH there is no display: the desktop program still answers --help and --version, and a
// start says in one line what to use instead (issue 31), never Qt's abort.
TEST(Cli, TheDesktopProgramWithoutADisplayHelpsAndSaysWhy) {
  const auto gui = [](const std::string& args) {
    return run_program(MANIFOLDLAB_GUI, args, "-u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM");
  };
  const auto help = gui("--help");
  EXPECT_EQ(help.code, 0) << help.output;
  EXPECT_NE(help.output.find("--problem"), std::string::npos) << help.output;
  const auto version = gui("--version");
  EXPECT_EQ(version.code, 0) << version.output;
  EXPECT_NE(version.output.find("ManifoldLab "), std::string::npos) << version.output;
  const auto start = gui("--problem shell");
  EXPECT_EQ(start.code, 1) << start.output;
  EXPECT_EQ(count_lines(start.output), 1) << start.output;
  EXPECT_NE(start.output.find("manifoldlab: no display"), std::string::npos) << start.output;
  EXPECT_NE(start.output.find("manifoldlab-cli"), std::string::npos);
  EXPECT_NE(start.output.find("QT_QPA_PLATFORM=offscreen"), std::string::npos);
}
#endif

// A full disk (issue 31): a 300 kB tmpfs holds the forward model and one inverse network, not
// the second. The save says so in one line and exits 1, and leaves no temporary file; LibTorch's
// own writer used to abort the process (exit 134). Needs root to mount; skipped otherwise.
TEST(Cli, SimulatePrintsYAndArmJoints) {
  const auto sine = run("simulate --problem sine --x 0,0 --x 0.1666666667,0");
  EXPECT_EQ(sine.code, 0);
  EXPECT_NE(sine.output.find("y=1\n"), std::string::npos) << sine.output;
  EXPECT_NE(sine.output.find("y=2\n"), std::string::npos) << sine.output;
  const auto arm = run("simulate --problem robot-arm --x 0,0,0,0");
  EXPECT_EQ(arm.code, 0);
  EXPECT_NE(arm.output.find("h=2 v=0"), std::string::npos) << arm.output;
  EXPECT_NE(arm.output.find("end    (2.000000, 0.000000)"), std::string::npos) << arm.output;
}

TEST(Cli, SimulatesTheShellsCheckValue) {  // issue 17
  const auto shell = run("simulate --problem shell --x 50,50,50,50,50,50,50,50");
  ASSERT_EQ(shell.code, 0) << shell.output;
  const auto at = shell.output.find(" y400=");
  ASSERT_NE(at, std::string::npos) << shell.output;
  const double y400 = std::stod(shell.output.substr(at + 6));
  EXPECT_NEAR(y400, 2.513158, 5e-7) << shell.output;
  // An x outside the valid set is refused with the problem's reason (issue 31), never printed as NaN.
  const auto never = run("simulate --problem ballistics --x 0,-2,0.2,3");
  EXPECT_EQ(never.code, 2) << never.output;
  expect_one_line_error(never, "ballistics: this launch never lands (its apex is below the ground)");
  const auto thin = run("simulate --problem shell --x -5,50,50,50,50,50,50,50");
  EXPECT_EQ(thin.code, 2) << thin.output;
  expect_one_line_error(thin, "shell: thickness t1 must be finite and > 0 (got -5)");
  expect_one_line_error(run("simulate --problem shell --x 50,50,0,50,50,50,50,50"),
                        "shell: thickness t3 must be finite and > 0 (got 0)");
  EXPECT_EQ(run("simulate --problem shell --x 50,50,50,50,50,50,50,nan").code, 2);
}

TEST(Cli, TrainsTheNewProblemsAndRefusesShellThroughTheTrueSimulator) {  // issue 17
  expect_one_line_error(run("train --problem shell --forward true --out " + temp_dir("shell_true").string()),
                        "not differentiable");
  const auto dir = temp_dir("ballistics");
  const auto r = run(std::string("train --problem ballistics --k 2 ") + kTiny + " --out " + dir.string());
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("invalid proposals (never lands)"), std::string::npos) << r.output;
  EXPECT_NE(read(dir / "metrics.json").find("\"selected_invalid_share_by_k\""), std::string::npos);
  const auto truth = run(std::string("train --problem ballistics --k 1 --forward true ") + kTiny + " --out " +
                         temp_dir("ballistics_true").string());
  EXPECT_EQ(truth.code, 0) << truth.output;
  const auto shell_dir = temp_dir("shell");
  const auto shell = run(std::string("train --problem shell --k 2 ") + kTiny + " --out " + shell_dir.string());
  ASSERT_EQ(shell.code, 0) << shell.output;
  const auto infer = run("infer --model " + dir.string() + " --y 5");
  EXPECT_EQ(infer.code, 0) << infer.output;
  fs::remove_all(dir);
  fs::remove_all(shell_dir);
}

TEST(Cli, TrainWritesTheContractFilesAndInferReadsThem) {
  const auto dir = temp_dir("train");
  const auto r = run(std::string("train --problem robot-arm --k 2 --seed 5 ") + kTiny + " --out " + dir.string());
  ASSERT_EQ(r.code, 0) << r.output;
  for (const char* f : {"config.json", "metrics.json", "losses.csv", "proposals.csv", "model.json", "forward.pt",
                        "inverse_0.pt", "inverse_1.pt"})
    EXPECT_TRUE(fs::exists(dir / f)) << f;
  const std::string metrics = read(dir / "metrics.json");
  for (const char* key : {"forward_test_mse", "selected_resim_mse_by_k", "oracle_resim_mse_by_k",
                          "per_network_resim_mse", "selection_counts", "train_seconds"})
    EXPECT_NE(metrics.find(key), std::string::npos) << key;
  const std::string config = read(dir / "config.json");
  EXPECT_NE(config.find("\"k\": 2"), std::string::npos);
  EXPECT_NE(config.find("\"seed\": 5"), std::string::npos);
  const std::string proposals = read(dir / "proposals.csv");
  EXPECT_EQ(proposals.substr(0, proposals.find('\n')),
            "target,network,y_0,y_1,x_0,x_1,x_2,x_3,fy_0,fy_1,sy_0,sy_1,selected");
  EXPECT_EQ(count_lines(proposals), 1 + 60 * 2);  // 20 % of 300 targets, 2 networks each
  EXPECT_NE(read(dir / "losses.csv").find("inverse,1,2,"), std::string::npos);

  const auto infer = run("infer --model " + dir.string() + " --y 1.2,0.3 --y 0.5,-0.5");
  ASSERT_EQ(infer.code, 0) << infer.output;
  EXPECT_NE(infer.output.find("target 1: y = (0.5, -0.5)"), std::string::npos) << infer.output;
  EXPECT_EQ(std::count(infer.output.begin(), infer.output.end(), '*'), 2);
  expect_one_line_error(run("infer --model " + dir.string() + " --y 1.2"), "targets have 2 value(s)");

  const auto csv = dir / "targets.csv";
  std::ofstream(csv) << "h,v\n1.0,0.2\n0.8,-0.1\n";
  const auto from_csv = run("infer --model " + dir.string() + " --csv " + csv.string());
  EXPECT_EQ(from_csv.code, 0) << from_csv.output;
  EXPECT_NE(from_csv.output.find("target 1: y = (0.8, -0.1)"), std::string::npos) << from_csv.output;

  // One target from a file in any of its forms, with how close it is reached; a bad one is refused.
  const auto column = dir / "column.txt";
  std::ofstream(column) << "1.0\n0.2\n";
  const auto from_file = run("infer --model " + dir.string() + " --y-file " + column.string());
  EXPECT_EQ(from_file.code, 0) << from_file.output;
  EXPECT_NE(from_file.output.find("target 0: y = (1, 0.2)"), std::string::npos) << from_file.output;
  EXPECT_NE(from_file.output.find("reached"), std::string::npos) << from_file.output;
  const auto bad = dir / "bad.csv";
  std::ofstream(bad) << "1.0,nan\n";
  expect_one_line_error(run("infer --model " + dir.string() + " --y-file " + bad.string()),
                        "--y-file: " + bad.string() + ":1: nan is not a finite number");
  std::ofstream(bad) << "1,2,3\n";
  expect_one_line_error(run("infer --model " + dir.string() + " --y-file " + bad.string()),
                        "has 3 value(s) where the target needs 2 (one row or one column)");
  expect_one_line_error(run("infer --model " + dir.string() + " --y-file " + (dir / "none.csv").string()),
                        "--y-file: cannot read");
  fs::remove_all(dir);
}

bool is_png(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  char magic[8] = {};
  in.read(magic, 8);
  return std::string(magic, 8) == "\x89PNG\r\n\x1a\n";
}

TEST(Cli, SweepResumesMergesShardsAndDrawsFigures) {
  const auto dir = temp_dir("sweep");
  const std::string common = std::string("sweep --problem sine --k 1..2 --lambda 0,0.02 --trials 2 ") + kTiny;
  const auto a = run(common + " --shard 1/2 --jobs 2 --out " + (dir / "a").string());
  ASSERT_EQ(a.code, 0) << a.output;
  EXPECT_NE(a.output.find("[4/4]"), std::string::npos) << a.output;
  const auto again = run(common + " --shard 1/2 --out " + (dir / "a").string());
  EXPECT_EQ(again.code, 0);
  EXPECT_EQ(again.output.find("[1/4]"), std::string::npos) << "finished trials must be skipped: " << again.output;
  ASSERT_EQ(run(common + " --shard 2/2 --out " + (dir / "b").string()).code, 0);
  const auto merged =
      run("merge " + (dir / "a").string() + " " + (dir / "b").string() + " --out " + (dir / "all").string());
  ASSERT_EQ(merged.code, 0) << merged.output;
  EXPECT_NE(merged.output.find("merged 8 trials"), std::string::npos) << merged.output;
  EXPECT_EQ(count_lines(read(dir / "all" / "trials.csv")), 1 + 8);
  EXPECT_EQ(count_lines(read(dir / "all" / "summary.csv")), 1 + 4);
  expect_one_line_error(run(common + " --shard 3/2 --out " + (dir / "c").string()), "--shard");
  expect_one_line_error(
      run(std::string("sweep --problem sine --k 1..2 --trials 0 ") + kTiny + " --out " + (dir / "c").string()),
      "--trials: must be an integer >= 1");
  expect_one_line_error(run(common + " --jobs 2x --out " + (dir / "c").string()), "--jobs: must be an integer >= 1");
#ifdef MANIFOLDLAB_HAVE_FIGURES
  const auto fig = run("figure --from " + (dir / "all").string() + " --formats png,svg --dpi 72");
  ASSERT_EQ(fig.code, 0) << fig.output;
  EXPECT_TRUE(is_png(dir / "all" / "figures" / "mse_vs_k_sine.png"));
  EXPECT_TRUE(is_png(dir / "all" / "figures" / "coverage_vs_k_sine.png"));
  EXPECT_TRUE(fs::exists(dir / "all" / "figures" / "mse_vs_k_sine.svg"));
  expect_one_line_error(run("figure --from " + dir.string()), "holds none of summary.json, model.json or compare.json");
  expect_one_line_error(run("figure --from " + (dir / "all").string() + " --dpi 7.5"),
                        "--dpi: must be an integer >= 30 and <= 1200 (got '7.5')");
#endif
  fs::remove_all(dir);
}

// Issue 14's reproduction: a rerun with longer training into the same folder must not report the
// short run's trials as its own; a diverging trial is counted and makes the exit status 1.
TEST(Cli, SweepRefusesAFolderRunWithOtherSettingsAndCountsFailedTrials) {
  const auto dir = temp_dir("sweep_trust");
  const std::string common = "sweep --problem sine --k 1..2 --trials 2 --samples 300 --hidden 16 --threads 1";
  const auto first = run(common + " --epochs-forward 3 --epochs-inverse 2 --out " + (dir / "d").string());
  ASSERT_EQ(first.code, 0) << first.output;
  const std::string longer = common + " --epochs-forward 30 --epochs-inverse 20";
  expect_one_line_error(run(longer + " --out " + (dir / "d").string()),
                        "holds a sweep run with other settings: epochs_forward ('3' in the folder, '30' in this "
                        "command); epochs_inverse ('2' in the folder, '20' in this command); give a new --out folder");
  const auto fresh = run(longer + " --out " + (dir / "d30").string());
  ASSERT_EQ(fresh.code, 0) << fresh.output;
  EXPECT_NE(fresh.output.find("[4/4]"), std::string::npos) << fresh.output;
  for (const auto& e : fs::directory_iterator(dir / "d30" / "trials"))
    EXPECT_NE(read(e.path()).find("\"epochs_forward\": 30"), std::string::npos) << e.path();
  expect_one_line_error(
      run("merge " + (dir / "d").string() + " " + (dir / "d30").string() + " --out " + (dir / "all").string()),
      "they were run with different settings: epochs_forward ('3' in ");

  // sigma2 = 1e-50 is 0 in float32: refused up front (it once made a trial diverge).
  expect_one_line_error(run("sweep --problem sine --k 2 --sigma2 0.04,1e-50 --trials 1 --out " + (dir / "f").string()),
                        "sigma2: 1e-50 is below float32's smallest normal number");
  EXPECT_FALSE(fs::exists(dir / "f"));
  // A data set with an absurd row: every trial fails, each with its reason, counted in its cell.
  const auto data = dir / "outlier.csv";
  ml::test_data::write_sine_rows_with_an_absurd_one(data);
  const auto failing = run("sweep --problem csv:" + data.string() +
                           " --x-cols x1,x2 --y-cols y --k 1,2 --seed 3 --trials 2 --hidden 8 --threads 1 "
                           "--epochs-forward 2 --epochs-inverse 2 --out " +
                           (dir / "f").string());
  EXPECT_EQ(failing.code, 1) << failing.output;
  EXPECT_NE(failing.output.find("4 of 4 trials failed"), std::string::npos) << failing.output;
  EXPECT_NE(failing.output.find("the forward model's loss became NaN or infinite"), std::string::npos)
      << failing.output;
  const std::string summary = read(dir / "f" / "summary.csv");
  EXPECT_NE(summary.substr(0, summary.find('\n')).find(",schedule,n_failed,"), std::string::npos) << summary;
  EXPECT_NE(summary.find(",train,sequential,2,"), std::string::npos) << summary;
  EXPECT_EQ(summary.find(",train,sequential,0,"), std::string::npos) << summary;
  fs::remove_all(dir);
}

#ifdef MANIFOLDLAB_HAVE_FIGURES
TEST(Cli, FigureDrawsARunsPanels) {
  const auto dir = temp_dir("figure");
  ASSERT_EQ(run(std::string("train --problem robot-arm --k 2 ") + kTiny + " --out " + dir.string()).code, 0);
  const auto fig = run("figure --from " + dir.string() + " --formats png --dpi 72 --width 400 --height 300");
  ASSERT_EQ(fig.code, 0) << fig.output;
  for (const char* name : {"loss", "manifolds", "arm", "mse_vs_k"})
    EXPECT_TRUE(is_png(dir / "figures" / (std::string(name) + ".png"))) << name << "\n" << fig.output;
  fs::remove_all(dir);
}

TEST(Cli, FigureDrawsABallisticsRunWithItsView) {
  // Issue 17: figure refused ballistics and shell runs before they had views; now each run's
  // view is one more figure, named by the view. (The shell's is the same path with slow data.)
  const auto dir = temp_dir("figure-ballistics");
  ASSERT_EQ(run(std::string("train --problem ballistics --k 2 ") + kTiny + " --out " + dir.string()).code, 0);
  const auto fig = run("figure --from " + dir.string() + " --formats png --dpi 72 --width 400 --height 300");
  ASSERT_EQ(fig.code, 0) << fig.output;
  for (const char* name : {"loss", "manifolds", "ballistics", "mse_vs_k"})
    EXPECT_TRUE(is_png(dir / "figures" / (std::string(name) + ".png"))) << name << "\n" << fig.output;
  EXPECT_FALSE(fs::exists(dir / "figures" / "arm.png"));  // only the run's own problem's view
  fs::remove_all(dir);
}
#endif

}  // namespace

TEST(Cli, CompareWritesEveryMethodsCurve) {
  const auto dir = temp_dir("compare");
  expect_one_line_error(
      run(std::string("compare --problem sine ") + kTiny + " --na-budgets 16by4 --out " + dir.string()),
      "--na-budgets: expected STARTSxSTEPS");
  expect_one_line_error(run(std::string("compare --problem sine ") + kTiny + " --targets 0 --out " + dir.string()),
                        "--targets: must be an integer >= 1 and <= 1000000 (got 0)");
  expect_one_line_error(
      run(std::string("compare --problem sine ") + kTiny + " --methods mdn,gan --out " + dir.string()),
      "--methods: unknown method 'gan' (known: mixture,mixture+refine,direct,adjoint,mdn,cvae,cinn)");
  expect_one_line_error(run(std::string("compare --problem sine ") + kTiny + " --best-of 1,2.5 --out " + dir.string()),
                        "--best-of: each T must be a whole number from 1 to 1000000 (got 2.5)");
  expect_one_line_error(
      run(std::string("compare --problem sine ") + kTiny + " --best-of 10,1,10 --out " + dir.string()),
      "--best-of: T=10 is listed twice");
  const auto r =
      run(std::string("compare --problem sine ") + kTiny + " --targets 10 --na-budgets 8x5,1x2 --out " + dir.string());
  ASSERT_EQ(r.code, 0) << r.output;
  const std::string csv = read(dir / "compare.csv");
  EXPECT_EQ(
      csv.rfind("method,label,starts,steps,proposals,T,resim_error,seconds_per_target,targets_per_s,train_seconds\n",
                0),
      0u);
  // k = 4 by default: T = 1, 2, 4 for the mixture and for it refined; 1 for direct; 1, 2, 4 for 8
  // starts; 1 for 1 start; T = 1, 2, 4, 10, 50 for each generative baseline's 50 samples.
  EXPECT_EQ(count_lines(csv), 1 + 3 + 3 + 1 + 3 + 1 + 3 * 5) << csv;
  EXPECT_NE(csv.find("tandem+refine,\"mixture of tandems + 100 refine steps"), std::string::npos) << csv;
  EXPECT_NE(csv.find("direct,"), std::string::npos);
  for (const char* method : {"mdn,", "cvae,", "cinn,"}) EXPECT_NE(csv.find(method), std::string::npos) << method;
  EXPECT_NE(read(dir / "compare.json").find("\"train_seconds\""), std::string::npos);
  EXPECT_NE(read(dir / "compare.json").find("\"targets_per_s\""), std::string::npos);
  EXPECT_NE(read(dir / "compare.json").find("\"threads\": 1"), std::string::npos);  // --threads 1, for every method
  EXPECT_NE(r.output.find("every method on 1 thread(s)"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(dir / "model" / "direct.pt"));
  // --best-of picks the curve's T: 1 for every method, 10 where a method has 10 proposals (each
  // generative baseline's 50 samples), never one it lacks; the table shows a '-' there.
  const auto dir_t = temp_dir("compare_best_of");
  const auto t = run("compare --model " + (dir / "model").string() +
                     " --targets 10 --na-budgets 8x5,1x2 --best-of 10,1 --out " + dir_t.string());
  ASSERT_EQ(t.code, 0) << t.output;
  // The saved run holds the generative baselines (issue 31): reused, not trained again.
  EXPECT_NE(r.output.find("mdn trained in"), std::string::npos) << r.output;
  EXPECT_EQ(t.output.find(" trained in"), std::string::npos) << t.output;
  EXPECT_EQ(count_lines(read(dir_t / "compare.csv")), 1 + 5 + 3 * 2) << read(dir_t / "compare.csv");
  EXPECT_NE(t.output.find("T=1       T=10"), std::string::npos) << t.output;
  fs::remove_all(dir_t);
#ifdef MANIFOLDLAB_HAVE_FIGURES
  EXPECT_TRUE(fs::exists(dir / "figures" / "best_of_T_sine.png"));
  EXPECT_TRUE(fs::exists(dir / "figures" / "error_vs_time_sine.png"));
#endif
  fs::remove_all(dir);
}

TEST(Cli, TrainsOnACsvDataSetAndRefusesBadColumns) {
  const auto dir = temp_dir("csv");
  fs::create_directories(dir);
  const auto data = dir / "data.csv";
  {
    std::ofstream out(data);
    out << "a,b,c\n";
    for (int i = 0; i < 200; ++i) {
      const double a = -1 + 2.0 * ((i * 37) % 200) / 199, b = -1 + 2.0 * ((i * 91) % 200) / 199;
      out << a << ',' << b << ',' << a * a + b << '\n';
    }
  }
  const std::string problem = "--problem csv:" + data.string();
  expect_one_line_error(run("train " + problem + " --x-cols a,z --y-cols c --out " + (dir / "r").string()),
                        "x column 'z' is not in the header (a, b, c)");
  expect_one_line_error(run("train " + problem + " --out " + (dir / "r").string()), "needs x_cols and y_cols");
  expect_one_line_error(run("train --problem csv:" + (dir / "missing.csv").string() + " --x-cols a --y-cols c --out " +
                            (dir / "r").string()),
                        "missing.csv: cannot read the file");
  const auto r =
      run("train " + problem + " --x-cols a,b --y-cols c " + kTinyDataSet + " --out " + (dir / "r").string());
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("no true simulator: re-simulation errors below go through the forward model"),
            std::string::npos)
      << r.output;
  EXPECT_NE(read(dir / "r" / "metrics.json").find("\"resim_through\": \"forward model\""), std::string::npos);

  expect_one_line_error(
      run("train " + problem + " --x-cols a,b --y-cols c --domain -1:1 --out " + (dir / "r").string()),
      "domain has 1 range(s) but");
  expect_one_line_error(run("train " + problem + " --x-cols a,b --y-cols c --samples 50 --out " + (dir / "r").string()),
                        "--samples applies to drawn problems only: a data set uses all its rows");
  expect_one_line_error(run("train --problem sine --x-cols a --out " + (dir / "r").string()),
                        "--x-cols applies to csv: data sets only");
  const auto sweep = run("sweep " + problem + " --x-cols a,b --y-cols c --domain=-2:2,-2:2 --k 1..2 --trials 1 " +
                         kTinyDataSet + " --out " + (dir / "s").string());
  ASSERT_EQ(sweep.code, 0) << sweep.output;
  EXPECT_NE(read(dir / "s" / "trials.csv").find("csv:"), std::string::npos);
#ifdef MANIFOLDLAB_HAVE_FIGURES
  // Figure names carry the data set's stem, never its path.
  const auto fig = run("figure --from " + (dir / "s").string() + " --formats png --dpi 72");
  ASSERT_EQ(fig.code, 0) << fig.output;
  bool named = false;
  for (const auto& e : fs::directory_iterator(dir / "s" / "figures"))
    named |= e.path().filename().string().rfind("mse_vs_k_csv-data-", 0) == 0;
  EXPECT_TRUE(named);
#endif
  fs::remove_all(dir);
}
