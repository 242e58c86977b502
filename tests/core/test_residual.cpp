#include <gtest/gtest.h>

#include "core/api/config.h"
#include "core/nn/mlp.h"
#include "core/nn/residual_layer.h"

namespace ml {
namespace {

TEST(ResidualLayer, AddsItsInputToTheActivatedLinearMap) {
  torch::manual_seed(1);
  ResidualLayer layer(5, Activation::Silu, /*batchnorm=*/false);
  const auto h = torch::randn({7, 5});
  const auto expected = h + torch::silu(torch::addmm(layer->linear()->bias, h, layer->linear()->weight.t()));
  EXPECT_TRUE(torch::allclose(layer->forward(h), expected, 1e-6, 1e-6));
}

TEST(ResidualLayer, WithZeroWeightsIsTheIdentityUnderRelu) {
  ResidualLayer layer(3, Activation::Relu, /*batchnorm=*/false);
  torch::NoGradGuard no_grad;
  layer->linear()->weight.zero_();
  layer->linear()->bias.fill_(-1.0);
  const auto h = torch::randn({4, 3});
  EXPECT_TRUE(torch::equal(layer->forward(h), h));
}

TEST(Activation, NameAndEnumRoundTrip) {
  for (const auto& name : activation_choices()) EXPECT_EQ(activation_name(activation_named(name)), name);
  EXPECT_EQ(activation_name(Activation::Silu), "silu");
}

/// Which hidden blocks an MLP built them as: 'r' residual, 'p' plain (Linear [BN] act), in order.
std::string block_kinds(Mlp& net) {
  std::string kinds;
  for (const auto& layer : net->layers()->children()) {
    if (layer->as<ResidualLayer>()) kinds += 'r';
    if (layer->as<torch::nn::Linear>()) kinds += 'p';
  }
  return kinds;
}

TEST(Mlp, ResidualMakesOnlyTheBlocksAsWideAsTheirInputResidual) {
  MlpOptions o(8, 201, {64, 64, 64, 32, 32});
  o.residual = true;
  Mlp net(o);
  // 8 -> 64 plain, 64 -> 64 twice residual, 64 -> 32 plain, 32 -> 32 residual, then the output.
  EXPECT_EQ(block_kinds(net), "prrprp");
  o.residual = false;
  Mlp plain(o);
  EXPECT_EQ(block_kinds(plain), "pppppp");
  EXPECT_EQ(net->forward(torch::zeros({3, 8})).sizes(), (std::vector<int64_t>{3, 201}));
}

TEST(Mlp, ResidualNetworkWithBatchNormTrainsAndEvaluates) {
  torch::manual_seed(2);
  MlpOptions o(2, 1, {16, 16, 16}, "relu", /*batchnorm=*/true);
  o.residual = true;
  Mlp net(o);
  const auto x = torch::randn({64, 2});
  const auto y = (x.select(1, 0) * x.select(1, 1)).unsqueeze(1);
  torch::optim::Adam opt(net->parameters(), 1e-2);
  double first = 0, last = 0;
  for (int step = 0; step < 200; ++step) {
    opt.zero_grad();
    const auto loss = (net->forward(x) - y).pow(2).mean();
    loss.backward();
    opt.step();
    (step == 0 ? first : last) = loss.item<double>();
  }
  EXPECT_LT(last, 0.1 * first);
  net->eval();
  EXPECT_TRUE(torch::isfinite(net->forward(x)).all().item<bool>());
}

}  // namespace
}  // namespace ml
