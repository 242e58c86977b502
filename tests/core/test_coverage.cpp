#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/train/coverage.h"
#include "core/problems/sine/sine.h"

namespace ml {
namespace {

TEST(ValidDistinct, CountsValidProposalsAfterMergingCloseOnes) {
  // 3 networks x 2 targets, x in 2-D.
  const auto x = torch::tensor({0.0, 0.0, 0.5, 0.5,    // net 0: targets 0, 1
                                0.05, 0.0, -0.5, 0.5,  // net 1: close to net 0 for target 0
                                0.9, 0.9, 0.5, 0.52},  // net 2: far for target 0, close for target 1
                               torch::kFloat32)
                     .reshape({3, 2, 2});
  const auto resim = torch::tensor({1e-5, 1e-5, 1e-5, 1e-5, 1e-5, 0.5}).reshape({3, 2});  // net 2 invalid for target 1
  CoverageSettings s;
  s.tau = 1e-3;
  s.epsilon = 0.1;
  EXPECT_TRUE(torch::equal(valid_distinct(x, resim, 3, s), torch::tensor({2L, 2L})));
  EXPECT_TRUE(torch::equal(valid_distinct(x, resim, 1, s), torch::tensor({1L, 1L})));
  s.tau = 1e-6;  // nothing valid
  EXPECT_TRUE(torch::equal(valid_distinct(x, resim, 3, s), torch::tensor({0L, 0L})));
}

TEST(SolutionSetCoverage, GrowsWithMoreDistinctValidProposals) {
  SineProblem sine;
  const Box box{{-1, -1}, {1, 1}};
  // Target y = 1: sin(3 pi x1) + cos(3 pi x2) = 1 holds at (0, 0), (1/3, 2/3)... pick exact solutions.
  const auto y = torch::tensor({1.0f}).reshape({1, 1});
  const auto one = torch::tensor({0.0f, 0.0f}).reshape({1, 1, 2});
  const auto two =
      torch::tensor({0.0f, 0.0f, 1.0f / 6, 0.0f}).reshape({2, 1, 2});  // (1/6, x2): needs cos=-0 -> invalid
  const auto three = torch::tensor({0.0f, 0.0f, 0.0f, 2.0f / 3, 2.0f / 3, 0.0f}).reshape({3, 1, 2});
  auto resim_of = [&](const torch::Tensor& x) {
    return (sine.simulate(x.reshape({-1, 2})).reshape({x.size(0), 1}) - 1.0).pow(2);
  };
  const auto sim = [&](const torch::Tensor& g) { return sine.simulate(g); };
  CoverageSettings s;
  const double c1 = solution_set_coverage(one, resim_of(one), y, 1, box, sim, s);
  const double c3 = solution_set_coverage(three, resim_of(three), y, 3, box, sim, s);
  EXPECT_GT(c1, 0.0);
  EXPECT_LT(c1, 0.2);
  EXPECT_GT(c3, 2.0 * c1);
  // An invalid second proposal adds nothing.
  EXPECT_NEAR(solution_set_coverage(two, resim_of(two), y, 2, box, sim, s), c1, 1e-12);
  // Prefix k = 1 of the three ignores the rest.
  EXPECT_NEAR(solution_set_coverage(three, resim_of(three), y, 1, box, sim, s), c1, 1e-12);
}

}  // namespace
}  // namespace ml
