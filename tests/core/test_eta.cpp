// The remaining time by phase (core/api/eta.h) on synthetic schedules, and the engine's plan.
#include <gtest/gtest.h>

#include "core/api/engine.h"
#include "core/api/eta.h"

namespace ml {
namespace {

/// Forward 100 steps at cost 1, two inverse networks of 50 steps at cost 2, evaluation cost 40.
RunPlan three_phases() {
  RunPlan plan;
  plan.phases = {{Phase::Forward, -1, 100, 1.0},
                 {Phase::Inverse, 0, 50, 2.0},
                 {Phase::Inverse, 1, 50, 2.0},
                 {Phase::Evaluate, -1, 1, 40.0}};
  return plan;
}

Progress report(Phase phase, int network, long step) {
  Progress p;
  p.phase = phase;
  p.network = network;
  p.step = step;
  return p;
}

TEST(RemainingTime, IsExactWhenEveryPhaseCostsWhatThePlanSays) {
  RemainingTime eta(three_phases());  // total cost 100 + 200 + 40 = 340; 0.01 s per unit
  EXPECT_LT(eta.remaining_s(0), 0);   // nothing measured yet
  eta.observe(report(Phase::Forward, -1, 25), 0.25);
  EXPECT_NEAR(eta.remaining_s(0.25), 3.15, 1e-9);
  EXPECT_NEAR(eta.fraction(0.25), 25.0 / 340, 1e-12);
  // A phase's last report is where it ends (epoch end), so the next phase starts there.
  eta.observe(report(Phase::Forward, -1, 100), 1.0);
  eta.observe(report(Phase::Inverse, 0, 10), 1.2);
  EXPECT_NEAR(eta.remaining_s(1.2), 2.2, 1e-9);
  eta.observe(report(Phase::Inverse, 0, 50), 2.0);
  eta.observe(report(Phase::Inverse, 1, 50), 3.0);
  EXPECT_NEAR(eta.remaining_s(3.0), 0.4, 1e-9);
  EXPECT_NEAR(eta.remaining_s(3.1), 0.3, 1e-9);  // counts down between reports
  eta.observe(report(Phase::Evaluate, -1, 0), 3.0);
  EXPECT_NEAR(eta.remaining_s(3.2), 0.2, 1e-9);
  EXPECT_NEAR(eta.fraction(3.2), (300 + 0.5 * 40) / 340, 1e-9);
  eta.observe(report(Phase::Done, -1, 0), 3.4);
  EXPECT_EQ(eta.remaining_s(3.4), 0);
  EXPECT_EQ(eta.fraction(3.4), 1.0);
}

TEST(RemainingTime, PredictsAPhaseNotYetRunByTheLatestRateAndARunPhaseByItsOwn) {
  RemainingTime eta(three_phases());
  eta.observe(report(Phase::Forward, -1, 100), 1.0);  // 0.01 s per unit
  EXPECT_NEAR(eta.remaining_s(1.0), 2.4, 1e-9);
  // The first inverse network runs at twice the cost per unit (in the GUI, its live pictures
  // between steps): it and the next one are predicted at its rate; the evaluation, one block
  // without them, at the forward phase's.
  eta.observe(report(Phase::Inverse, 0, 25), 2.0);
  EXPECT_NEAR(eta.remaining_s(2.0), (25 * 2 + 100) * 0.02 + 40 * 0.01, 1e-9);
}

TEST(RemainingTime, ARetriedNetworkAddsItsPhaseAgain) {
  RemainingTime eta(three_phases());
  eta.observe(report(Phase::Forward, -1, 100), 1.0);
  eta.observe(report(Phase::Inverse, 0, 50), 2.0);
  const double before = eta.remaining_s(2.0);  // network 1 (1 s) + evaluation (0.4 s)
  EXPECT_NEAR(before, 1.4, 1e-9);
  eta.observe(report(Phase::Inverse, 0, 10), 2.2);  // network 0 starts over
  EXPECT_NEAR(eta.remaining_s(2.2), 40 * 0.02 + 1.0 + 0.4, 1e-9);
  EXPECT_LT(eta.fraction(2.2), 1.0);
}

TEST(RemainingTime, WorkAfterDoneIsPredictedByTheEvaluationsRateAndEndsWhenTheCallerSays) {
  RunPlan plan = three_phases();
  plan.phases.push_back({Phase::Done, -1, 1, 20.0});  // e.g. the GUI's answers for every test target
  RemainingTime eta(plan);
  eta.observe(report(Phase::Forward, -1, 100), 1.0);
  eta.observe(report(Phase::Inverse, 0, 50), 2.0);
  eta.observe(report(Phase::Inverse, 1, 50), 3.0);
  eta.observe(report(Phase::Evaluate, -1, 0), 3.0);
  EXPECT_NEAR(eta.remaining_s(3.0), 0.4 + 0.2, 1e-9);
  // The evaluation took 0.8 s for 40 units, twice the plan's rate: the last block is priced at it.
  eta.observe(report(Phase::Done, -1, 0), 3.8);
  EXPECT_NEAR(eta.remaining_s(3.8), 20 * 0.02, 1e-9);
  EXPECT_LT(eta.fraction(3.8), 1.0);
  eta.finish();
  EXPECT_EQ(eta.remaining_s(3.9), 0.0);
  EXPECT_EQ(eta.fraction(3.9), 1.0);
}

TEST(RemainingTime, AnEmptyPlanIsLinearInRunSteps) {
  RemainingTime eta;
  Progress p = report(Phase::Direct, -1, 30);
  p.run_step = 30;
  p.run_steps = 120;
  eta.observe(p, 3.0);
  EXPECT_NEAR(eta.remaining_s(3.0), 9.0, 1e-9);
  EXPECT_NEAR(eta.fraction(3.0), 0.25, 1e-12);
}

TEST(RemainingTime, IgnoresReportsOutsideThePlan) {
  RemainingTime eta(three_phases());
  eta.observe(report(Phase::Forward, -1, 50), 0.5);
  eta.observe(report(Phase::Adjoint, -1, 10), 9.0);
  EXPECT_NEAR(eta.remaining_s(0.5), 2.9, 1e-9);
}

Config tiny_run(const std::string& schedule) {
  return resolve_config({{"problem", "sine"},
                         {"samples", "600"},
                         {"hidden", "16,16"},
                         {"batch", "64"},
                         {"epochs_forward", "4"},
                         {"epochs_inverse", "3"},
                         {"k", "3"},
                         {"schedule", schedule},
                         {"threads", "1"},
                         {"device", "cpu"},
                         {"seed", "2"}});
}

TEST(RunPlan, CoversEveryStepOfTheRunAndPricesAnInverseStepAboveAForwardStep) {
  for (const std::string schedule : {"sequential", "joint"}) {
    SCOPED_TRACE(schedule);
    Engine engine(tiny_run(schedule));
    const RunPlan plan = engine.run_plan();
    ASSERT_GE(plan.phases.size(), 3u);
    EXPECT_EQ(plan.phases.front().phase, Phase::Forward);
    EXPECT_EQ(plan.phases.back().phase, Phase::Evaluate);
    const size_t inverse_phases = schedule == "joint" ? 1 : 3;
    ASSERT_EQ(plan.phases.size(), 2 + inverse_phases);
    // g's step runs g and f: dearer than f's own step (per network).
    const double per_network = plan.phases[1].step_cost / (schedule == "joint" ? 3 : 1);
    EXPECT_GT(per_network, plan.phases[0].step_cost);

    long planned = 0, last_run_steps = 0;
    for (size_t i = 0; i + 1 < plan.phases.size(); ++i)
      planned += plan.phases[i].steps * (schedule == "joint" && i == 1 ? 3 : 1);
    RemainingTime eta(plan);
    double last_fraction = 0;
    bool monotone = true;
    TrainControl control;
    ASSERT_TRUE(engine.train(
        [&](const Progress& p) {
          last_run_steps = p.run_steps;
          eta.observe(p, p.elapsed_s);
          const double f = eta.fraction(p.elapsed_s);
          monotone = monotone && f >= last_fraction - 1e-12;
          last_fraction = f;
        },
        control));
    EXPECT_EQ(planned, last_run_steps);
    EXPECT_TRUE(monotone);
    EXPECT_EQ(eta.fraction(1e9), 1.0);
    EXPECT_EQ(eta.remaining_s(1e9), 0.0);
  }
}

}  // namespace
}  // namespace ml
