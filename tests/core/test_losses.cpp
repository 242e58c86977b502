// The loss terms, each alone, batched over k networks; and the two schedules' loss agreeing on
// one batch (issue 15: one implementation for the sequential trainer and both joint steppers).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/train/joint_step.h"
#include "core/train/losses.h"
#include "core/train/trainer.h"

namespace ml {
namespace {

BoxTensors unit_box() { return BoxTensors(Box{{-1, -1}, {1, 1}}, torch::kCPU); }

TEST(BoxExcess, IsTheDistanceOutsideTheBoxPerCoordinate) {
  const auto x = torch::tensor({0.5f, -3.0f, 1.25f, 0.0f}).reshape({2, 2});
  const auto expected = torch::tensor({0.0f, 2.0f, 0.25f, 0.0f}).reshape({2, 2});
  EXPECT_TRUE(torch::equal(box_excess(x, unit_box()), expected));
}

TEST(BoundaryLoss, ZeroInsideAndGrowingOutside) {
  const auto inside = torch::tensor({0.0f, 0.0f, 0.99f, -0.99f, -1.0f, 1.0f}).reshape({3, 2});
  EXPECT_EQ(boundary_loss(inside, unit_box()).item<double>(), 0.0);
  double previous = 0;
  for (float out : {1.1f, 1.5f, 3.0f}) {
    const auto x = torch::tensor({out, 0.0f}).reshape({1, 2});
    const double loss = boundary_loss(x, unit_box()).item<double>();
    EXPECT_GT(loss, previous);
    // mean over dims of the excess: (out - 1) / 2
    EXPECT_NEAR(loss, (out - 1.0) / 2.0, 1e-6);
    previous = loss;
  }
  const auto below = torch::tensor({-2.0f, 0.0f}).reshape({1, 2});
  EXPECT_NEAR(boundary_loss(below, unit_box()).item<double>(), 0.5, 1e-6);
}

TEST(BoundaryLoss, BatchedGivesEachNetworkItsOwnMean) {
  const auto x = torch::tensor({0.0f, 0.0f, 3.0f, 0.0f, -2.0f, 0.0f, 0.0f, 0.0f}).reshape({2, 2, 2});
  const auto b = boundary_loss(x, unit_box());
  ASSERT_EQ(b.sizes(), (std::vector<int64_t>{2}));
  EXPECT_NEAR(b[0].item<double>(), 2.0 / 4, 1e-7);  // one coordinate 2 outside, over 2 targets x 2 dims
  EXPECT_NEAR(b[1].item<double>(), 1.0 / 4, 1e-7);
  EXPECT_EQ(b[0].item<double>(), boundary_loss(x[0], unit_box()).item<double>());
}

TEST(FitLoss, IsTheMeanSquaredErrorPerNetwork) {
  const auto y = torch::tensor({1.0f, 2.0f}).reshape({2, 1});
  const auto fy = torch::tensor({1.0f, 2.0f, 2.0f, 4.0f}).reshape({2, 2, 1});
  const auto fit = fit_loss(fy, y);
  ASSERT_EQ(fit.sizes(), (std::vector<int64_t>{2}));
  EXPECT_EQ(fit[0].item<double>(), 0.0);
  EXPECT_NEAR(fit[1].item<double>(), (1.0 + 4.0) / 2, 1e-7);
  torch::manual_seed(1);
  const auto a = torch::randn({16, 3}), t = torch::randn({16, 3});
  EXPECT_NEAR(fit_loss(a, t).item<double>(), torch::mse_loss(a, t).item<double>(), 1e-7);
}

double repulsion(const torch::Tensor& x, const std::vector<torch::Tensor>& earlier, double lambda, double sigma2) {
  return repulsion_loss(x.unsqueeze(0), earlier_proposals(earlier), {}, lambda, sigma2).item<double>();
}

TEST(RepulsionLoss, DecreasesAsProposalsMoveApart) {
  const auto earlier = torch::zeros({4, 2});
  std::vector<double> values;
  for (float d : {0.0f, 0.1f, 0.2f, 0.5f, 1.0f})
    values.push_back(repulsion(torch::full({4, 2}, d), {earlier}, 0.02, 0.04));
  EXPECT_EQ(values.front(), 0.0);
  for (size_t i = 1; i < values.size(); ++i) EXPECT_LT(values[i], values[i - 1]);
  // Far apart it saturates at -lambda per earlier network.
  EXPECT_NEAR(repulsion(torch::full({4, 2}, 10.0f), {earlier, earlier}, 0.02, 0.04), -0.04, 1e-7);
}

TEST(RepulsionLoss, UsesTheNormOverXDims) {
  // ||(0.1, 0.1)||^2 = 0.02: 1 - exp(-0.02 / 0.04) per target.
  const double expected = -0.5 * (1.0 - std::exp(-0.5));
  EXPECT_NEAR(repulsion(torch::full({1, 2}, 0.1f), {torch::zeros({1, 2})}, 0.5, 0.04), expected, 1e-6);
}

TEST(RepulsionLoss, MeasuresDistanceInTheGivenScale) {
  // (1, 2) apart in units whose scale is (10, 20) is (0.1, 0.1) apart in standard units.
  const auto x = torch::tensor({1.0f, 2.0f}).reshape({1, 1, 2});
  const auto others = torch::zeros({1, 1, 2});
  const auto scaled = repulsion_loss(x, others, {}, 0.5, 0.04, torch::tensor({10.0f, 20.0f})).item<double>();
  EXPECT_NEAR(scaled, -0.5 * (1.0 - std::exp(-0.5)), 1e-6);
  // Undefined: x's own units, where they are far apart and the term saturates.
  EXPECT_NEAR(repulsion_loss(x, others, {}, 0.5, 0.04).item<double>(), -0.5, 1e-6);
}

TEST(RepulsionLoss, MaskCountsOnlyTheEarlierNetworksOfEachRow) {
  // Three networks at 0, 0.1 and 0.3 on one axis: row m is repelled from r < m only.
  const auto x = torch::tensor({0.0f, 0.0f, 0.1f, 0.0f, 0.3f, 0.0f}).reshape({3, 1, 2});
  const auto mask = torch::tensor({0.0f, 0.0f, 0.0f, 1.0f, 0.0f, 0.0f, 1.0f, 1.0f, 0.0f}).reshape({3, 3});
  const auto rep = repulsion_loss(x, x, mask, 0.5, 0.04);
  const auto term = [](double d) { return 1.0 - std::exp(-d * d / 0.04); };
  EXPECT_EQ(rep[0].item<double>(), 0.0);
  EXPECT_NEAR(rep[1].item<double>(), -0.5 * term(0.1), 1e-6);
  EXPECT_NEAR(rep[2].item<double>(), -0.5 * (term(0.3) + term(0.2)), 1e-6);
}

TEST(RepulsionLoss, PassesNoGradientToEarlierNetworks) {
  auto earlier = torch::tensor({0.3f, -0.2f}).reshape({1, 2}).requires_grad_(true);
  auto x = torch::tensor({0.1f, 0.1f}).reshape({1, 2}).requires_grad_(true);
  repulsion_loss((x * 1.0).unsqueeze(0), earlier_proposals({earlier * 1.0}), {}, 0.1, 0.04).sum().backward();
  EXPECT_FALSE(earlier.grad().defined());
  ASSERT_TRUE(x.grad().defined());
  EXPECT_GT(x.grad().abs().sum().item<double>(), 0.0);
}

TEST(RepulsionLoss, NoEarlierNetworksIsZero) {
  EXPECT_FALSE(earlier_proposals({}).defined());
  const auto rep = repulsion_loss(torch::ones({2, 3, 2}), {}, {}, 0.02, 0.04);
  EXPECT_TRUE(torch::equal(rep, torch::zeros({2})));
}

TEST(EarlierProposals, StacksTheLatestFirst) {
  const auto a = torch::zeros({3, 2}), b = torch::ones({3, 2});
  const auto s = earlier_proposals({a, b});
  ASSERT_EQ(s.sizes(), (std::vector<int64_t>{2, 3, 2}));
  EXPECT_TRUE(torch::equal(s[0], b));
  EXPECT_TRUE(torch::equal(s[1], a));
}

TEST(InverseTerms, TotalIsFitPlusWeightedBoundaryPlusRepulsion) {
  torch::manual_seed(2);
  const auto x = torch::randn({2, 5, 2}) * 2, y = torch::randn({5, 1}), others = torch::randn({2, 5, 2});
  const ForwardFn f = [](const torch::Tensor& v) { return v.sum(-1, /*keepdim=*/true); };
  const auto mask = torch::tensor({0.0f, 0.0f, 1.0f, 0.0f}).reshape({2, 2});
  const auto t = inverse_terms(x, y, f, others, mask, unit_box(), {10.0, 0.3, 0.5, {}});
  ASSERT_EQ(t.sizes(), (std::vector<int64_t>{2, 4}));
  EXPECT_TRUE(torch::allclose(t.select(1, 1), fit_loss(x.sum(-1, true), y)));
  EXPECT_TRUE(torch::allclose(t.select(1, 2), boundary_loss(x, unit_box())));
  EXPECT_TRUE(torch::allclose(t.select(1, 3), repulsion_loss(x, others, mask, 0.3, 0.5)));
  EXPECT_TRUE(torch::allclose(t.select(1, 0), t.select(1, 1) + 10.0 * t.select(1, 2) + t.select(1, 3)));
  EXPECT_GT(t[0][2].item<double>(), 0.0);  // the randn * 2 proposals leave the box
  EXPECT_LT(t[1][3].item<double>(), 0.0);
}

TEST(InverseTerms, JointStepLossEqualsTheSequentialOnOneBatch) {
  // Same networks, same targets, same earlier proposals: the terms each joint stepper reports for
  // network m equal the sequential schedule's for m (before the step changes the weights).
  const int k = 4;
  const MlpOptions o{1, 2, {16, 16}, "silu", false};
  torch::manual_seed(3);
  std::vector<Mlp> nets;
  for (int m = 0; m < k; ++m) nets.emplace_back(o);
  Mlp f(MlpOptions{2, 1, {16}, "silu", false});
  f->eval();
  set_trainable(*f, false);
  const auto y = torch::randn({32, 1}) * 2;
  const InverseLossWeights weights{10.0, 0.5, 0.04, {}};
  std::vector<torch::Tensor> sequential;
  for (int m = 0; m < k; ++m) {
    std::vector<Mlp> earlier(nets.begin(), nets.begin() + m);
    sequential.push_back(
        inverse_step_terms(nets[m], frozen_proposals(earlier, y, y.size(0)), f, y, unit_box(), weights).detach());
  }
  const JointStepOptions options{unit_box(), weights.boundary, 0.0, 0.0, {}};
  const std::vector<double> lrs(k, 1e-3);
  // The batched stepper trains copies; the parallel one trains `nets` in place, so it goes last.
  const auto batched = make_batched_stepper(nets, f, options, split_threads(2, k))->step(y, 0.5, 0.04, lrs);
  const auto parallel = make_parallel_stepper(nets, f, options, split_threads(2, k))->step(y, 0.5, 0.04, lrs);
  for (int m = 0; m < k; ++m) {
    // Equal up to the order of the repulsion's sum over earlier networks.
    EXPECT_TRUE(torch::allclose(batched[m], sequential[m], 1e-6, 1e-7))
        << "network " << m << ": " << batched[m] << " vs " << sequential[m];
    EXPECT_TRUE(torch::allclose(parallel[m], sequential[m], 1e-6, 1e-7)) << "network " << m;
  }
  EXPECT_LT(sequential[3][3].item<double>(), 0.0);  // repulsion is in play
}

}  // namespace
}  // namespace ml
