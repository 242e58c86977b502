// The joint schedule (issue 5): k networks train at once, reproducibly, and stop when asked.
#include <gtest/gtest.h>

#include <ATen/Parallel.h>

#include <cmath>
#include <set>

#include "core/api/engine.h"
#include "core/platform/worker_pool.h"

namespace ml {
namespace {

Config small_joint(int k, int threads) {
  return resolve_config({{"problem", "sine"},
                         {"samples", "1000"},
                         {"hidden", "32,32"},
                         {"lr", "0.01"},
                         {"batch", "64"},
                         {"epochs_forward", "4"},
                         {"epochs_inverse", "3"},
                         {"k", std::to_string(k)},
                         {"threads", std::to_string(threads)},
                         {"device", "cpu"},
                         {"seed", "5"},
                         {"schedule", "joint"},
                         {"report_every", "4"}});
}

TEST(Joint, TrainsEveryNetworkWithPerNetworkLossRows) {
  Engine engine(small_joint(3, 2));
  TrainControl control;
  std::set<int> reported;
  bool joint_flag = true;
  engine.train(
      [&](const Progress& p) {
        if (p.phase != Phase::Inverse) return;
        reported.insert(p.network);
        joint_flag = joint_flag && p.joint;
        if (p.epoch_end && p.network == 0) {
          EXPECT_EQ(p.terms.repulsion, 0.0);
        }
        if (p.epoch_end && p.network == 2) {
          EXPECT_LT(p.terms.repulsion, 0.0);
        }
      },
      control);
  ASSERT_TRUE(engine.trained());
  EXPECT_EQ(reported, (std::set<int>{0, 1, 2}));
  EXPECT_TRUE(joint_flag);
  int inverse_rows = 0;
  for (const auto& row : engine.loss_history())
    if (row.phase == Phase::Inverse) {
      EXPECT_EQ(row.network, inverse_rows % 3);
      EXPECT_EQ(row.epoch, inverse_rows / 3 + 1);
      ++inverse_rows;
    }
  EXPECT_EQ(inverse_rows, 9);
  EXPECT_EQ(engine.metrics().selected_resim_mse_by_k.size(), 3u);
}

TEST(Joint, SameSeedAndThreadsGiveTheSameRun) {
  Engine a(small_joint(3, 2)), b(small_joint(3, 2));
  TrainControl ca, cb;
  ASSERT_TRUE(a.train({}, ca));
  ASSERT_TRUE(b.train({}, cb));
  EXPECT_EQ(a.metrics().selected_resim_mse_by_k, b.metrics().selected_resim_mse_by_k);
  EXPECT_EQ(a.propose({0.5, -1.0}).x, b.propose({0.5, -1.0}).x);
}

TEST(Joint, ADivergingRunStopsBeforeReportingItAndKeepsTheLastGoodWeights) {
  Engine engine(small_joint(2, 2));
  TrainControl control;
  control.set_hot(hot_slot(&Config::lr_inverse), 1e30);  // the loss overflows within the first report
  bool finite_reports = true;
  const auto progress = [&](const Progress& p) { finite_reports = finite_reports && std::isfinite(p.terms.total); };
  EXPECT_FALSE(engine.train(progress, control));
  EXPECT_TRUE(finite_reports);  // the same epoch loop as the sequential schedule: no NaN reaches a report
  EXPECT_NE(engine.stop_reason().find("inverse network 1's loss became NaN or infinite in epoch 1"), std::string::npos)
      << engine.stop_reason();
  ASSERT_EQ(engine.inverse_networks_ready(), 2);
  for (double x : engine.propose({0.5, -0.3}).x) EXPECT_TRUE(std::isfinite(x));
}

TEST(Joint, StopEndsTrainingWithEveryNetworkUsable) {
  Engine engine(small_joint(2, 2));
  TrainControl control;
  const bool finished = engine.train(
      [&](const Progress& p) {
        if (p.phase == Phase::Inverse) control.stop = true;
      },
      control);
  EXPECT_FALSE(finished);
  EXPECT_FALSE(engine.trained());
  EXPECT_EQ(engine.inverse_networks_ready(), 2);
  EXPECT_NO_THROW(engine.propose({0.1}));
}

TEST(WorkerPool, RunsEveryWorkerAndRethrows) {
  WorkerPool pool(2, 1);
  std::vector<int> hits(2, 0);
  std::vector<int> threads(2, 0);
  pool.run([&](int w) { ++hits[w]; });
  pool.run([&](int w) {
    ++hits[w];
    threads[w] = at::get_num_threads();  // each worker keeps its own count (no oversubscription)
  });
  EXPECT_EQ(threads, (std::vector<int>{1, 1}));
  EXPECT_EQ(hits, (std::vector<int>{2, 2}));
  EXPECT_THROW(pool.run([](int w) {
    if (w == 1) throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(split_threads(2, 4).workers, 2);
  EXPECT_EQ(split_threads(2, 4).intra, 1);
  EXPECT_EQ(split_threads(4, 1).intra, 4);
}

}  // namespace
}  // namespace ml
