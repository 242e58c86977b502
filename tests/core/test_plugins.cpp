// Issue 17: problems as plug-ins (core/problems/registry.h), ballistics and shell through torch,
// invalid proposals in the evaluation, the shell's data cache.
#include <gtest/gtest.h>
#include <torch/torch.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/api/config.h"
#include "core/problems/data_cache.h"
#include "core/api/engine.h"
#include "core/train/evaluation.h"
#include "core/problems/ballistics/ballistics.h"
#include "core/problems/registry.h"
#include "core/problems/shell/shell.h"

namespace ml {
namespace {

namespace fs = std::filesystem;

TEST(Registry, ListsTheFourProblemsWithTheirStaticInfo) {
  EXPECT_EQ(problem_names(), (std::vector<std::string>{"sine", "robot-arm", "ballistics", "shell"}));
  const auto catalog = problem_catalog();
  ASSERT_EQ(catalog.size(), 4u);
  for (const auto& info : catalog) {
    EXPECT_EQ(info.x_units.size(), info.x_names.size()) << info.name;
    EXPECT_EQ(info.y_units.size(), info.y_names.size()) << info.name;
    EXPECT_FALSE(info.description.empty()) << info.name;
    const auto problem = make_problem(info.name);
    EXPECT_EQ(problem->x_dim(), info.x_dim);
    EXPECT_EQ(problem->y_dim(), info.y_dim);
  }
  EXPECT_TRUE(catalog[2].differentiable);
  EXPECT_EQ(catalog[2].x_units, (std::vector<std::string>{"m", "m", "rad", "m/s"}));
  EXPECT_EQ(catalog[2].invalid_meaning, "never lands");
  EXPECT_FALSE(catalog[3].differentiable);
  EXPECT_EQ(catalog[3].x_dim, 8);
  EXPECT_EQ(catalog[3].y_dim, 201);
  EXPECT_EQ(catalog[3].y_names.front(), "y400");
  EXPECT_EQ(catalog[3].y_names.back(), "y800");
}

TEST(Registry, SineAndArmPresetsAreTheOldOnes) {
  const Config base;  // the struct's defaults were the quick preset for both
  const Config sine_quick = preset_config("sine", "quick"), arm_quick = preset_config("robot-arm", "quick");
  Config sine_expected = base;
  sine_expected.cinn_blocks = 6;  // the generative baselines' settings came later (issue 19)
  EXPECT_EQ(config_to_json(sine_quick), config_to_json(sine_expected));
  Config arm_expected = base;
  arm_expected.problem = "robot-arm";
  arm_expected.grad_clip_inverse = 0.0;
  arm_expected.lr_inverse = 5e-3;  // more arm networks valid (issue 13)
  arm_expected.mdn_components = 32;
  arm_expected.cvae_kl = 1.0;
  arm_expected.cinn_blocks = 6;
  EXPECT_EQ(config_to_json(arm_quick), config_to_json(arm_expected));
  const Config sine = preset_config("sine", "paper"), arm = preset_config("robot-arm", "paper");
  EXPECT_EQ(sine.hidden_forward, (std::vector<int>{500, 500, 500, 500}));
  EXPECT_EQ(sine.hidden_inverse, (std::vector<int>{500, 500, 500, 500}));
  EXPECT_EQ(arm.hidden_forward, (std::vector<int>{300, 300}));
  EXPECT_EQ(arm.hidden_inverse, (std::vector<int>{500, 500, 500}));
  for (const Config* c : {&sine, &arm}) {
    EXPECT_EQ(c->activation_forward, "relu");
    EXPECT_TRUE(c->batchnorm_inverse);
    EXPECT_EQ(c->epochs_forward, 500);
    EXPECT_EQ(c->lr_inverse, 1e-3);
    EXPECT_EQ(c->weight_decay_forward, 5e-4);
    EXPECT_EQ(c->lr_schedule_forward, "plateau");
    EXPECT_EQ(c->grad_clip_inverse, 0.0);
    EXPECT_EQ(c->batch, 1024);
  }
  EXPECT_EQ(preset_config("csv:data.csv", "paper").hidden_forward, (std::vector<int>{300, 300}));
}

TEST(Ballistics, GradientMatchesFiniteDifferencesThroughAutograd) {
  BallisticsProblem problem;
  auto x = torch::tensor({0.1, 1.2, 0.7, 14.0, -0.3, 0.6, 1.1, 19.0}, torch::kFloat64).reshape({2, 4});
  x.set_requires_grad(true);
  const auto y = problem.simulate(x);
  y.sum().backward();
  const auto grad = x.grad();
  for (int row = 0; row < 2; ++row)
    for (int d = 0; d < 4; ++d) {
      const double h = 1e-6;
      auto plus = x.detach().clone(), minus = x.detach().clone();
      plus[row][d] += h;
      minus[row][d] -= h;
      const double fd =
          (problem.simulate(plus)[row][0].item<double>() - problem.simulate(minus)[row][0].item<double>()) / (2 * h);
      EXPECT_NEAR(grad[row][d].item<double>(), fd, 1e-5 * (1 + std::abs(fd))) << "row " << row << " dim " << d;
    }
}

TEST(Ballistics, ANeverLandingLaunchIsNaNAndCountsAsInvalid) {
  BallisticsProblem problem;
  // y0 = -2 m, shot flat and slow: its apex is below the ground.
  const auto never = torch::tensor({{0.0f, -2.0f, 0.2f, 3.0f}});
  EXPECT_TRUE(std::isnan(problem.simulate(never)[0][0].item<double>()));
  EXPECT_TRUE(std::isfinite(problem.simulate_for_training(never)[0][0].item<double>()));
  // Two networks, two targets; network 1's proposal for target 0 never lands.
  const auto good = torch::tensor({{0.0f, 1.5f, 0.7f, 15.0f}, {0.2f, 1.0f, 0.5f, 12.0f}});
  const auto y = problem.simulate(good);
  auto x = torch::stack({good, good.clone()});
  x[1][0] = never[0];
  const ForwardFn f = [&](const torch::Tensor& in) { return problem.simulate_for_training(in); };
  auto p = score_proposals(f, problem, y, x);
  p.fit.index_put_({1, 0}, -1.0);  // the forward model prefers the invalid proposal there
  const Metrics m = compute_metrics(p, problem.domain(x[0]), 1e-2);
  EXPECT_EQ(m.per_network_invalid_share, (std::vector<double>{0.0, 0.5}));
  EXPECT_EQ(m.selected_invalid_share_by_k, (std::vector<double>{0.0, 0.5}));
  EXPECT_EQ(m.oracle_invalid_share_by_k, (std::vector<double>{0.0, 0.0}));
  for (double v : m.selected_resim_mse_by_k) EXPECT_TRUE(std::isfinite(v));
  for (double v : m.per_network_resim_mse) EXPECT_TRUE(std::isfinite(v));
  EXPECT_LT(m.per_network_resim_mse[1], 1e-8);  // its one valid proposal is exact
  const auto back = Metrics::from_json(m.to_json());
  EXPECT_EQ(back.selected_invalid_share_by_k, m.selected_invalid_share_by_k);
}

TEST(Ballistics, TrainingRowsAllLandAndAreReproducible) {
  BallisticsProblem problem;
  const auto [x, y] = problem.draw_rows(500, 3);
  const auto [x2, y2] = problem.draw_rows(500, 3);
  ASSERT_EQ(x.size(0), 500);
  EXPECT_TRUE(torch::isfinite(y).all().item<bool>());
  EXPECT_TRUE(torch::equal(x, x2));
  EXPECT_TRUE(torch::equal(y, y2));
  EXPECT_TRUE(torch::equal(x.select(1, 3), torch::round(x.select(1, 3))));  // v0 ~ Poisson(15): whole m/s
}

TEST(Ballistics, ValidityIsJudgedAtItsOwnTauInMetresSquared) {
  Config c = preset_config("ballistics", "quick");
  c.k = 2;
  c.samples = 600;
  c.epochs_forward = 2;
  c.epochs_inverse = 1;
  c.threads = 1;
  Engine engine(c);
  TrainControl control;
  ASSERT_TRUE(engine.train({}, control));
  const Metrics& m = engine.metrics();
  EXPECT_DOUBLE_EQ(m.valid_tau(), 1e-2);
  ASSERT_EQ(m.per_network_resim_mse.size(), 2u);
  ASSERT_EQ(m.per_network_coverage.size(), 2u);
  int covering = 0;
  for (double c : m.per_network_coverage) covering += c >= kMinNetworkCoverage;
  EXPECT_EQ(m.valid_networks(), covering);
  EXPECT_DOUBLE_EQ(find_problem_spec("sine")->valid_tau, kValidTau);  // the poster's tau stays for the others
}

TEST(Shell, ForwardTrueIsAOneLineConfigError) {
  Config c = preset_config("shell", "quick");
  c.forward = "true";
  try {
    validate(c);
    FAIL() << "forward true on the shell was accepted";
  } catch (const ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("not differentiable"), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos);
  }
}

TEST(Shell, SimulatesTheCheckValueAndMarksBadThicknessInvalid) {
  ShellProblem problem;
  const auto y = problem.simulate(torch::tensor({{50.0f, 50.0f, 50.0f, 50.0f, 50.0f, 50.0f, 50.0f, 50.0f},
                                                 {50.0f, -1.0f, 50.0f, 50.0f, 50.0f, 50.0f, 50.0f, 50.0f}}));
  EXPECT_NEAR(y[0][0].item<double>(), 2.513158, 5e-7);
  EXPECT_TRUE(torch::isnan(y[1]).all().item<bool>());
}

TEST(Shell, DataIsCachedOnceReusedAndRegeneratedWhenCorrupt) {
  const auto dir = fs::temp_directory_path() / ("manifoldlab_cache_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  ::setenv("MANIFOLDLAB_DATA_DIR", dir.c_str(), 1);
  ShellProblem problem;
  const std::int64_t n = ShellProblem::kCacheMinRows;
  const auto [x, y] = problem.draw_rows(n, 5);
  const std::string path = cached_rows_path(dir.string(), "shell", n, 5);
  ASSERT_TRUE(fs::is_regular_file(path));
  const auto written = fs::last_write_time(path);
  const auto [x2, y2] = problem.draw_rows(n, 5);  // read back, not rewritten
  EXPECT_EQ(fs::last_write_time(path), written);
  EXPECT_TRUE(torch::equal(x, x2));
  EXPECT_TRUE(torch::equal(y, y2));
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(200);
    f.put('\x7f');  // one flipped byte in the payload
  }
  CachedRows rows;
  std::string why;
  EXPECT_FALSE(read_cached_rows(path, n, 8, 201, &rows, &why));
  const auto [x3, y3] = problem.draw_rows(n, 5);  // regenerated (with a warning), not a crash
  EXPECT_TRUE(torch::equal(x, x3));
  EXPECT_TRUE(torch::equal(y, y3));
  EXPECT_TRUE(read_cached_rows(path, n, 8, 201, &rows, &why)) << why;
  fs::resize_file(path, 100);
  EXPECT_FALSE(read_cached_rows(path, n, 8, 201, &rows, &why));
  ::unsetenv("MANIFOLDLAB_DATA_DIR");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ml
