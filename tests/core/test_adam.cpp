#include <gtest/gtest.h>

#include <memory>

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

/// k networks stacked as [k, ...] (BatchedMlp's layout) and stepped with k learning rates, against
/// k separate optimisers on the same gradients. Equal bit for bit: row m's step size is computed
/// in double from its learning rate as set_lr's is, and every element's update is elementwise.
void expect_stacked_same_as_separate(double weight_decay, torch::ScalarType type) {
  torch::manual_seed(3);
  constexpr int k = 3;  // odd: at::parallel_for's halves and quarters split rows
  // The first is big enough for at::parallel_for to split it into chunks.
  const std::vector<std::vector<int64_t>> shapes{{300, 257}, {1, 257}, {5}};
  std::vector<std::vector<torch::Tensor>> nets(k);
  std::vector<torch::Tensor> stacked;
  for (const auto& s : shapes) {
    std::vector<torch::Tensor> rows;
    for (int m = 0; m < k; ++m) {
      nets[m].push_back(torch::randn(s, torch::dtype(type)).requires_grad_());
      rows.push_back(nets[m].back().detach());
    }
    stacked.push_back(torch::stack(rows).requires_grad_());
  }
  std::vector<std::unique_ptr<FusedAdam>> separate;
  for (auto& net : nets) separate.push_back(std::make_unique<FusedAdam>(net, weight_decay));
  FusedAdam together(stacked, weight_decay);
  const std::vector<double> base{2e-3, 0.05, 0.1};
  for (int step = 0; step < 12; ++step) {
    std::vector<double> lrs;
    for (int m = 0; m < k; ++m) lrs.push_back(base[m] * (1 + (step + m) % 3));
    for (size_t i = 0; i < shapes.size(); ++i) {
      std::vector<torch::Tensor> grads;
      for (int m = 0; m < k; ++m) {
        grads.push_back(torch::randn(shapes[i], torch::dtype(type)) * ((step + m) % 3 == 0 ? 1e-3 : 10.0));
        nets[m][i].mutable_grad() = grads.back().clone();
      }
      stacked[i].mutable_grad() = torch::stack(grads);
    }
    for (int m = 0; m < k; ++m) {
      separate[m]->set_lr(lrs[m]);
      separate[m]->step();
    }
    together.step(torch::tensor(lrs, torch::kFloat64));
    for (size_t i = 0; i < shapes.size(); ++i)
      for (int m = 0; m < k; ++m)
        ASSERT_TRUE(torch::equal(stacked[i][m], nets[m][i]))
            << "parameter " << i << " of network " << m << " differs after step " << step + 1 << ": max |diff| "
            << (stacked[i][m] - nets[m][i]).abs().max().item<double>();
  }
}

TEST(FusedAdam, StackedNetworksWithTheirOwnLearningRatesStepExactlyAsSeparateOnes) {
  expect_stacked_same_as_separate(0.0, torch::kFloat);
}
TEST(FusedAdam, StackedNetworksWithWeightDecayStepExactlyAsSeparateOnes) {
  expect_stacked_same_as_separate(5e-4, torch::kFloat);
}
// The tensor-operation path: LibTorch's CPU addcdiv rounds as (step * m) / denom does.
TEST(FusedAdam, StackedNetworksStepExactlyAsSeparateOnesOnTheFallbackPath) {
  expect_stacked_same_as_separate(5e-4, torch::kDouble);
}

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
