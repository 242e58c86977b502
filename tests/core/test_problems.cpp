#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "core/api/config.h"
#include "core/problems/dataset.h"
#include "core/problems/robot_arm/robot_arm.h"
#include "core/problems/sine/sine.h"

namespace ml {
namespace {

TEST(SineProblem, SimulatorAtHandComputedPoints) {
  SineProblem sine;
  // y = sin(3 pi x1) + cos(3 pi x2)
  const auto x = torch::tensor({0.0f, 0.0f, 1.0f / 6, 0.0f, 0.5f, 1.0f / 3, -1.0f / 6, 1.0f}).reshape({4, 2});
  const auto y = sine.simulate(x);
  ASSERT_EQ(y.sizes(), (std::vector<int64_t>{4, 1}));
  EXPECT_NEAR(y[0][0].item<double>(), 1.0, 1e-6);   // sin 0 + cos 0
  EXPECT_NEAR(y[1][0].item<double>(), 2.0, 1e-6);   // sin(pi/2) + cos 0
  EXPECT_NEAR(y[2][0].item<double>(), -2.0, 1e-5);  // sin(3pi/2) + cos(pi)
  EXPECT_NEAR(y[3][0].item<double>(), -2.0, 1e-5);  // sin(-pi/2) + cos(3pi)
}

TEST(RobotArmProblem, SimulatorUsesDifferenceAngles) {
  RobotArmProblem arm;
  // All zero: straight arm along h, end at (0.5 + 0.5 + 1.0, 0).
  // x = (0.1, pi/2, pi/2, pi/2): a1 = pi/2, a2 = 0, a3 = -pi/2
  //   h = 0 + 0.5 + 0 = 0.5, v = 0.1 + 0.5 + 0 - 1.0 = -0.4
  const auto x =
      torch::tensor({0.0, 0.0, 0.0, 0.0, 0.1, M_PI / 2, M_PI / 2, M_PI / 2}, torch::kFloat32).reshape({2, 4});
  const auto y = arm.simulate(x);
  EXPECT_NEAR(y[0][0].item<double>(), 2.0, 1e-6);
  EXPECT_NEAR(y[0][1].item<double>(), 0.0, 1e-6);
  EXPECT_NEAR(y[1][0].item<double>(), 0.5, 1e-6);
  EXPECT_NEAR(y[1][1].item<double>(), -0.4, 1e-6);
}

TEST(RobotArmProblem, JointsEndAtTheSimulatedPoint) {
  RobotArmProblem arm;
  const double x[4] = {0.2, 0.3, -0.4, 0.9};
  const auto joints = arm::joints(x);
  ASSERT_EQ(joints.size(), 4u);
  EXPECT_DOUBLE_EQ(joints[0][0], 0.0);
  EXPECT_DOUBLE_EQ(joints[0][1], 0.2);
  // First link: length 0.5 at angle t1.
  EXPECT_NEAR(joints[1][0], 0.5 * std::cos(0.3), 1e-12);
  EXPECT_NEAR(joints[1][1], 0.2 + 0.5 * std::sin(0.3), 1e-12);
  const auto y = arm.simulate(torch::tensor({0.2, 0.3, -0.4, 0.9}, torch::kFloat64).reshape({1, 4}));
  EXPECT_NEAR(joints[3][0], y[0][0].item<double>(), 1e-9);
  EXPECT_NEAR(joints[3][1], y[0][1].item<double>(), 1e-9);
}

TEST(RobotArmProblem, PriorHasTheDocumentedSpread) {
  RobotArmProblem arm;
  auto gen = seeded_generator(7);
  const auto x = arm.sample(20000, gen);
  const auto sd = x.std(0);
  EXPECT_NEAR(sd[0].item<double>(), 0.25, 0.01);
  for (int d = 1; d < 4; ++d) EXPECT_NEAR(sd[d].item<double>(), 0.5, 0.02);
}

TEST(Dataset, SplitIsSeededAndSized) {
  SineProblem sine;
  const auto a = make_dataset(sine, 1000, 0.8, 3, torch::kCPU);
  const auto b = make_dataset(sine, 1000, 0.8, 3, torch::kCPU);
  const auto c = make_dataset(sine, 1000, 0.8, 4, torch::kCPU);
  EXPECT_EQ(a.x_train.size(0), 800);
  EXPECT_EQ(a.x_test.size(0), 200);
  EXPECT_TRUE(torch::equal(a.x_train, b.x_train));
  EXPECT_FALSE(torch::equal(a.x_train, c.x_train));
  EXPECT_TRUE(torch::allclose(a.y_test, sine.simulate(a.x_test)));
  EXPECT_EQ(a.box.lo, (std::vector<double>{-1, -1}));
  EXPECT_EQ(a.box.hi, (std::vector<double>{1, 1}));
}

TEST(Dataset, ArmBoxIsTheTrainingRange) {
  RobotArmProblem arm;
  const auto d = make_dataset(arm, 500, 0.8, 1, torch::kCPU);
  const auto lo = std::get<0>(d.x_train.min(0));
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(d.box.lo[i], lo[i].item<double>(), 1e-7);
  EXPECT_LT(d.box.lo[0], -0.4);
  EXPECT_GT(d.box.hi[1], 0.8);
}

TEST(Dataset, TooFewSamplesForTheSplitIsAConfigError) {
  SineProblem sine;
  EXPECT_THROW(make_dataset(sine, 3, 0.8, 1, torch::kCPU), ConfigError);
}

}  // namespace
}  // namespace ml
