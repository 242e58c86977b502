// Bounded retry of inverse networks (issues 13, 27): a network whose coverage of the validation
// targets (fresh prior draws, never the test targets) stays below 90 % is retrained from fresh
// weights, and the attempt with the highest coverage is kept.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/api/engine.h"
#include "core/problems/problem.h"
#include "core/train/seeds.h"

namespace ml {
namespace {

/// A sine run far too short for any network to reach tau = 1e-3, so every attempt fails
/// validation and all retries happen (deterministically).
Config too_short_sine(int retries) {
  return resolve_config({{"problem", "sine"},
                         {"samples", "400"},
                         {"hidden", "16,16"},
                         {"batch", "64"},
                         {"epochs_forward", "2"},
                         {"epochs_inverse", "1"},
                         {"k", "2"},
                         {"inverse_retries", std::to_string(retries)},
                         {"threads", "1"},
                         {"device", "cpu"},
                         {"seed", "5"}});
}

struct RetryRun {
  Metrics metrics;
  size_t history_rows = 0;
  bool progress_ok = true;             ///< run_step never went back nor past run_steps
  long last_step = 0, last_steps = 0;  ///< at the last inverse report
  std::vector<double> kept_mse;        ///< each kept network's own MSE, recomputed on the validation targets
  std::vector<double> kept_coverage;   ///< and its coverage there
};

RetryRun train(const Config& c) {
  Engine engine(c);
  TrainControl control;
  RetryRun r;
  long previous = -1;
  EXPECT_TRUE(engine.train(
      [&](const Progress& p) {
        r.progress_ok = r.progress_ok && p.run_step >= previous && p.run_step <= p.run_steps;
        previous = p.run_step;
        if (p.phase != Phase::Inverse) return;
        r.last_step = p.run_step;  // the last network's last step ends the planned steps
        r.last_steps = p.run_steps;
      },
      control));
  r.metrics = engine.metrics();
  r.history_rows = engine.loss_history().size();
  // The validation targets as the engine draws them: fresh prior draws, as many as the test targets.
  const auto problem = make_problem(c);
  const long n = static_cast<long>(engine.test_targets().size()) / problem->y_dim();
  const auto y = problem->draw_rows(n, derive_seed(c.seed, SeedStream::ValidationTargets)).second;
  // The networks' own proposals, as retries judge them (no refinement).
  const auto p = engine.propose(std::vector<double>(y.data_ptr<float>(), y.data_ptr<float>() + y.numel()), 0);
  for (int m = 0; m < p.networks; ++m) {
    double sum = 0, valid = 0;
    for (int t = 0; t < p.targets; ++t) {
      sum += p.resim_error[m * p.targets + t];
      valid += p.resim_error[m * p.targets + t] < kValidTau;
    }
    r.kept_mse.push_back(sum / p.targets);
    r.kept_coverage.push_back(valid / p.targets);
  }
  return r;
}

TEST(Retry, ZeroRetriesTrainsEachNetworkOnce) {
  const RetryRun r = train(too_short_sine(0));
  EXPECT_TRUE(r.metrics.attempts_per_network().empty());  // nothing judged, no validation draw
  EXPECT_EQ(r.history_rows, 2u + 2u * 1u);                // forward epochs + k x inverse epochs
  EXPECT_TRUE(r.progress_ok);
  EXPECT_EQ(r.last_step, r.last_steps);
}

TEST(Retry, ANetworkAboveTauIsRetriedAndTheBestAttemptKept) {
  const RetryRun once = train(too_short_sine(0));
  const RetryRun r = train(too_short_sine(2));
  EXPECT_EQ(r.metrics.attempts_per_network(), (std::vector<int>{3, 3}));
  const auto& v = r.metrics.validation_resim_mse_by_attempt;
  const auto& c = r.metrics.validation_coverage_by_attempt;
  ASSERT_EQ(c.size(), 2u);
  // The first attempt of network 0 is the network the run without retries trains; the retries differ.
  EXPECT_NEAR(v[0][0], once.kept_mse[0], 1e-6 * v[0][0]);
  EXPECT_NE(v[0][1], v[0][0]);
  EXPECT_NE(v[0][2], v[0][1]);
  for (int m = 0; m < 2; ++m) {
    ASSERT_EQ(c[m].size(), 3u);
    for (double share : c[m]) EXPECT_LT(share, kMinNetworkCoverage) << m;  // why every retry ran
    // The kept network is the attempt with the highest coverage, ties broken by the lower error.
    size_t best = 0;
    for (size_t a = 1; a < c[m].size(); ++a)
      if (c[m][a] > c[m][best] || (c[m][a] == c[m][best] && v[m][a] < v[m][best])) best = a;
    EXPECT_DOUBLE_EQ(r.kept_coverage[m], c[m][best]) << m;
    EXPECT_NEAR(r.kept_mse[m], v[m][best], 1e-3 * v[m][best]) << m;
  }
  // Every attempt is in the history and the progress: the run grew by its retries.
  EXPECT_EQ(r.history_rows, 2u + 6u * 1u);
  EXPECT_TRUE(r.progress_ok);
  EXPECT_EQ(r.last_step, r.last_steps);
  EXPECT_EQ(Metrics::from_json(r.metrics.to_json()).validation_resim_mse_by_attempt, v);
  EXPECT_EQ(Metrics::from_json(r.metrics.to_json()).validation_coverage_by_attempt, c);
}

}  // namespace
}  // namespace ml
