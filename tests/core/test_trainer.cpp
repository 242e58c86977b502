// The training loops themselves, on hand-built networks: the loss they build and what a
// divergence leaves behind (issue 14).
#include <gtest/gtest.h>

#include <cmath>

#include "core/train/evaluation.h"
#include "core/problems/problem.h"
#include "core/train/trainer.h"

namespace ml {
namespace {

/// Every parameter and buffer of a module, copied.
std::vector<torch::Tensor> state_of(torch::nn::Module& m) {
  std::vector<torch::Tensor> out;
  for (const auto& p : m.parameters()) out.push_back(p.detach().clone());
  for (const auto& b : m.buffers()) out.push_back(b.detach().clone());
  return out;
}

/// A one-hidden-unit tanh network y -> (a0 h + c0, a1 h + c1), h = tanh(w y + b).
Mlp tiny_net(double w, double b, double a0, double a1, double c0, double c1) {
  Mlp net(MlpOptions{1, 2, {1}, "tanh", false});
  torch::NoGradGuard no_grad;
  auto params = net->parameters();  // Linear(1,1) weight, bias; Linear(1,2) weight, bias
  params[0].fill_(w);
  params[1].fill_(b);
  params[2].copy_(torch::tensor({{a0}, {a1}}));
  params[3].copy_(torch::tensor({c0, c1}));
  return net;
}

/// Trains g on four targets for one epoch of `batch`-sized steps and checks the epoch's mean terms
/// against the formulas worked by hand. With a learning rate of 0 the weights stay put, so the mean
/// over shuffled batches equals the mean over all four targets only if each batch's targets meet
/// their own rows of the earlier network's (precomputed) proposals.
void expect_hand_computed_terms(int batch, double lr) {
  const std::vector<double> ys{-1.0, 0.0, 0.5, 2.0};
  Dataset data;
  data.y_train = torch::tensor(ys).to(torch::kFloat32).unsqueeze(1);
  data.x_train = torch::zeros({4, 2});
  data.box = Box{{-1, -1}, {1, 1}};
  Config c;
  c.epochs_inverse = 1;
  c.batch = batch;
  c.lr_inverse = lr;
  c.report_every = 1;
  c.lr_schedule_inverse = "constant";
  c.boundary_weight = 2.0;
  c.lambda = 0.3;
  c.sigma2 = 0.5;
  c.k = 2;
  const ForwardFn f = [](const torch::Tensor& x) { return (x.select(1, 0) + x.select(1, 1).pow(2)).unsqueeze(1); };
  Mlp g = tiny_net(2.0, 0.5, 1.5, -0.7, 0.1, 0.2);
  Mlp earlier = tiny_net(-1.0, 0.3, 0.8, 1.2, -0.2, 0.05);

  double fit = 0, boundary = 0, repulsion = 0;
  for (double y : ys) {
    const double h = std::tanh(2.0 * y + 0.5), he = std::tanh(-1.0 * y + 0.3);
    const double x0 = 1.5 * h + 0.1, x1 = -0.7 * h + 0.2;
    const double e0 = 0.8 * he - 0.2, e1 = 1.2 * he + 0.05;
    fit += std::pow(x0 + x1 * x1 - y, 2) / 4;
    boundary += (std::max(0.0, std::abs(x0) - 1) + std::max(0.0, std::abs(x1) - 1)) / 8;
    repulsion += (1 - std::exp(-(std::pow(x0 - e0, 2) + std::pow(x1 - e1, 2)) / 0.5)) / 4;
  }
  repulsion *= -0.3;
  ASSERT_GT(boundary, 0.01);  // the example leaves the box, so the term is exercised

  TrainControl control;
  std::vector<LossRow> history;
  LossTerms first{NAN, NAN, NAN, NAN};
  const ProgressFn progress = [&](const Progress& p) {
    if (p.epoch_end) first = p.terms;
  };
  TrainContext ctx{c, data, control, progress, history};
  ASSERT_EQ(train_inverse(g, 1, {earlier}, f, ctx), TrainStatus::Finished);
  EXPECT_NEAR(first.fit, fit, 1e-5 * fit);
  EXPECT_NEAR(first.boundary, boundary, 1e-5 * boundary);
  EXPECT_NEAR(first.repulsion, repulsion, 1e-5 * std::abs(repulsion));
  EXPECT_NEAR(first.total, fit + 2.0 * boundary + repulsion, 1e-5 * (fit + 2.0 * boundary));
}

TEST(Trainer, TheInverseLossIsFitPlusBoundaryPlusRepulsionComputedByHand) {
  expect_hand_computed_terms(/*batch=*/4, /*lr=*/1e-2);  // one step, taken with the weights above
}

TEST(Trainer, EachShuffledBatchMeetsItsOwnRowsOfTheEarlierProposals) { expect_hand_computed_terms(1, 0.0); }

/// Trains a batch-norm inverse network with an absurd learning rate, so the loss overflows.
void expect_divergence_restores_the_start(int report_every) {
  auto problem = make_problem("sine");
  const Dataset data = make_dataset(*problem, 400, 0.8, 1, torch::kCPU);
  Config c;
  c.epochs_inverse = 2;
  c.batch = 64;
  c.report_every = report_every;
  c.lr_schedule_inverse = "constant";
  torch::manual_seed(4);
  Mlp g(MlpOptions{1, 2, {16, 16}, "relu", /*batchnorm=*/true});
  const auto start = state_of(*g);
  TrainControl control;
  control.set_hot(hot_slot(&Config::lr_inverse), 1e30);
  std::vector<LossRow> history;
  const ProgressFn none;
  TrainContext ctx{c, data, control, none, history};
  const ForwardFn f = [&](const torch::Tensor& x) { return problem->simulate(x); };
  ASSERT_EQ(train_inverse(g, 0, {}, f, ctx), TrainStatus::Diverged);
  EXPECT_NE(ctx.stop_reason.find("in epoch 1"), std::string::npos) << ctx.stop_reason;
  // Only the starting state ever gave a finite loss: the weights and the running statistics
  // (the last tensors) are back where they started.
  const auto now = state_of(*g);
  ASSERT_EQ(now.size(), start.size());
  for (size_t i = 0; i < now.size(); ++i) EXPECT_TRUE(torch::equal(now[i], start[i])) << "tensor " << i;
  for (double v : to_doubles(g->forward(data.y_test))) ASSERT_TRUE(std::isfinite(v));
}

TEST(Trainer, DivergenceRestoresTheRunningStatisticsToo) { expect_divergence_restores_the_start(1000); }

// Checked every step: the state after step 1 was never evaluated (step 2's loss overflowed), so
// it is not the last good one.
TEST(Trainer, DivergenceRestoresOnlyAStateThatGaveAFiniteLoss) { expect_divergence_restores_the_start(1); }

}  // namespace
}  // namespace ml
