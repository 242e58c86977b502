#include <gtest/gtest.h>

#include "core/nn/adam.h"

namespace ml {
namespace {

/// Two copies of the same parameters, one stepped by torch::optim::Adam and one by FusedAdam on
/// the same gradients, `steps` times with a changing learning rate.
void expect_same_as_torch(double weight_decay, torch::ScalarType type) {
  torch::manual_seed(7);
  const std::vector<std::vector<int64_t>> shapes{{300, 257}, {257}, {3, 5, 7}, {1}};
  std::vector<torch::Tensor> ours, theirs;
  for (const auto& s : shapes) {
    ours.push_back(torch::randn(s, torch::dtype(type)).requires_grad_());
    theirs.push_back(ours.back().detach().clone().requires_grad_());
  }
  FusedAdam fused(ours, weight_decay);
  torch::optim::Adam adam(theirs, torch::optim::AdamOptions(1e-3).weight_decay(weight_decay));
  for (int step = 0; step < 30; ++step) {
    const double lr = 1e-3 * (1 + step % 7);
    fused.set_lr(lr);
    static_cast<torch::optim::AdamOptions&>(adam.param_groups()[0].options()).lr(lr);
    fused.zero_grad();
    adam.zero_grad();
    for (size_t i = 0; i < ours.size(); ++i) {
      const auto g = torch::randn(shapes[i], torch::dtype(type)) * (step % 3 == 0 ? 1e-3 : 10.0);
      ours[i].mutable_grad() = g.clone();
      theirs[i].mutable_grad() = g.clone();
    }
    fused.step();
    adam.step();
    for (size_t i = 0; i < ours.size(); ++i)
      ASSERT_TRUE(torch::equal(ours[i], theirs[i]))
          << "parameter " << i << " differs after step " << step + 1 << ": max |diff| "
          << (ours[i] - theirs[i]).abs().max().item<double>();
  }
}

// Bit for bit: a run trained with FusedAdam gives the numbers LibTorch's Adam would give.
TEST(FusedAdam, StepsExactlyAsTorchAdam) { expect_same_as_torch(0.0, torch::kFloat); }
TEST(FusedAdam, StepsExactlyAsTorchAdamWithWeightDecay) { expect_same_as_torch(5e-4, torch::kFloat); }
TEST(FusedAdam, FallsBackToTorchOperationsForOtherTypes) { expect_same_as_torch(5e-4, torch::kDouble); }

TEST(FusedAdam, ZeroGradDropsTheGradientsAndAStepWithoutThemChangesNothing) {
  auto p = torch::ones({4}).requires_grad_();
  FusedAdam adam({p});
  p.mutable_grad() = torch::ones({4});
  adam.zero_grad();
  EXPECT_FALSE(p.grad().defined());
  adam.step();
  EXPECT_TRUE(torch::equal(p, torch::ones({4})));
}

}  // namespace
}  // namespace ml
