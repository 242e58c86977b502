// Every target answered (issue 27): validity per target, refinement from the k proposals, and
// selection that knows where f can be trusted.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "core/api/engine.h"
#include "core/train/evaluation.h"
#include "core/train/refine.h"
#include "core/train/trust.h"

namespace ml {
namespace {

/// y = x0 + x1: the solutions of y are a line across the box [-1, 1]^2; y = 3 lies beyond it.
torch::Tensor line_sum(const torch::Tensor& x) { return x.sum(-1, /*keepdim=*/true); }

TEST(Refine, LowersTheFitFromAStartOffTheManifold) {
  const Box box{{-1, -1}, {1, 1}};
  const auto y = torch::tensor({{0.5f}});
  const auto x0 = torch::tensor({{{-1.0f, -1.0f}}});  // f(x0) = -2: fit 6.25
  RefineSettings s;
  s.steps = 200;
  s.lr = 0.01;
  const auto x = refine(line_sum, y, x0, box, s);
  const double fit = (line_sum(x) - y).pow(2).sum().item<double>();
  EXPECT_LT(fit, 1e-4);
  s.steps = 0;
  EXPECT_TRUE(torch::equal(refine(line_sum, y, x0, box, s), x0));
}

TEST(Refine, NeverLeavesTheBox) {
  // y = 3 pulls x beyond the corner (1, 1), and a tiny boundary weight would not hold it back;
  // the second start lies outside the box to begin with.
  const Box box{{-1, -1}, {1, 1}};
  const auto y = torch::tensor({{3.0f}, {3.0f}});
  const auto x0 = torch::tensor({{{0.9f, 0.9f}, {1.5f, -2.0f}}});
  RefineSettings s;
  s.lr = 0.05;
  s.boundary_weight = 1e-3;
  for (int steps = 1; steps <= 40; ++steps) {
    s.steps = steps;
    const auto x = refine(line_sum, y, x0, box, s);
    EXPECT_TRUE(((x >= -1) & (x <= 1)).all().item<bool>()) << "after " << steps << " steps: " << x;
  }
  const auto x = refine(line_sum, y, x0, box, s);
  EXPECT_NEAR(x[0][0][0].item<double>(), 1.0, 1e-6);  // held at the corner, as close as the box allows
  EXPECT_NEAR(x[0][0][1].item<double>(), 1.0, 1e-6);
}

TEST(Refine, RowsAreIndependentOfTheirBatch) {
  const Box box{{-1, -1}, {1, 1}};
  const auto y = torch::tensor({{0.5f}, {-0.3f}, {1.2f}});
  auto gen = at::detail::createCPUGenerator(7);
  const auto x0 = torch::rand({2, 3, 2}, gen) * 2 - 1;
  RefineSettings s;
  s.steps = 30;
  const auto all = refine(line_sum, y, x0, box, s);
  const auto one = refine(line_sum, y.slice(0, 1, 2), x0.slice(1, 1, 2), box, s);
  EXPECT_TRUE(torch::allclose(all.slice(1, 1, 2), one));
}

/// A proposals table by hand: 2 networks x 10 targets (tau 1e-3), refined points for each.
ProposalTensors hand_table() {
  ProposalTensors p;
  const long N = 10;
  p.y = torch::zeros({N, 1});
  p.start = torch::zeros({2, N, 1});
  // Network 0's own proposal is valid for targets 0-8 (90 %), network 1's for targets 5-9 (50 %).
  p.start_resim = torch::full({2, N}, 1e-2);
  p.start_resim[0].slice(0, 0, 9).fill_(1e-4);
  p.start_resim[1].slice(0, 5, 10).fill_(1e-4);
  p.start_rank = torch::zeros({2, N});
  p.start_rank[0].fill_(1.0);  // f prefers network 1 everywhere: valid selected for targets 5-9 only
  // After refinement (each network's better candidate): network 1 also reaches target 0 and 1,
  // and its target 9 is lost to NaN (never lands).
  p.x = torch::zeros({2, N, 1});
  p.resim = p.start_resim.clone();
  p.resim[1][0] = 1e-5;
  p.resim[1][1] = 1e-5;
  p.resim[1][9] = NAN;
  p.fit = p.rank = p.start_rank.clone();
  return p;
}

TEST(Coverage, SharesFromAHandMadeTable) {
  const Metrics m = compute_metrics(hand_table(), Box{{-1}, {1}}, 1e-3);
  ASSERT_EQ(m.per_network_coverage.size(), 2u);
  EXPECT_DOUBLE_EQ(m.per_network_coverage[0], 0.9);  // the networks' own proposals, before refinement
  EXPECT_DOUBLE_EQ(m.per_network_coverage[1], 0.5);
  EXPECT_TRUE(m.network_valid(0));  // 90 % is enough
  EXPECT_FALSE(m.network_valid(1));
  EXPECT_EQ(m.valid_networks(), 1);
  // Mixture: k = 1 covers targets 0-8; k = 2 adds target 9 through network 1's own proposal (the
  // oracle picks among proposals and refined points).
  EXPECT_EQ(m.mixture_coverage_by_k, (std::vector<double>{0.9, 1.0}));
  // Selected through f: k = 1 is network 0; k = 2 is network 1's candidate: valid for 0, 1, 5-8.
  EXPECT_EQ(m.selected_valid_share_by_k, (std::vector<double>{0.9, 0.6}));
  EXPECT_DOUBLE_EQ(m.selected_invalid_share_by_k[1], 0.1);  // target 9's NaN
  EXPECT_DOUBLE_EQ(m.unrefined_selected_valid_share, 0.5);  // network 1's own proposals: 5-9
  const Metrics back = Metrics::from_json(m.to_json());
  EXPECT_EQ(back.per_network_coverage, m.per_network_coverage);
  EXPECT_EQ(back.mixture_coverage_by_k, m.mixture_coverage_by_k);
  EXPECT_EQ(back.selected_valid_share_by_k, m.selected_valid_share_by_k);
  EXPECT_DOUBLE_EQ(back.unrefined_selected_valid_share, 0.5);
  EXPECT_EQ(back.valid_networks(), 1);
}

TEST(Coverage, ANetworkJustBelowNinetyPercentIsNotValid) {
  Metrics m;
  m.per_network_resim_mse = {1e-5, 1e-5};  // a mean below tau no longer decides
  m.per_network_coverage = {0.9, 0.8995};
  EXPECT_TRUE(m.network_valid(0));
  EXPECT_FALSE(m.network_valid(1));
  EXPECT_DOUBLE_EQ(m.network_coverage(1), 0.8995);
  EXPECT_TRUE(std::isnan(m.network_coverage(2)));
}

TEST(Trust, PenalisesOnlyBeyondTheTrainingInputsTail) {
  auto gen = at::detail::createCPUGenerator(3);
  const auto x = torch::randn({20000, 4}, gen) * torch::tensor({0.25f, 0.5f, 0.5f, 0.5f});
  const auto t = TrustRegion::from_inputs(x, 2.0);
  EXPECT_NEAR(t.threshold, 4 + 3 * std::sqrt(8.0), 1e-12);
  const auto near = torch::tensor({{0.1f, -0.2f, 0.3f, 0.0f}});
  const auto far = torch::tensor({{1.25f, 0.0f, 0.0f, 0.0f}});  // 5 sd out on the first axis
  EXPECT_NEAR(t.distance2(far).item<double>(), 25, 1);
  EXPECT_EQ(t.penalty(near).item<double>(), 0.0);
  EXPECT_NEAR(t.penalty(far).item<double>(), 2.0 * (t.distance2(far).item<double>() - t.threshold), 1e-4);
  // Share of the training inputs beyond the threshold: about 1 % (chi-square, 4 dof).
  const double beyond = (t.distance2(x) > t.threshold).to(torch::kFloat64).mean().item<double>();
  EXPECT_GT(beyond, 0.003);
  EXPECT_LT(beyond, 0.02);
}

TEST(Trust, SelectionPassesOverAFarProposalThatFitsBetter) {
  // f claims the proposal far out in the training inputs' tail fits better.
  auto gen = at::detail::createCPUGenerator(5);
  const auto train = torch::randn({5000, 2}, gen);
  const auto x = torch::tensor({{{0.0f, 0.5f}}, {{6.0f, 0.0f}}});  // [2 networks, 1 target, 2]
  ProposalTensors plain;
  plain.x = x;
  plain.fit = torch::tensor({{1e-4}, {1e-6}});
  plain.rank = plain.fit;
  EXPECT_EQ(select_best(plain.rank, 2).item<long>(), 1);
  const auto t = TrustRegion::from_inputs(train, 1e-3);
  const auto trusted = plain.fit + t.penalty(x).to(torch::kFloat64);
  EXPECT_EQ(select_best(trusted, 2).item<long>(), 0);
}

Config tiny_sine() {
  Config c = preset_config("sine", "quick");
  c.k = 2;
  c.samples = 600;
  c.epochs_forward = 3;
  c.epochs_inverse = 2;
  c.threads = 1;
  c.refine_steps = 20;
  return c;
}

TEST(RefineEngine, ProposalsCarryTheirStartsAndSelectThroughTheSimulatorWhenAsked) {
  Config c = tiny_sine();
  Engine engine(c);
  TrainControl control;
  ASSERT_TRUE(engine.train({}, control));
  EXPECT_EQ(engine.metrics().refine_steps, 20);
  EXPECT_FALSE(std::isnan(engine.metrics().unrefined_selected_resim_mse));
  const std::vector<double> y{0.3, -0.5, 1.1};
  const ProposalSet refined = engine.propose(y);
  const ProposalSet plain = engine.propose(y, 0);
  ASSERT_TRUE(refined.refined());
  EXPECT_FALSE(plain.refined());
  EXPECT_EQ(refined.start_x, plain.x);  // the starts are the networks' own proposals
  for (int m = 0; m < refined.networks; ++m)
    for (int n = 0; n < refined.targets; ++n) EXPECT_LE(refined.rank_at(m, n), plain.rank_at(m, n));
  EXPECT_FALSE(refined.selected_through_simulator);

  c.select_through = "simulator";
  Engine by_sim(c);
  ASSERT_TRUE(by_sim.train({}, control));
  const ProposalSet s = by_sim.propose(y);
  EXPECT_TRUE(s.selected_through_simulator);
  EXPECT_EQ(s.selected, s.oracle);
}

TEST(RefineEngine, ADataSetCannotSelectThroughASimulator) {
  Config c = preset_config("csv:/nonexistent.csv", "quick");
  c.x_cols = "a";
  c.y_cols = "b";
  c.select_through = "simulator";
  EXPECT_THROW(validate(c), ConfigError);
  try {
    validate(c);
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("select_through"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ml
