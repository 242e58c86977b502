// Gradient-norm clipping of the inverse networks (issue 13): torch's rule for one network, the
// same rule per network for stacked weights, and nothing at all below the limit.
#include <gtest/gtest.h>

#include "core/nn/grad_clip.h"

namespace ml {
namespace {

std::vector<torch::Tensor> with_grads(const std::vector<torch::Tensor>& grads) {
  std::vector<torch::Tensor> params;
  for (const auto& g : grads) {
    auto p = torch::zeros_like(g).requires_grad_(true);
    p.mutable_grad() = g.clone();
    params.push_back(p);
  }
  return params;
}

TEST(GradClip, ScalesALargeGradientToTheLimitLikeTorch) {
  torch::manual_seed(1);
  const std::vector<torch::Tensor> grads{torch::randn({8, 3}) * 10, torch::randn({3}) * 10};
  auto ours = with_grads(grads), theirs = with_grads(grads);
  clip_grad_norm(ours, 0.5);
  torch::nn::utils::clip_grad_norm_(theirs, 0.5);
  double norm2 = 0;
  for (size_t i = 0; i < ours.size(); ++i) {
    EXPECT_TRUE(torch::allclose(ours[i].grad(), theirs[i].grad(), 1e-5, 1e-7));
    norm2 += ours[i].grad().pow(2).sum().item<double>();
  }
  EXPECT_NEAR(std::sqrt(norm2), 0.5, 1e-5);
}

TEST(GradClip, LeavesGradientsBelowTheLimitAndAZeroLimitAlone) {
  const std::vector<torch::Tensor> grads{torch::full({4}, 0.1), torch::full({2, 2}, -0.2)};
  for (double limit : {1.0, 0.0}) {
    auto params = with_grads(grads);
    clip_grad_norm(params, limit);
    for (size_t i = 0; i < grads.size(); ++i) EXPECT_TRUE(torch::equal(params[i].grad(), grads[i]));
  }
  auto big = with_grads({torch::full({4}, 1e6)});
  clip_grad_norm(big, 0.0);
  EXPECT_TRUE(torch::equal(big[0].grad(), torch::full({4}, 1e6)));
}

TEST(GradClip, StackedClipsEachNetworkOnItsOwnNorm) {
  torch::manual_seed(2);
  // Network 0 far above the limit, network 1 below it, network 2 just above.
  const auto scale = torch::tensor({20.0f, 0.01f, 0.6f});
  const std::vector<torch::Tensor> stacked{torch::randn({3, 4, 5}) * scale.view({3, 1, 1}),
                                           torch::randn({3, 5}) * scale.view({3, 1})};
  auto params = with_grads(stacked);
  clip_grad_norm(params, 1.0, /*stacked=*/true);
  for (int m = 0; m < 3; ++m) {
    auto one = with_grads({stacked[0][m], stacked[1][m]});
    clip_grad_norm(one, 1.0);
    EXPECT_TRUE(torch::allclose(params[0].grad()[m], one[0].grad(), 1e-6, 1e-8)) << "network " << m;
    EXPECT_TRUE(torch::allclose(params[1].grad()[m], one[1].grad(), 1e-6, 1e-8)) << "network " << m;
  }
  EXPECT_TRUE(torch::equal(params[0].grad()[1], stacked[0][1]));  // below the limit: untouched
  const double norm0 =
      std::sqrt(params[0].grad()[0].pow(2).sum().item<double>() + params[1].grad()[0].pow(2).sum().item<double>());
  EXPECT_NEAR(norm0, 1.0, 1e-5);
}

}  // namespace
}  // namespace ml
