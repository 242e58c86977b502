#include <gtest/gtest.h>

#include <algorithm>

#include "core/nn/batchnorm_relu.h"
#include "core/nn/mlp.h"

namespace ml {
namespace {

double relative_error(const torch::Tensor& ours, const torch::Tensor& reference) {
  const auto ref = reference.to(torch::kDouble);
  return ((ours.to(torch::kDouble) - ref).abs().max() / ref.abs().max().clamp_min(1e-30)).item<double>();
}

/// How many nodes of y's autograd graph have `part` in their name.
int graph_nodes_named(const torch::Tensor& y, const std::string& part) {
  std::vector<torch::autograd::Node*> stack{y.grad_fn().get()}, seen;
  int count = 0;
  while (!stack.empty()) {
    auto* node = stack.back();
    stack.pop_back();
    if (!node || std::find(seen.begin(), seen.end(), node) != seen.end()) continue;
    seen.push_back(node);
    count += node->name().find(part) != std::string::npos;
    for (const auto& edge : node->next_edges()) stack.push_back(edge.function.get());
  }
  return count;
}

/// relu(BatchNorm1d(x)) fused against the modules in double precision: output, the three
/// gradients and the running statistics, for a batch whose columns sit far from zero.
void expect_matches_modules(int64_t n, int64_t c) {
  torch::manual_seed(3);
  const auto x = torch::randn({n, c}) * 2 + torch::linspace(-4, 6, c);
  const auto upstream = torch::randn({n, c});
  torch::nn::BatchNorm1d ours(c), reference(c);
  ours->weight.data().uniform_(0.5, 1.5);
  ours->bias.data().uniform_(-0.5, 0.5);
  ours->running_mean.uniform_(-1, 1);
  ours->bias.data()[0] = -100;  // a column ReLU closes for the whole batch
  reference->to(torch::kDouble);
  {
    torch::NoGradGuard no_grad;
    for (const auto& item : ours->named_parameters()) reference->named_parameters()[item.key()].copy_(item.value());
    for (const auto& item : ours->named_buffers()) reference->named_buffers()[item.key()].copy_(item.value());
  }
  const auto x_ours = x.clone().requires_grad_();
  const auto x_ref = x.to(torch::kDouble).requires_grad_();
  ASSERT_TRUE(batchnorm_relu_applies(x_ours, *ours));
  for (int step = 0; step < 2; ++step) {  // the second step sees updated running statistics
    const auto y_ours = batchnorm_relu(x_ours, *ours);
    const auto y_ref = torch::relu(reference->forward(x_ref));
    EXPECT_LT(relative_error(y_ours, y_ref), 1e-5);
    (y_ours * upstream).sum().backward();
    (y_ref * upstream.to(torch::kDouble)).sum().backward();
  }
  EXPECT_LT(relative_error(x_ours.grad(), x_ref.grad()), 1e-4);
  EXPECT_LT(relative_error(ours->weight.grad(), reference->weight.grad()), 1e-5);
  EXPECT_LT(relative_error(ours->bias.grad(), reference->bias.grad()), 1e-5);
  EXPECT_LT(relative_error(ours->running_mean, reference->running_mean), 1e-6);
  EXPECT_LT(relative_error(ours->running_var, reference->running_var), 1e-6);
  EXPECT_EQ(ours->num_batches_tracked.item<int64_t>(), 2);
  // The closed column passes no gradient at all.
  EXPECT_EQ(x_ours.grad().select(1, 0).abs().max().item<float>(), 0.0f);
  EXPECT_EQ(ours->weight.grad()[0].item<float>(), 0.0f);
  EXPECT_EQ(ours->bias.grad()[0].item<float>(), 0.0f);
}

// Wider than one column block and not a multiple of it, in parallel: the paper preset's layers.
TEST(BatchNormRelu, MatchesTheModulesOnAPaperSizeBatch) { expect_matches_modules(1024, 500); }
// Small enough to run on one thread in one block.
TEST(BatchNormRelu, MatchesTheModulesOnASmallBatch) { expect_matches_modules(5, 3); }

TEST(BatchNormRelu, AppliesOnlyWhereTheModulesWouldTrain) {
  torch::nn::BatchNorm1d bn(4);
  EXPECT_TRUE(batchnorm_relu_applies(torch::zeros({2, 4}), *bn));
  EXPECT_FALSE(batchnorm_relu_applies(torch::zeros({1, 4}), *bn));  // BatchNorm1d refuses one sample
  EXPECT_FALSE(batchnorm_relu_applies(torch::zeros({2, 4}, torch::kDouble), *bn));
  EXPECT_FALSE(batchnorm_relu_applies(torch::zeros({2, 3}), *bn));
  EXPECT_FALSE(batchnorm_relu_applies(torch::zeros({2, 4, 1}), *bn));
  torch::nn::BatchNorm1d cumulative(torch::nn::BatchNorm1dOptions(4).momentum(c10::nullopt));
  EXPECT_FALSE(batchnorm_relu_applies(torch::zeros({2, 4}), *cumulative));
}

// An Mlp of Linear-BN-ReLU blocks trains through the fused node and evaluates through the
// modules: the same function as its Sequential, in both modes.
TEST(BatchNormRelu, AnMlpTrainsFusedAndEvaluatesThroughItsModules) {
  torch::manual_seed(5);
  MlpOptions o;
  o.in = 3;
  o.out = 2;
  o.hidden = {70, 70};
  o.activation = "relu";
  o.batchnorm = true;
  Mlp fused(o), modules(o);
  {
    torch::NoGradGuard no_grad;
    const auto from = fused->parameters();
    const auto to = modules->parameters();
    for (size_t i = 0; i < from.size(); ++i) to[i].copy_(from[i]);
  }
  const auto x = torch::randn({256, 3});
  const auto y_fused = fused->forward(x);
  auto sequential = modules->layers();
  const auto y_modules = sequential->forward(x);
  EXPECT_EQ(graph_nodes_named(y_fused, "BatchNormRelu"), 2);
  EXPECT_EQ(graph_nodes_named(y_modules, "BatchNormRelu"), 0);
  EXPECT_LT(relative_error(y_fused, y_modules), 1e-5);
  const auto buffers_fused = fused->buffers(), buffers_modules = modules->buffers();
  for (size_t i = 0; i < buffers_fused.size(); ++i)
    EXPECT_LT(relative_error(buffers_fused[i], buffers_modules[i]), 1e-5) << "buffer " << i;
  fused->eval();
  auto fused_sequential = fused->layers();
  EXPECT_TRUE(torch::equal(fused->forward(x), fused_sequential->forward(x)));
  EXPECT_EQ(graph_nodes_named(fused->forward(x), "BatchNormRelu"), 0);
}

}  // namespace
}  // namespace ml
