#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/losses.h"

namespace ml {
namespace {

TEST(BoundaryLoss, ZeroInsideAndGrowingOutside) {
  const BoxTensors box(Box{{-1, -1}, {1, 1}}, torch::kCPU);
  const auto inside = torch::tensor({0.0f, 0.0f, 0.99f, -0.99f, -1.0f, 1.0f}).reshape({3, 2});
  EXPECT_EQ(boundary_loss(inside, box).item<double>(), 0.0);
  double previous = 0;
  for (float out : {1.1f, 1.5f, 3.0f}) {
    const auto x = torch::tensor({out, 0.0f}).reshape({1, 2});
    const double loss = boundary_loss(x, box).item<double>();
    EXPECT_GT(loss, previous);
    // mean over dims of the excess: (out - 1) / 2
    EXPECT_NEAR(loss, (out - 1.0) / 2.0, 1e-6);
    previous = loss;
  }
  const auto below = torch::tensor({-2.0f, 0.0f}).reshape({1, 2});
  EXPECT_NEAR(boundary_loss(below, box).item<double>(), 0.5, 1e-6);
}

TEST(RepulsionLoss, DecreasesAsProposalsMoveApart) {
  const auto earlier = torch::zeros({4, 2});
  std::vector<double> values;
  for (float d : {0.0f, 0.1f, 0.2f, 0.5f, 1.0f})
    values.push_back(repulsion_loss(torch::full({4, 2}, d), {earlier}, 0.02, 0.04).item<double>());
  EXPECT_EQ(values.front(), 0.0);
  for (size_t i = 1; i < values.size(); ++i) EXPECT_LT(values[i], values[i - 1]);
  // Far apart it saturates at -lambda per earlier network.
  EXPECT_NEAR(repulsion_loss(torch::full({4, 2}, 10.0f), {earlier, earlier}, 0.02, 0.04).item<double>(), -0.04, 1e-7);
}

TEST(RepulsionLoss, UsesTheNormOverXDims) {
  // ||(0.1, 0.1)||^2 = 0.02: 1 - exp(-0.02 / 0.04) per target.
  const auto x = torch::full({1, 2}, 0.1f);
  const double expected = -0.5 * (1.0 - std::exp(-0.5));
  EXPECT_NEAR(repulsion_loss(x, {torch::zeros({1, 2})}, 0.5, 0.04).item<double>(), expected, 1e-6);
}

TEST(RepulsionLoss, PassesNoGradientToEarlierNetworks) {
  auto earlier = torch::tensor({0.3f, -0.2f}).reshape({1, 2}).requires_grad_(true);
  auto x = torch::tensor({0.1f, 0.1f}).reshape({1, 2}).requires_grad_(true);
  repulsion_loss(x * 1.0, {earlier * 1.0}, 0.1, 0.04).backward();
  EXPECT_FALSE(earlier.grad().defined());
  ASSERT_TRUE(x.grad().defined());
  EXPECT_GT(x.grad().abs().sum().item<double>(), 0.0);
}

TEST(RepulsionLoss, EmptyEarlierIsZero) {
  EXPECT_EQ(repulsion_loss(torch::ones({3, 2}), {}, 0.02, 0.04).item<double>(), 0.0);
}

}  // namespace
}  // namespace ml
