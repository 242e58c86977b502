// Kills a running `manifoldlab-cli sweep` with SIGKILL and checks that rerunning the same command
// completes it with every trial exactly once; runs two sweeps on one folder at once.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli_test_support.h"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// 2 cells x 5 trials, small enough to finish in seconds, large enough that the kill lands mid-sweep.
const std::vector<std::string> kSweep{
    "sweep", "--problem", "sine", "--k",      "2",  "--lambda",         "0,0.02", "--trials",
    "5",     "--samples", "1500", "--hidden", "16", "--epochs-forward", "4",      "--epochs-inverse",
    "4",     "--threads", "1",    "--jobs",   "2"};
constexpr int kCells = 2, kTrialsPerCell = 5, kTrials = kCells * kTrialsPerCell;

// Starts the CLI with stdout and stderr going to `log`.
pid_t spawn(const std::vector<std::string>& args, const fs::path& log) {
  std::vector<std::string> all{MANIFOLDLAB_CLI};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {  // child: only async-signal-safe calls until exec
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

int finished_trial_files(const fs::path& trials) {
  int n = 0;
  std::error_code ec;
  for (fs::directory_iterator it(trials, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".json") ++n;
  return n;
}

using ml::cli_test::read;

TEST(CliSweepKill, ASweepKilledMidwayResumesWithEveryTrialOnce) {
  const fs::path dir = fs::temp_directory_path() / ("manifoldlab_cli_kill_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  std::vector<std::string> args = kSweep;
  args.insert(args.end(), {"--out", dir.string()});

  // Seeded, so every run kills at the same point of progress: after `after` finished trials plus
  // a short random delay (mid-trial, or mid-write of the next one).
  std::mt19937 rng(7);
  const int after = std::uniform_int_distribution<int>(1, kTrials - 4)(rng);
  const int delay_ms = std::uniform_int_distribution<int>(0, 120)(rng);
  const pid_t pid = spawn(args, dir.string() + ".log1");
  ASSERT_GT(pid, 0);
  int status = 0;
  bool exited = false;
  while (finished_trial_files(dir / "trials") < after) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_FALSE(exited) << "the sweep ended before the kill: " << read(dir.string() + ".log1");
  std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the sweep finished within " << delay_ms << " ms of the kill; make it slower";
  const int before_resume = finished_trial_files(dir / "trials");
  ASSERT_LT(before_resume, kTrials);

  // A file cut short (as after a power loss) must be retrained, not skipped.
  fs::path torn;
  for (const auto& e : fs::directory_iterator(dir / "trials"))
    if (e.path().extension() == ".json") torn = e.path();
  ASSERT_FALSE(torn.empty());
  const std::string torn_id = torn.stem().string();
  fs::resize_file(torn, fs::file_size(torn) / 2);

  const pid_t again = spawn(args, dir.string() + ".log2");
  ASSERT_EQ(waitpid(again, &status, 0), again);
  const std::string log2 = read(dir.string() + ".log2");
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << log2;
  EXPECT_NE(log2.find(torn_id), std::string::npos) << "the torn trial must be retrained: " << log2;
  EXPECT_NE(log2.find("[" + std::to_string(kTrials) + "/" + std::to_string(kTrials) + "]"), std::string::npos) << log2;

  // trials/: one parsable file per trial, named after its id.
  std::set<std::string> ids;
  std::map<int, int> per_trial_index;
  for (const auto& e : fs::directory_iterator(dir / "trials")) {
    if (e.path().extension() != ".json") continue;
    const json r = json::parse(read(e.path()));
    EXPECT_EQ(r.at("id").get<std::string>(), e.path().stem().string());
    EXPECT_TRUE(ids.insert(r.at("id").get<std::string>()).second);
    ++per_trial_index[r.at("trial").get<int>()];
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(kTrials));
  for (int t = 0; t < kTrialsPerCell; ++t) EXPECT_EQ(per_trial_index[t], kCells) << "trial " << t;

  // trials.csv: a header and each id once.
  std::istringstream csv(read(dir / "trials.csv"));
  std::string line;
  std::getline(csv, line);
  std::multiset<std::string> csv_ids;
  while (std::getline(csv, line)) csv_ids.insert(line.substr(0, line.find(',')));
  EXPECT_EQ(csv_ids, std::multiset<std::string>(ids.begin(), ids.end()));

  // summary.json: every cell with all its trials.
  const json summary = json::parse(read(dir / "summary.json"));
  EXPECT_EQ(summary.at("trials").get<int>(), kTrials);
  ASSERT_EQ(summary.at("cells").size(), static_cast<size_t>(kCells));
  for (const auto& cell : summary.at("cells"))
    EXPECT_EQ(cell.at("selected_resim_mse").at("n").get<int>(), kTrialsPerCell) << cell.dump();
  fs::remove_all(dir);
  fs::remove(dir.string() + ".log1");
  fs::remove(dir.string() + ".log2");
}

// Issue 30: two sweeps started at once on one folder (a resubmitted array task, a second
// terminal) claim each trial before training it: 4 trials are trained 4 times, not 8.
TEST(CliSweepKill, TwoSweepsOnOneFolderTrainEachTrialOnce) {
  const fs::path dir = fs::temp_directory_path() / ("manifoldlab_cli_twice_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::vector<std::string> args{"sweep",     "--problem",        "sine", "--k",
                                      "2",         "--trials",         "4",    "--samples",
                                      "1500",      "--hidden",         "16",   "--epochs-forward",
                                      "6",         "--epochs-inverse", "6",    "--threads",
                                      "1",         "--jobs",           "1",    "--out",
                                      dir.string()};
  const pid_t a = spawn(args, dir.string() + ".loga");
  const pid_t b = spawn(args, dir.string() + ".logb");
  ASSERT_GT(a, 0);
  ASSERT_GT(b, 0);
  int status_a = 0, status_b = 0;
  ASSERT_EQ(waitpid(a, &status_a, 0), a);
  ASSERT_EQ(waitpid(b, &status_b, 0), b);
  const std::string log = read(dir.string() + ".loga") + read(dir.string() + ".logb");
  EXPECT_TRUE(WIFEXITED(status_a) && WEXITSTATUS(status_a) == 0) << log;
  EXPECT_TRUE(WIFEXITED(status_b) && WEXITSTATUS(status_b) == 0) << log;
  // Each trained trial prints one "[i/4] ID  selected ..." line.
  int trained = 0;
  for (size_t at = log.find("  selected "); at != std::string::npos; at = log.find("  selected ", at + 1)) ++trained;
  EXPECT_EQ(trained, 4) << log;
  EXPECT_EQ(finished_trial_files(dir / "trials"), 4);
  EXPECT_TRUE(
      fs::exists(dir / "summary.json"));  // by both; the last writer may have read before the other's last trial
  EXPECT_TRUE(fs::is_empty(dir / "claims")) << "every claim is removed once its trial is recorded";
  fs::remove_all(dir);
  fs::remove(dir.string() + ".loga");
  fs::remove(dir.string() + ".logb");
}

}  // namespace
