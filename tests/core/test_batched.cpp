// The batched ensemble is k separate MLPs in one module: same outputs, gradients and batch-norm
// statistics (issue 5), and the batched joint step trains like the parallel one.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/nn/batched_mlp.h"
#include "core/train/joint_step.h"

namespace ml {
namespace {

std::vector<Mlp> separate_nets(const MlpOptions& o, int k, std::uint64_t seed) {
  torch::manual_seed(seed);
  std::vector<Mlp> nets;
  for (int m = 0; m < k; ++m) nets.emplace_back(o);
  return nets;
}

void expect_close(const torch::Tensor& a, const torch::Tensor& b, double tol = 1e-5) {
  ASSERT_EQ(a.sizes(), b.sizes());
  EXPECT_TRUE(torch::allclose(a, b, tol, tol)) << "max |diff| " << (a - b).abs().max().item<double>();
}

struct Case {
  bool batchnorm;
  const char* activation;
  bool train;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << (c.batchnorm ? "bn " : "plain ") << c.activation << (c.train ? " train" : " eval");
}

class BatchedMatchesSeparate : public ::testing::TestWithParam<Case> {};

TEST_P(BatchedMatchesSeparate, OutputsGradientsAndStatistics) {
  const Case c = GetParam();
  const int k = 3;
  const MlpOptions o{2, 3, {16, 8}, c.activation, c.batchnorm};
  auto nets = separate_nets(o, k, 7);
  BatchedMlp g(o, k);
  g->copy_from(nets);
  g->train(c.train);
  for (auto& n : nets) n->train(c.train);
  if (!c.train && c.batchnorm) {  // give eval mode non-trivial running statistics
    torch::NoGradGuard no_grad;
    g->train(true);
    for (auto& n : nets) n->train(true);
    const auto warm = torch::randn({32, 2});
    g->forward(warm);
    for (auto& n : nets) n->forward(warm);
    g->train(false);
    for (auto& n : nets) n->train(false);
  }
  torch::manual_seed(11);
  const auto x = torch::randn({k, 20, 2});
  const auto weights = torch::randn({k, 20, 3});
  const auto out = g->forward(x);
  torch::Tensor loss_sep = torch::zeros({});
  for (int m = 0; m < k; ++m) {
    const auto out_m = nets[m]->forward(x[m]);
    expect_close(out[m], out_m);
    loss_sep = loss_sep + (out_m * weights[m]).sum();
  }
  (out * weights).sum().backward();
  loss_sep.backward();
  for (int m = 0; m < k; ++m) {
    const auto params = nets[m]->parameters();
    size_t p = 0;
    for (size_t l = 0; l < g->weights().size(); ++l) {
      expect_close(g->weights()[l].grad()[m], params[p++].grad().t(), 1e-4);
      expect_close(g->biases()[l].grad()[m][0], params[p++].grad(), 1e-4);
      if (c.batchnorm && l + 1 < g->weights().size()) {
        const auto named = g->named_parameters();
        expect_close(named["bn_weight" + std::to_string(l)].grad()[m], params[p++].grad(), 1e-4);
        expect_close(named["bn_bias" + std::to_string(l)].grad()[m], params[p++].grad(), 1e-4);
      }
    }
  }
  // Running statistics and batch-norm parameters round-trip through copy_to.
  auto back = separate_nets(o, k, 99);
  g->copy_to(back);
  for (int m = 0; m < k; ++m) {
    const auto a = nets[m]->buffers(), b = back[m]->buffers();
    for (size_t i = 0; i < a.size(); ++i)
      if (a[i].is_floating_point()) expect_close(a[i], b[i]);
    const auto pa = nets[m]->parameters(), pb = back[m]->parameters();
    for (size_t i = 0; i < pa.size(); ++i) expect_close(pa[i], pb[i]);
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, BatchedMatchesSeparate,
                         ::testing::Values(Case{false, "silu", true}, Case{false, "relu", false},
                                           Case{true, "relu", true}, Case{true, "tanh", false}),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return std::string(info.param.batchnorm ? "bn_" : "plain_") + info.param.activation +
                                  (info.param.train ? "_train" : "_eval");
                         });

TEST(BatchedMlp, SharedInputBroadcastsToEveryNetwork) {
  const MlpOptions o{1, 2, {8}, "silu", false};
  auto nets = separate_nets(o, 2, 3);
  BatchedMlp g(o, 2);
  g->copy_from(nets);
  const auto y = torch::randn({5, 1});
  const auto out = g->forward(y);
  ASSERT_EQ(out.sizes(), (std::vector<int64_t>{2, 5, 2}));
  expect_close(out[1], nets[1]->forward(y));
}

TEST(JointStep, BatchedTrainsLikeParallel) {
  // The third case clips every network's gradient norm (grad_clip_inverse) on both paths.
  for (const auto& [bn, workers, clip] :
       {std::tuple<bool, int, double>{false, 1, 0.0}, std::tuple<bool, int, double>{true, 2, 0.0},
        std::tuple<bool, int, double>{false, 2, 0.05}}) {
    const MlpOptions o{1, 2, {16, 16}, "silu", bn};
    auto a = separate_nets(o, 3, 5);
    auto b = separate_nets(o, 3, 5);
    for (auto* nets : {&a, &b})
      for (auto& n : *nets) n->train();
    torch::manual_seed(6);
    Mlp f(MlpOptions{2, 1, {16}, "silu", false});
    f->eval();
    set_trainable(*f, false);
    Box box;
    box.lo = {-1, -1};
    box.hi = {1, 1};
    const JointStepOptions options{BoxTensors(box, torch::kCPU), 10.0, 1e-4, clip, {}};
    auto parallel = make_parallel_stepper(a, f, options, split_threads(2, 3));
    auto batched = make_batched_stepper(b, f, options, split_threads(workers, 3));  // 2 workers: {0}, {1, 2}
    const std::vector<double> lrs{1e-2, 5e-3, 2e-3};
    for (int s = 0; s < 3; ++s) {
      const auto y = torch::randn({32, 1});
      const auto ta = parallel->step(y, 0.5, 0.04, lrs);
      const auto tb = batched->step(y, 0.5, 0.04, lrs);
      for (int m = 0; m < 3; ++m) expect_close(ta[m], tb[m], 1e-4);
    }
    // Adam normalises each gradient element, so a rounding-level gradient can move a weight by
    // up to lr per step: compare weights to a fraction of the largest possible move.
    batched->write_back(b);
    for (int m = 0; m < 3; ++m) {
      const auto pa = a[m]->parameters(), pb = b[m]->parameters();
      for (size_t i = 0; i < pa.size(); ++i) {
        expect_close(pa[i], pb[i], 3 * lrs[m]);
        EXPECT_LT((pa[i] - pb[i]).abs().mean().item<double>(), 1e-4);
      }
    }
  }
}

}  // namespace
}  // namespace ml
