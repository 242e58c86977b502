// Teaching mode's single steps (issue 8): a step request runs one epoch or one network, then
// the trainer holds in its pause loop until the next request.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "core/api/engine.h"

namespace ml {
namespace {

Config small(const std::string& schedule) {
  return resolve_config({{"problem", "sine"},
                         {"samples", "400"},
                         {"hidden", "16,16"},
                         {"batch", "100"},
                         {"epochs_forward", "3"},
                         {"epochs_inverse", "2"},
                         {"k", "2"},
                         {"threads", "1"},
                         {"device", "cpu"},
                         {"seed", "3"},
                         {"schedule", schedule},
                         {"report_every", "1000"}});
}

struct EpochEnd {
  Phase phase;
  int network, epoch;
};

/// Trains on its own thread and records every epoch-end report. `held` counts the reports after
/// which the trainer is certain to wait: pause was set before the report (TrainControl::end_of_epoch),
/// and under the joint schedule it is the last of the k reports of that epoch.
class SteppedRun {
 public:
  explicit SteppedRun(const Config& config) : engine_(config) {}
  ~SteppedRun() {
    control.stop = true;
    if (thread_.joinable()) thread_.join();
  }
  void start() {
    thread_ = std::thread([this] {
      finished_ = engine_.train([this](const Progress& p) { on_progress(p); }, control);
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
      changed_.notify_all();
    });
  }
  /// Waits (generously) until `holds` pauses happened or the run ended; the epoch ends so far.
  std::vector<EpochEnd> wait_held(int holds) {
    std::unique_lock<std::mutex> lock(mutex_);
    const bool ok = changed_.wait_for(lock, std::chrono::minutes(3), [&] { return held_ >= holds || done_; });
    EXPECT_TRUE(ok) << "the run neither paused nor ended";
    return ends_;
  }
  bool done() {
    std::lock_guard<std::mutex> lock(mutex_);
    return done_;
  }
  void join() { thread_.join(); }
  bool finished() const { return finished_; }

  TrainControl control;

 private:
  void on_progress(const Progress& p) {
    if (!p.epoch_end) return;
    std::lock_guard<std::mutex> lock(mutex_);
    ends_.push_back(EpochEnd{p.phase, p.network, p.epoch});
    if (control.pause.load() && (!p.joint || p.network == p.networks - 1)) ++held_;
    changed_.notify_all();
  }

  Engine engine_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<EpochEnd> ends_;
  int held_ = 0;
  bool done_ = false;
  bool finished_ = false;
};

TEST(Step, EndOfEpochPausesOnlyWhereThePendingStepEnds) {
  TrainControl c;
  EXPECT_FALSE(c.end_of_epoch(true));
  c.request_step(StepMode::Network);
  EXPECT_FALSE(c.end_of_epoch(false));
  EXPECT_FALSE(c.pause.load());
  EXPECT_TRUE(c.end_of_epoch(true));
  EXPECT_TRUE(c.pause.load());
  EXPECT_EQ(c.step.load(), StepMode::None);
  c.request_step(StepMode::Epoch);
  EXPECT_FALSE(c.pause.load());
  EXPECT_TRUE(c.end_of_epoch(false));
  EXPECT_FALSE(c.end_of_epoch(false));  // one request, one pause
}

TEST(Step, StepOneEpochAdvancesExactlyOneEpoch) {
  SteppedRun run(small("sequential"));
  run.control.request_step(StepMode::Epoch);  // from a fresh state: starts, then pauses
  run.start();
  auto ends = run.wait_held(1);
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(ends[0].phase, Phase::Forward);
  EXPECT_EQ(ends[0].epoch, 1);
  run.control.request_step(StepMode::Epoch);
  ends = run.wait_held(2);
  ASSERT_EQ(ends.size(), 2u);
  EXPECT_EQ(ends[1].epoch, 2);
  EXPECT_FALSE(run.done());
}

TEST(Step, StepOneNetworkAdvancesExactlyOneNetwork) {
  SteppedRun run(small("sequential"));
  run.control.request_step(StepMode::Network);
  run.start();
  auto ends = run.wait_held(1);
  ASSERT_EQ(ends.size(), 3u);  // the forward phase is network -1
  EXPECT_EQ(ends.back().network, -1);
  run.control.request_step(StepMode::Network);
  ends = run.wait_held(2);
  ASSERT_EQ(ends.size(), 5u);
  EXPECT_EQ(ends[3].network, 0);
  EXPECT_EQ(ends[4].network, 0);
  EXPECT_EQ(ends[4].epoch, 2);
  run.control.request_step(StepMode::Network);  // the last network: the run then evaluates and ends
  run.join();
  EXPECT_TRUE(run.finished());
  EXPECT_EQ(run.wait_held(3).size(), 7u);
}

TEST(Step, JointEpochStepCoversAllNetworksAndNetworkStepTheWholePhase) {
  SteppedRun run(small("joint"));
  run.control.request_step(StepMode::Network);
  run.start();
  ASSERT_EQ(run.wait_held(1).size(), 3u);
  run.control.request_step(StepMode::Epoch);
  auto ends = run.wait_held(2);
  ASSERT_EQ(ends.size(), 5u);  // one epoch of both networks
  EXPECT_EQ(ends[3].network, 0);
  EXPECT_EQ(ends[4].network, 1);
  EXPECT_EQ(ends[4].epoch, 1);
  run.control.request_step(StepMode::Network);
  run.join();
  EXPECT_TRUE(run.finished());
  EXPECT_EQ(run.wait_held(3).size(), 7u);
}

}  // namespace
}  // namespace ml
