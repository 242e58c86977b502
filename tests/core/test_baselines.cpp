// Baselines: direct inverse regression, neural adjoint and the best-of-T curve.
#include <gtest/gtest.h>

#include "core/baselines/neural_adjoint.h"
#include "core/api/config.h"
#include "core/problems/dataset.h"
#include "core/api/engine.h"
#include "core/experiments/compare.h"
#include "core/train/trainer.h"

namespace ml {
namespace {

/// y = x^2 on [-1, 1]: two branches, x = +sqrt(y) and x = -sqrt(y), equally likely.
class SquareProblem : public Problem {
 public:
  std::string name() const override { return "square"; }
  std::vector<std::string> x_names() const override { return {"x"}; }
  std::vector<std::string> y_names() const override { return {"y"}; }
  torch::Tensor simulate(const torch::Tensor& x) const override { return x * x; }
  torch::Tensor sample(std::int64_t n, at::Generator& gen) const override { return torch::rand({n, 1}, gen) * 2 - 1; }
  Box domain(const torch::Tensor&) const override { return Box{{-1.0}, {1.0}}; }
};

/// f(x) = |x| exactly: relu(x) + relu(-x). Two true solutions, +y and -y, for every y > 0.
Mlp absolute_value_net() {
  Mlp f(MlpOptions{1, 1, {2}, "relu", false});
  torch::NoGradGuard no_grad;
  auto params = f->named_parameters();
  for (auto& p : params) {
    auto& t = p.value();
    if (t.dim() == 2 && t.size(0) == 2)
      t.copy_(torch::tensor({{1.0f}, {-1.0f}}));  // hidden weights
    else if (t.dim() == 2)
      t.copy_(torch::tensor({{1.0f, 1.0f}}));  // output weights
    else
      t.zero_();  // biases
  }
  f->eval();
  set_trainable(*f, false);
  return f;
}

TEST(DirectRegression, LandsBetweenTheTwoBranches) {
  SquareProblem problem;
  Config c = resolve_config({{"samples", "2000"},
                             {"hidden_inverse", "32,32"},
                             {"epochs_inverse", "30"},
                             {"lr_inverse", "0.01"},
                             {"batch", "128"},
                             {"seed", "5"}});
  Dataset data = make_dataset(problem, c.samples, c.train_fraction, c.seed, torch::kCPU);
  TrainControl control;
  std::vector<LossRow> history;
  ProgressFn progress;
  TrainContext ctx{c, data, control, progress, history};
  torch::manual_seed(5);
  Mlp g(MlpOptions{1, 1, c.hidden_inverse, "silu", false});
  ASSERT_EQ(train_direct(g, ctx), TrainStatus::Finished);
  torch::NoGradGuard no_grad;
  const auto y = torch::tensor({{0.25f}, {0.49f}, {0.81f}});
  const auto x = g->forward(y).squeeze(1);  // the branches are at +-0.5, +-0.7, +-0.9
  for (int i = 0; i < 3; ++i) {
    const float branch = std::sqrt(y[i][0].item<float>());
    EXPECT_LT(std::abs(x[i].item<float>()), 0.4f * branch) << "y = " << y[i][0].item<float>();
  }
  // Its answers are therefore poor solutions: sim(g(y)) is far from y.
  EXPECT_GT((x * x - y.squeeze(1)).abs().mean().item<float>(), 0.2f);
}

TEST(NeuralAdjoint, ConvergesToTheTrueSolutionNearTheStart) {
  Mlp f = absolute_value_net();
  const auto y = torch::tensor({{0.7f}, {0.3f}});
  const auto starts = torch::tensor({{{0.5f}, {-0.4f}}, {{0.1f}, {-0.2f}}});  // [2 targets, 2 starts, 1]
  AdjointSettings s;
  s.steps = 300;
  s.lr = 0.05;
  s.keep = 2;
  const auto r = neural_adjoint(f, y, starts, Box{{-1.0}, {1.0}}, s);
  ASSERT_TRUE(r.x.defined());
  ASSERT_EQ(r.x.sizes(), (std::vector<int64_t>{2, 2, 1}));
  // Each start converges to the solution on its own side; the loss is (|x| - y)^2.
  const auto sorted_x = std::get<0>(r.x.squeeze(-1).sort(1));
  EXPECT_NEAR(sorted_x[0][0].item<float>(), -0.7f, 1e-3);
  EXPECT_NEAR(sorted_x[0][1].item<float>(), 0.7f, 1e-3);
  EXPECT_NEAR(sorted_x[1][0].item<float>(), -0.3f, 1e-3);
  EXPECT_NEAR(sorted_x[1][1].item<float>(), 0.3f, 1e-3);
  EXPECT_LT(r.loss.max().item<float>(), 1e-5f);
  // Ranked best first.
  EXPECT_LE(r.loss[0][0].item<float>(), r.loss[0][1].item<float>());
}

TEST(NeuralAdjoint, BatchingOverTargetsChangesNoResult) {
  torch::manual_seed(11);
  Mlp f(MlpOptions{2, 1, {32, 32}, "silu", false});
  f->eval();
  set_trainable(*f, false);
  const auto problem = make_problem("sine");
  const auto y = torch::tensor({{0.3f}, {-1.2f}, {1.5f}, {0.0f}, {0.8f}});
  const auto starts = adjoint_starts(*problem, 5, 16, 42, torch::kCPU);
  EXPECT_TRUE(starts.equal(adjoint_starts(*problem, 5, 16, 42, torch::kCPU)));  // seeded
  AdjointSettings s;
  s.steps = 60;
  s.keep = 4;
  const Box box{{-1.0, -1.0}, {1.0, 1.0}};
  const auto all = neural_adjoint(f, y, starts, box, s);
  AdjointSettings small_blocks = s;
  small_blocks.max_rows = 32;  // two targets per block: exercises the blocking too
  const auto blocked = neural_adjoint(f, y, starts, box, small_blocks);
  EXPECT_TRUE(torch::allclose(all.x, blocked.x, 1e-5, 1e-6));
  for (int n = 0; n < 5; ++n) {
    const auto one = neural_adjoint(f, y.slice(0, n, n + 1), starts.slice(0, n, n + 1), box, s);
    EXPECT_TRUE(torch::allclose(one.x[0], all.x[n], 1e-5, 1e-6)) << "target " << n;
    EXPECT_TRUE(torch::allclose(one.loss[0], all.loss[n], 1e-5, 1e-7)) << "target " << n;
  }
}

TEST(NeuralAdjoint, StopsWhenTheTickSaysSo) {
  Mlp f = absolute_value_net();
  int ticks = 0;
  const auto r = neural_adjoint(f, torch::tensor({{0.5f}}), torch::zeros({1, 4, 1}), Box{{-1.0}, {1.0}}, {},
                                [&](long, long) { return ++ticks < 3; });
  EXPECT_FALSE(r.x.defined());
  EXPECT_EQ(ticks, 3);
}

TEST(BestOfT, RanksByTheMethodsRankingAndTakesTheLowestResimulationError) {
  ProposalSet p;
  p.targets = 2;
  p.networks = 3;
  // [network][target]. Target 0: ranks 0.2 (m0), 0.9 (m1), 0.1 (m2) -> order m2, m0, m1 -> resim
  // 0.1, 0.5, 0.3. Target 1: ranks 0.1 (m0), 0.2 (m1), 0.3 (m2) -> order m0, m1, m2 -> resim 0.4, 0.2, 0.6.
  p.rank_score = {0.2, 0.1, 0.9, 0.2, 0.1, 0.3};
  p.fit_error = p.rank_score;
  p.resim_error = {0.5, 0.4, 0.3, 0.2, 0.1, 0.6};
  EXPECT_DOUBLE_EQ(best_of_t(p, 1), (0.1 + 0.4) / 2);
  EXPECT_DOUBLE_EQ(best_of_t(p, 2), (0.1 + 0.2) / 2);
  EXPECT_DOUBLE_EQ(best_of_t(p, 3), (0.1 + 0.2) / 2);
  EXPECT_DOUBLE_EQ(best_of_t(p, 50), best_of_t(p, 3));
  // Neural adjoint ranks by fit + boundary: its best fit may lie outside the box and rank last.
  // r_1 is then the error of the candidate it answers with, not of the best fit.
  p.fit_error = {0.0, 0.1, 0.9, 0.2, 0.1, 0.3};   // m0 fits target 0 best...
  p.rank_score = {5.0, 0.1, 0.9, 0.2, 0.1, 0.3};  // ...but 100 x its boundary loss ranks it last
  EXPECT_DOUBLE_EQ(best_of_t(p, 1), (0.1 + 0.4) / 2);
  EXPECT_DOUBLE_EQ(best_of_t(p, 2), (0.1 + 0.2) / 2);
}

/// A mixture small enough to train in a second: 1000 samples, 32x2 networks, k = 2.
Config small_config() {
  return resolve_config({{"samples", "1000"},
                         {"hidden", "32,32"},
                         {"epochs_forward", "20"},
                         {"epochs_inverse", "5"},
                         {"k", "2"},
                         {"threads", "1"},
                         {"device", "cpu"}});
}

TEST(EngineBaselines, DirectAndAdjointThroughTheEngine) {
  Config c = small_config();
  Engine engine(c);
  TrainControl control;
  std::vector<double> y{0.5, -0.5, 1.0};
  EXPECT_THROW(engine.propose_direct(y), std::logic_error);
  EXPECT_THROW(engine.neural_adjoint(y, AdjointOptions::from(c), {}, control), std::logic_error);
  ASSERT_TRUE(engine.train({}, control));
  ASSERT_TRUE(engine.train_direct({}, control));
  const auto direct = engine.propose_direct(y);
  EXPECT_EQ(direct.networks, 1);
  EXPECT_EQ(direct.targets, 3);
  AdjointOptions a = AdjointOptions::from(c);
  a.starts = 32;
  a.steps = 20;
  a.keep = 8;
  int reports = 0;
  const auto na = engine.neural_adjoint(
      y, a,
      [&](const Progress& p) {
        EXPECT_EQ(p.phase, Phase::Adjoint);
        ++reports;
      },
      control);
  EXPECT_GT(reports, 0);
  ASSERT_EQ(na.networks, 8);
  ASSERT_EQ(na.targets, 3);
  for (int n = 0; n < 3; ++n) {
    EXPECT_EQ(na.selected[n], 0);  // rank 0 is its answer
    for (int m = 1; m < 8; ++m) EXPECT_LE(na.rank_at(m - 1, n), na.rank_at(m, n));
    // Its ranking is fit + boundary: never below the fit alone, and equal to it inside the box.
    for (int m = 0; m < 8; ++m) EXPECT_GE(na.rank_at(m, n), na.fit_at(m, n) * (1 - 1e-5) - 1e-7);
  }
  // The same seed gives the same candidates.
  const auto again = engine.neural_adjoint(y, a, {}, control);
  EXPECT_EQ(na.x, again.x);
  a.starts = 0;
  EXPECT_THROW(engine.neural_adjoint(y, a, {}, control), std::invalid_argument);
}

TEST(Compare, EveryMethodGetsACurveAndATime) {
  Config c = small_config();
  Engine engine(c);
  TrainControl control;
  ASSERT_TRUE(engine.train({}, control));
  CompareOptions o;
  o.targets = 20;
  o.adjoint_budgets = {{16, 10}, {1, 2}};
  o.threads = 2;  // training ran on 1: every method's inference must run on 2
  o.methods = {"mixture", "direct", "adjoint"};
  CompareResult r;
  std::vector<int> threads_at_log;  // logged after each method (and before training direct)
  ASSERT_TRUE(run_compare(
      engine, o, control, [&](const std::string&) { threads_at_log.push_back(at::get_num_threads()); }, &r));
  EXPECT_EQ(r.threads, 2);
  ASSERT_GE(threads_at_log.size(), 5u);
  for (int t : threads_at_log) EXPECT_EQ(t, 2);
  ASSERT_EQ(r.methods.size(), 4u);
  EXPECT_EQ(r.methods[0].method, "tandem");
  EXPECT_EQ(r.methods[0].best_of_t.size(), 2u);  // T = 1, 2 for k = 2
  EXPECT_EQ(r.methods[1].method, "direct");
  EXPECT_EQ(r.methods[1].best_of_t.size(), 1u);
  EXPECT_EQ(r.methods[2].best_of_t.size(), 4u);  // 16 candidates: T = 1, 2, 4, 10
  EXPECT_EQ(r.methods[3].best_of_t.size(), 1u);
  for (const auto& m : r.methods) {
    EXPECT_GT(m.seconds, 0);
    for (size_t i = 1; i < m.best_of_t.size(); ++i) EXPECT_LE(m.best_of_t[i].second, m.best_of_t[i - 1].second);
  }
  const auto back = CompareResult::from_json(r.to_json());
  EXPECT_EQ(back.threads, 2);
  EXPECT_EQ(back.methods.size(), r.methods.size());
  EXPECT_EQ(back.methods[2].best_of_t, r.methods[2].best_of_t);
  EXPECT_NE(r.to_csv().find("adjoint,\"neural adjoint B=16 T=10\",16,10,16,10,"), std::string::npos);
}

TEST(Compare, GenerativeBaselinesJoinWithTheirTrainingTime) {
  Config c = small_config();
  c.gen_epochs = 2;
  c.gen_hidden = {16};
  c.cinn_blocks = 2;
  Engine engine(c);
  TrainControl control;
  ASSERT_TRUE(engine.train({}, control));
  CompareOptions o;
  o.targets = 20;
  o.methods = {"cinn", "mdn", "cvae"};  // run in generative_methods()' order whatever the list's
  o.generative_samples = 12;
  CompareResult r;
  ASSERT_TRUE(run_compare(
      engine, o, control, [](const std::string&) {}, &r));
  ASSERT_EQ(r.methods.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const auto& m = r.methods[i];
    EXPECT_EQ(m.method, generative_methods()[i]);
    EXPECT_EQ(m.proposals, 12);
    ASSERT_EQ(m.best_of_t.size(), 4u);  // T = 1, 2, 4, 10 of 12 samples
    EXPECT_LE(m.best_of_t.back().second, m.best_of_t.front().second);
    EXPECT_GT(m.train_seconds, 0);
  }
  const auto back = CompareResult::from_json(r.to_json());
  EXPECT_DOUBLE_EQ(back.methods[2].train_seconds, r.methods[2].train_seconds);
  // Trained once: a second compare reuses the models and draws the same samples.
  CompareResult again;
  ASSERT_TRUE(run_compare(
      engine, o, control, [](const std::string&) {}, &again));
  EXPECT_EQ(again.methods[0].best_of_t, r.methods[0].best_of_t);
}

}  // namespace
}  // namespace ml
