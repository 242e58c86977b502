// Start/pause/resume/stop of the training worker at seeded random moments: every cycle must end
// (never hang, never fail) and the thread must join. Run under ThreadSanitizer by scripts/sanitize.sh.
#include <gtest/gtest.h>

#include <random>

#include "core/api/config.h"
#include "ui/worker/training_runner.h"
#include "ui_test_support.h"

using namespace ml::ui;
using ml::ui::test::wait_for;

TEST(WorkerStress, FiftyStartStopCyclesAtRandomMomentsAllEnd) {
  // Long enough that only a stop ends it, so a lost stop hangs and fails the wait below.
  const ml::Config config = ml::resolve_config({{"samples", "400"},
                                                {"epochs_forward", "2"},
                                                {"epochs_inverse", "20000"},
                                                {"hidden", "16,16"},
                                                {"threads", "1"},
                                                {"k", "2"},
                                                {"report_every", "1"}});
  TrainingRunner runner;
  std::mt19937 rng(50);
  std::uniform_int_distribution<int> action(0, 3), wait_ms(0, 40);
  for (int cycle = 0; cycle < 50; ++cycle) {
    ASSERT_TRUE(runner.start(config)) << "cycle " << cycle;
    const int a = action(rng);  // 0: stop at once; 1: after a wait; 2: pause, stop; 3: pause, resume, stop
    if (a >= 1) wait_for([] { return false; }, wait_ms(rng));
    if (a >= 2) {
      runner.pause();
      EXPECT_EQ(runner.state(), RunState::Paused);
      wait_for([] { return false; }, wait_ms(rng));
    }
    if (a == 3) {
      runner.resume();
      wait_for([] { return false; }, wait_ms(rng));
    }
    runner.stop();
    ASSERT_TRUE(wait_for([&] { return !runner.busy(); }, 60000))
        << "cycle " << cycle << " (action " << a << ") did not end: " << run_state_name(runner.state());
    EXPECT_EQ(runner.state(), RunState::Stopped) << "cycle " << cycle;
    runner.take();  // the GUI drains the buffer; so does this test, to keep it bounded
  }
  EXPECT_TRUE(runner.shutdown());
}
