#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/train/evaluation.h"

namespace ml {
namespace {

TEST(Selection, PicksTheLowestScorePerTargetWithinThePrefix) {
  // 3 networks x 4 targets.
  const auto score = torch::tensor({0.5, 0.1, 0.9, 0.3,  //
                                    0.2, 0.4, 0.8, 0.6,  //
                                    0.1, 0.7, 0.05, 0.9})
                         .reshape({3, 4});
  EXPECT_TRUE(torch::equal(select_best(score, 3), torch::tensor({2, 0, 2, 0}, torch::kLong)));
  EXPECT_TRUE(torch::equal(select_best(score, 2), torch::tensor({1, 0, 1, 0}, torch::kLong)));
  EXPECT_TRUE(torch::equal(select_best(score, 1), torch::zeros({4}, torch::kLong)));
}

/// A constructed case: the forward model is right about network 1 for target 0 and wrong about it
/// for target 1, so forward-model selection and oracle selection differ there.
TEST(Selection, MetricsUseForwardArgminForSelectedAndSimulatorArgminForOracle) {
  ProposalTensors p;
  p.y = torch::zeros({2, 1});
  p.x = torch::tensor({0.0, 0.0, 0.5, 0.5}, torch::kFloat32).reshape({2, 2, 1});
  // fit: network 1 looks best for both targets.
  p.fit = torch::tensor({0.4, 0.4, 0.1, 0.1}).reshape({2, 2});
  // resim: network 1 truly best for target 0 only.
  p.resim = torch::tensor({0.3, 0.02, 0.01, 0.5}).reshape({2, 2});
  const auto m = compute_metrics(p, Box{{-1}, {1}}, kValidTau);
  ASSERT_EQ(m.selected_resim_mse_by_k.size(), 2u);
  EXPECT_NEAR(m.selected_resim_mse_by_k[0], (0.3 + 0.02) / 2, 1e-7);
  EXPECT_NEAR(m.selected_resim_mse_by_k[1], (0.01 + 0.5) / 2, 1e-7);
  EXPECT_NEAR(m.oracle_resim_mse_by_k[1], (0.01 + 0.02) / 2, 1e-7);
  EXPECT_EQ(m.selection_counts, (std::vector<long>{0, 2}));
  EXPECT_NEAR(m.per_network_resim_mse[0], 0.16, 1e-7);
  EXPECT_EQ(m.outside_box_fraction, 0.0);
}

TEST(Selection, CountsProposalsOutsideTheBox) {
  ProposalTensors p;
  p.y = torch::zeros({2, 1});
  p.x = torch::tensor({0.0, 1.5, -2.0, 0.5}, torch::kFloat32).reshape({2, 2, 1});
  p.fit = torch::zeros({2, 2});
  p.resim = torch::zeros({2, 2});
  EXPECT_NEAR(compute_metrics(p, Box{{-1}, {1}}, kValidTau).outside_box_fraction, 0.5, 1e-7);
}

}  // namespace
}  // namespace ml
