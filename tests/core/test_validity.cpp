// Every network a valid manifold (issue 13): validity per network is a result, and the default
// quick preset trains every one of its four networks to a valid branch.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/api/engine.h"

namespace ml {
namespace {

TEST(Validity, CountsNetworksBelowTauAndWritesTheCount) {
  Metrics m;
  m.per_network_resim_mse = {2.5e-5, 5.5e-2, 6.3e-5, 1e-3};  // 1e-3 is not below tau
  m.coverage_tau = 1e-3;
  EXPECT_EQ(m.valid_networks(), 2);
  EXPECT_TRUE(m.network_valid(0));
  EXPECT_FALSE(m.network_valid(1));
  EXPECT_FALSE(m.network_valid(3));
  EXPECT_FALSE(m.network_valid(4));  // no such network
  m.coverage_tau = NAN;              // metrics written before tau was stored: the documented default
  EXPECT_EQ(m.valid_networks(), 2);
  m.coverage_tau = 0.1;
  EXPECT_EQ(m.valid_networks(), 4);
  EXPECT_EQ(nlohmann::json::parse(m.to_json()).at("valid_networks").get<int>(), 4);
}

/// The default demo (sine, quick preset, k = 4). Without gradient clipping, seeds 1 and 2 each
/// end with one network 100-2000x worse than its siblings (a loss blow-up at the schedule's peak).
class QuickPresetSeed : public ::testing::TestWithParam<int> {};

TEST_P(QuickPresetSeed, EveryNetworkOfTheSineMixtureIsValid) {
  Config c = preset_config("sine", "quick");
  c.seed = GetParam();
  c.device = "cpu";
  c.threads = 1;  // what `train` picks for these sizes; the numbers below depend on it
  Engine engine(c);
  TrainControl control;
  ASSERT_TRUE(engine.train({}, control));
  const Metrics& m = engine.metrics();
  ASSERT_EQ(m.per_network_resim_mse.size(), 4u);
  for (int k = 0; k < 4; ++k)
    EXPECT_TRUE(m.network_valid(k)) << "network " << k + 1 << ": " << m.per_network_resim_mse[k];
  EXPECT_EQ(m.valid_networks(), 4);
}

INSTANTIATE_TEST_SUITE_P(Seeds, QuickPresetSeed, ::testing::Values(1, 2, 3));

}  // namespace
}  // namespace ml
