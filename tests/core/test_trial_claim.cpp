// Issue 30: trial claims let several sweep processes share one folder; a dead worker's claim is
// taken over, a live one never is, and a corrupt one is treated as absent with a warning.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "core/experiments/sweep.h"
#include "core/experiments/trial_claim.h"
#include "core/platform/run_io.h"

namespace ml {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

fs::path claim_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("manifoldlab_claim_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d / "claims");
  return d;
}

/// A claim as another worker writes it; age_s > 0 sets its mtime that far back.
void plant_claim(const std::string& path, const std::string& host, long pid, double age_s = 0) {
  json c{{"host", host}, {"pid", pid}, {"started", "2026-01-01T00:00:00Z"}, {"token", "theirs"}};
  std::ofstream(path) << c.dump() << "\n";
  if (age_s > 0) {
    timespec times[2];
    clock_gettime(CLOCK_REALTIME, &times[0]);
    times[0].tv_sec -= static_cast<time_t>(age_s);
    times[1] = times[0];
    ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
  }
}

/// A pid that is certainly not running: a child that has exited and been reaped.
long dead_pid() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  return child;
}

double mtime_age(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return -1;
  return static_cast<double>(time(nullptr) - st.st_mtim.tv_sec);
}

std::vector<std::string> warnings;
void collect(const std::string& line) { warnings.push_back(line); }

TEST(TrialClaim, OneHolderAtATimeAndReleaseFreesIt) {
  const fs::path dir = claim_dir("one");
  TrialClaims a(dir.string(), 600, collect), b(dir.string(), 600, collect);
  EXPECT_TRUE(a.claim("c_t000"));
  EXPECT_FALSE(b.claim("c_t000")) << "a live claim of this process's other worker must not be taken";
  EXPECT_TRUE(b.claim("c_t001"));
  const json held = json::parse(read_text(a.path_of("c_t000")));
  EXPECT_EQ(held.at("host").get<std::string>(), host_name());
  EXPECT_EQ(held.at("pid").get<long>(), static_cast<long>(getpid()));
  b.release("c_t000");  // not b's: left alone
  EXPECT_TRUE(fs::exists(a.path_of("c_t000")));
  a.release("c_t000");
  EXPECT_FALSE(fs::exists(a.path_of("c_t000")));
  EXPECT_TRUE(b.claim("c_t000"));
  // Nothing but the claims themselves is left in claims/.
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir / "claims")) files += e.path().extension() == ".claim" ? 1 : 100;
  EXPECT_EQ(files, 2);
  fs::remove_all(dir);
}

TEST(TrialClaim, AStaleOrDeadWorkersClaimIsTakenOverAndALiveOneIsNot) {
  const fs::path dir = claim_dir("stale");
  warnings.clear();
  TrialClaims claims(dir.string(), 600, collect);
  // Another host, refreshed just now: live, whatever its pid.
  plant_claim(claims.path_of("fresh"), "some-other-node", 1);
  EXPECT_FALSE(claims.claim("fresh"));
  // Another host, no heartbeat for 20 minutes (> 600 s): its worker died or lost the folder.
  plant_claim(claims.path_of("old"), "some-other-node", 1, 1200);
  EXPECT_TRUE(claims.claim("old"));
  EXPECT_EQ(json::parse(read_text(claims.path_of("old"))).at("pid").get<long>(), static_cast<long>(getpid()));
  // Old, but inside a longer takeover time: live.
  TrialClaims patient(dir.string(), 3600, collect);
  plant_claim(claims.path_of("slow"), "some-other-node", 1, 1200);
  EXPECT_FALSE(patient.claim("slow"));
  // This host: a process that is gone is dead at once; a running one (pid 1) is live.
  plant_claim(claims.path_of("dead"), host_name(), dead_pid());
  EXPECT_TRUE(claims.claim("dead"));
  plant_claim(claims.path_of("running"), host_name(), 1);
  EXPECT_FALSE(claims.claim("running"));
  // This host and this pid, but a token this process does not hold: an earlier process's leftover.
  plant_claim(claims.path_of("leftover"), host_name(), getpid());
  EXPECT_TRUE(claims.claim("leftover"));
  EXPECT_TRUE(warnings.empty());
  fs::remove_all(dir);
}

TEST(TrialClaim, ACorruptClaimIsTreatedAsAbsentWithOneWarning) {
  const fs::path dir = claim_dir("corrupt");
  warnings.clear();
  TrialClaims claims(dir.string(), 600, collect);
  std::ofstream(claims.path_of("broken")) << "{\"host\": \"no";
  EXPECT_TRUE(claims.claim("broken"));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find(claims.path_of("broken")), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("treating it as absent"), std::string::npos) << warnings[0];
  EXPECT_EQ(warnings[0].find('\n'), std::string::npos);
  warnings.clear();
  fs::remove_all(dir);
}

TEST(TrialClaim, OnlyOneOfManyTakersWinsAStaleClaim) {
  const fs::path dir = claim_dir("race");
  for (int round = 0; round < 20; ++round) {
    const std::string id = "r" + std::to_string(round);
    std::vector<std::unique_ptr<TrialClaims>> workers;
    for (int w = 0; w < 8; ++w) workers.push_back(std::make_unique<TrialClaims>(dir.string(), 600, collect));
    plant_claim(workers[0]->path_of(id), "some-other-node", 1, 1200);
    std::atomic<int> winners{0};
    std::vector<std::thread> threads;
    for (auto& w : workers) threads.emplace_back([&, claims = w.get()] { winners += claims->claim(id) ? 1 : 0; });
    for (auto& t : threads) t.join();
    EXPECT_EQ(winners.load(), 1) << "round " << round;
  }
  fs::remove_all(dir);
}

TEST(TrialClaim, TheHeartbeatKeepsAHeldClaimFresh) {
  const fs::path dir = claim_dir("heartbeat");
  TrialClaims claims(dir.string(), 0.4, collect);  // heartbeat every 0.1 s
  ASSERT_TRUE(claims.claim("beat"));
  timespec times[2];
  clock_gettime(CLOCK_REALTIME, &times[0]);
  times[0].tv_sec -= 3600;
  times[1] = times[0];
  ASSERT_EQ(utimensat(AT_FDCWD, claims.path_of("beat").c_str(), times, 0), 0);
  ASSERT_GT(mtime_age(claims.path_of("beat")), 3000);
  for (int i = 0; i < 100 && mtime_age(claims.path_of("beat")) > 5; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_LT(mtime_age(claims.path_of("beat")), 5);
  fs::remove_all(dir);
}

SweepSpec tiny_spec() {
  SweepSpec s;
  s.base = {{"problem", "sine"},     {"samples", "200"},      {"hidden", "8"},
            {"epochs_forward", "1"}, {"epochs_inverse", "1"}, {"threads", "1"}};
  s.axes = {{"k", {"1"}}};
  s.trials = 3;
  s.jobs = 1;
  return s;
}

TEST(TrialClaim, ASweepLeavesALiveClaimsTrialAndTrainsACorruptClaimsOne) {
  const fs::path dir = claim_dir("sweep");
  const auto trials = expand_trials(tiny_spec());
  const auto claim_file = [&](const std::string& id) { return (dir / "claims" / (id + ".claim")).string(); };
  plant_claim(claim_file(trials[0].id), "some-other-node", 1);  // live: another node trains it
  std::ofstream(claim_file(trials[1].id)) << "garbage";         // corrupt: trained here
  testing::internal::CaptureStderr();
  const SweepOutcome first = run_sweep(tiny_spec(), dir.string(), nullptr);
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(first.busy, 1);
  EXPECT_EQ(first.finished, 2);
  EXPECT_FALSE(fs::exists(dir / "trials" / (trials[0].id + ".json")));
  EXPECT_TRUE(fs::exists(dir / "trials" / (trials[1].id + ".json")));
  EXPECT_NE(err.find("warning: " + claim_file(trials[1].id) + " is not a trial claim"), std::string::npos) << err;
  EXPECT_TRUE(fs::exists(claim_file(trials[0].id))) << "another worker's claim must be left alone";
  EXPECT_FALSE(fs::exists(claim_file(trials[1].id))) << "a finished trial's claim is removed";
  EXPECT_EQ(json::parse(read_text((dir / "summary.json").string())).at("trials").get<int>(), 2);
  // The other worker died (no heartbeat for an hour): a rerun takes its trial over.
  plant_claim(claim_file(trials[0].id), "some-other-node", 1, 3600);
  const SweepOutcome second = run_sweep(tiny_spec(), dir.string(), nullptr);
  EXPECT_EQ(second.busy, 0);
  EXPECT_EQ(second.finished, 1);
  EXPECT_EQ(second.skipped, 2);
  EXPECT_TRUE(fs::is_empty(dir / "claims"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ml
