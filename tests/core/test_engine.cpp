#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/api/engine.h"
#include "core/problems/problem.h"

namespace ml {
namespace {

namespace fs = std::filesystem;

/// A small seeded sine run that trains in a few seconds on one core.
Config small_sine(int k = 4) {
  return resolve_config({{"problem", "sine"},
                         {"samples", "2000"},
                         {"hidden", "64,64,64"},
                         {"lr", "0.01"},
                         {"batch", "64"},
                         {"epochs_forward", "60"},
                         {"epochs_inverse", "15"},
                         {"k", std::to_string(k)},
                         {"threads", "1"},
                         {"device", "cpu"},
                         {"seed", "3"}});
}

fs::path temp_dir(const std::string& name) {
  const auto d = fs::temp_directory_path() / ("manifoldlab_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}

// The repulsion is what spreads the k networks over the branches: on the same seeded run, the
// same four networks without it (lambda = 0: different initial weights only) find far fewer
// valid distinct solutions per target (measured: 0.98 without, 1.89 with lambda = 0.02).
TEST(Engine, RepulsionRaisesValidDistinctSolutionsAtK4) {
  Config plain = small_sine();
  plain.lambda = 0.0;
  Engine without(plain), engine(small_sine());
  TrainControl control;
  ASSERT_TRUE(without.train({}, control));
  ASSERT_TRUE(engine.train({}, control));
  const Metrics& m = engine.metrics();
  ASSERT_EQ(m.valid_distinct_by_k.size(), 4u);
  ASSERT_EQ(without.metrics().valid_distinct_by_k.size(), 4u);
  EXPECT_GT(m.valid_distinct_by_k[3], without.metrics().valid_distinct_by_k[3] + 0.5);
  EXPECT_GT(m.valid_distinct_by_k[3], 1.5);
  EXPECT_LT(m.forward_test_mse, 0.05);
  EXPECT_EQ(m.selection_counts.size(), 4u);
  long total = 0;
  for (long c : m.selection_counts) total += c;
  EXPECT_EQ(total, m.test_targets);
  EXPECT_EQ(m.test_targets, 400);
}

TEST(Engine, SameSeedGivesTheSameRunOnCpu) {
  Config c = small_sine(2);
  c.epochs_forward = 5;
  c.epochs_inverse = 3;
  Engine a(c), b(c);
  TrainControl ca, cb;
  ASSERT_TRUE(a.train({}, ca));
  ASSERT_TRUE(b.train({}, cb));
  EXPECT_EQ(a.metrics().selected_resim_mse_by_k, b.metrics().selected_resim_mse_by_k);
  EXPECT_EQ(a.propose({0.5}).x, b.propose({0.5}).x);
}

TEST(Engine, ReportsProgressWithLossTermsForEveryPhase) {
  Config c = small_sine(2);
  c.epochs_forward = 3;
  c.epochs_inverse = 2;
  c.report_every = 5;
  Engine engine(c);
  TrainControl control;
  int forward_epochs = 0, inverse_epochs = 0, done = 0;
  long last_run_step = -1;
  bool monotone = true;
  engine.train(
      [&](const Progress& p) {
        if (p.epoch_end && p.phase == Phase::Forward) ++forward_epochs;
        if (p.epoch_end && p.phase == Phase::Inverse) {
          ++inverse_epochs;
          EXPECT_GT(p.terms.fit, 0.0);
          if (p.network == 1) {
            EXPECT_LT(p.terms.repulsion, 0.0);
          }
          if (p.network == 0) {
            EXPECT_EQ(p.terms.repulsion, 0.0);
          }
        }
        if (p.phase == Phase::Done) ++done;
        monotone = monotone && p.run_step >= last_run_step;
        last_run_step = p.run_step;
      },
      control);
  EXPECT_EQ(forward_epochs, 3);
  EXPECT_EQ(inverse_epochs, 4);
  EXPECT_EQ(done, 1);
  EXPECT_TRUE(monotone);
  EXPECT_EQ(engine.loss_history().size(), 7u);
}

TEST(Engine, StopRequestEndsTrainingBetweenSteps) {
  Engine engine(small_sine());
  TrainControl control;
  long steps_seen = 0;
  const bool finished = engine.train(
      [&](const Progress& p) {
        steps_seen = p.run_step;
        if (p.phase == Phase::Inverse && p.network == 1) control.stop = true;
      },
      control);
  EXPECT_FALSE(finished);
  EXPECT_FALSE(engine.trained());
  EXPECT_TRUE(engine.forward_trained());
  EXPECT_EQ(engine.inverse_networks_ready(), 2);
  EXPECT_NO_THROW(engine.propose({0.1}));
}

TEST(Engine, PauseHoldsTrainingUntilResumed) {
  Config c = small_sine(1);
  c.epochs_forward = 2;
  c.epochs_inverse = 1;
  Engine engine(c);
  TrainControl control;
  control.pause = true;
  std::atomic<long> reports{0};
  std::thread runner([&] { engine.train([&](const Progress&) { ++reports; }, control); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(reports.load(), 0);
  control.pause = false;
  runner.join();
  EXPECT_TRUE(engine.trained());
  EXPECT_GT(reports.load(), 0);
}

TEST(Engine, HotLambdaReachesTheInverseTrainingOfEitherSchedule) {
  for (const char* schedule : {"sequential", "joint"}) {
    Config c = small_sine(2);
    c.epochs_forward = 2;
    c.epochs_inverse = 2;
    c.lambda = 0.0;
    c.schedule = schedule;
    Engine engine(c);
    TrainControl control;
    control.set_hot(hot_slot(&Config::lambda), 0.5);  // hot override of the configured 0
    double repulsion = 0;
    engine.train(
        [&](const Progress& p) {
          if (p.epoch_end && p.network == 1) repulsion = p.terms.repulsion;
        },
        control);
    EXPECT_LT(repulsion, -0.01) << schedule;
  }
}

TEST(Engine, SaveAndLoadReproduceIdenticalPredictions) {
  Config c = small_sine(3);
  c.epochs_forward = 4;
  c.epochs_inverse = 2;
  c.batchnorm_inverse = true;  // running statistics must survive the round trip too
  Engine engine(c);
  TrainControl control;
  ASSERT_TRUE(engine.train({}, control));
  const auto dir = temp_dir("save");
  engine.save(dir.string());
  const Engine loaded = Engine::load(dir.string(), "cpu", 1);
  const std::vector<double> ys{-1.5, 0.0, 0.3, 1.9};
  const auto a = engine.propose(ys), b = loaded.propose(ys);
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.fy, b.fy);
  EXPECT_EQ(a.selected, b.selected);
  EXPECT_TRUE(loaded.trained());
  EXPECT_EQ(loaded.metrics().selected_resim_mse_by_k, engine.metrics().selected_resim_mse_by_k);
  ASSERT_EQ(loaded.loss_history().size(), engine.loss_history().size());
  EXPECT_EQ(loaded.loss_history().back().network, 2);
  EXPECT_NEAR(loaded.loss_history().back().terms.fit, engine.loss_history().back().terms.fit, 1e-8);
  fs::remove_all(dir);
}

TEST(Engine, LoadGivesOneLineErrorsForBadFolders) {
  EXPECT_THROW(Engine::load("/nonexistent/manifoldlab"), std::runtime_error);
  Config c = small_sine(1);
  c.epochs_forward = 1;
  c.epochs_inverse = 1;
  Engine engine(c);
  TrainControl control;
  engine.train({}, control);
  const auto dir = temp_dir("corrupt");
  engine.save(dir.string());
  std::ofstream(dir / "inverse_0.pt", std::ios::trunc) << "garbage";
  try {
    Engine::load(dir.string(), "cpu", 1);
    FAIL() << "corrupt weights loaded";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("inverse_0.pt"), std::string::npos);
  }
  fs::remove(dir / "forward.pt");
  EXPECT_THROW(Engine::load(dir.string(), "cpu", 1), std::runtime_error);
  fs::remove_all(dir);
}

TEST(Engine, ProposeRejectsWrongSizesAndUntrainedModels) {
  Engine engine(small_sine(1));
  EXPECT_THROW(engine.propose({0.1}), std::logic_error);
  const Engine arm(resolve_config({{"problem", "robot-arm"}, {"samples", "100"}}));
  EXPECT_THROW(arm.simulate({0.1, 0.2, 0.3}), std::invalid_argument);
  EXPECT_EQ(arm.simulate({0, 0, 0, 0}), (std::vector<double>{2.0, 0.0}));
}

}  // namespace
}  // namespace ml

namespace ml {
namespace {

TEST(Engine, TrainingThroughTheTrueSimulatorIsFastAndAccurate) {
  Config c = small_sine(2);
  c.forward = "true";
  c.epochs_inverse = 10;
  Engine engine(c);
  TrainControl control;
  int forward_reports = 0;
  ASSERT_TRUE(engine.train([&](const Progress& p) { forward_reports += p.phase == Phase::Forward; }, control));
  EXPECT_EQ(forward_reports, 0);  // no f is trained
  const Metrics& m = engine.metrics();
  EXPECT_EQ(m.forward_model, "true simulator");
  EXPECT_TRUE(std::isnan(m.forward_test_mse));
  EXPECT_LT(m.oracle_resim_mse_by_k[0], 2e-3);
  // Proposals are ranked by the simulator: fy equals sy.
  const auto p = engine.propose({0.5});
  EXPECT_EQ(p.fy, p.sy);

  const auto dir = temp_dir("true_forward");
  engine.save(dir.string());
  EXPECT_FALSE(fs::exists(dir / "forward.pt"));
  const Engine loaded = Engine::load(dir.string(), "cpu", 1);
  EXPECT_EQ(loaded.metrics().forward_model, "true simulator");
  EXPECT_EQ(loaded.propose({0.5}).x, p.x);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ml

namespace ml {
namespace {

TEST(Engine, ADivergingRunStopsWithAMessageAndKeepsTheLastGoodWeights) {
  Config c = small_sine(2);
  c.epochs_forward = 5;
  c.epochs_inverse = 3;
  Engine engine(c);
  TrainControl control;
  control.set_hot(hot_slot(&Config::lr_inverse),
                  1e30);  // one Adam step moves every weight by ~1e30: the loss overflows
  EXPECT_FALSE(engine.train({}, control));
  EXPECT_NE(engine.stop_reason().find("inverse network 1's loss became NaN or infinite in epoch 1"), std::string::npos)
      << engine.stop_reason();
  EXPECT_TRUE(engine.forward_trained());
  ASSERT_EQ(engine.inverse_networks_ready(), 1);
  for (double x : engine.propose({0.5, -0.3}).x) EXPECT_TRUE(std::isfinite(x));  // the last good weights
  const auto dir = temp_dir("diverged");
  engine.save(dir.string());  // what was trained is kept
  EXPECT_TRUE(fs::exists(dir / "inverse_0.pt"));
  fs::remove_all(dir);
  // The next run starts clean.
  control.set_hot(hot_slot(&Config::lr_inverse), NAN);
  EXPECT_TRUE(engine.train({}, control));
  EXPECT_TRUE(engine.stop_reason().empty());
}

}  // namespace
}  // namespace ml

namespace ml {
namespace {

/// c = a^2 + b: a non-unique inverse (a and -a give the same c); 'label' is not numeric.
fs::path write_two_branch_csv(const std::string& name) {
  const auto path = temp_dir(name + "_data").string() + ".csv";
  std::ofstream out(path);
  out << "a,b,label,c\n";
  for (int i = 0; i < 600; ++i) {
    const double a = -1 + 2.0 * ((i * 37) % 600) / 599, b = -1 + 2.0 * ((i * 91) % 600) / 599;
    out << a << ',' << b << ",row" << i << ',' << a * a + b << '\n';
  }
  return path;
}

TEST(Engine, ACsvDataSetTrainsThroughTheForwardModelAndSaysSo) {
  const auto path = write_two_branch_csv("engine_csv");
  Config c = small_sine(2);
  c.problem = "csv:" + path.string();
  c.x_cols = "a,b";
  c.y_cols = "c";
  c.epochs_forward = 20;
  c.epochs_inverse = 5;
  Engine engine(c);
  const ProblemInfo info = engine.problem_info();
  EXPECT_FALSE(info.has_simulator);
  EXPECT_EQ(info.x_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(engine.test_targets().size(), 120u);  // all 600 rows, 80/20
  EXPECT_THROW(engine.simulate({0.1, 0.2}), std::logic_error);
  TrainControl control;
  ASSERT_TRUE(engine.train({}, control));
  const Metrics& m = engine.metrics();
  EXPECT_EQ(m.resim_through, "forward model");
  EXPECT_LT(m.forward_test_mse, 0.05);
  const auto p = engine.propose({0.5});
  EXPECT_EQ(p.fy, p.sy);
  const auto dir = temp_dir("csv_run");
  engine.save(dir.string());
  EXPECT_EQ(Engine::load(dir.string(), "cpu", 1).propose({0.5}).x, p.x);
  fs::remove_all(dir);

  EXPECT_LE(info.box.lo[0], -0.99);  // the rows' bounding box, to float precision
  EXPECT_GE(info.box.hi[1], 0.99);
  c.domain = "-2:2,-0.5:0.5";
  EXPECT_EQ(Engine(c).problem_info().box.hi, (std::vector<double>{2, 0.5}));
  const auto refusal = [](const Config& config) -> std::string {
    try {
      Engine bad(config);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "accepted";
  };
  c.domain = "-2:2";
  EXPECT_NE(refusal(c).find("domain has 1 range(s) but"), std::string::npos) << refusal(c);
  c.domain = "";
  c.x_cols = "a,q";
  EXPECT_NE(refusal(c).find("x column 'q' is not in the header"), std::string::npos) << refusal(c);
  c.x_cols = "";
  EXPECT_THROW(Engine{c}, ConfigError);
  c.x_cols = "a,b";
  c.forward = "true";
  EXPECT_THROW(Engine{c}, ConfigError);
  fs::remove(path);
}

}  // namespace
}  // namespace ml

namespace ml {
namespace {

// The robot arm end to end: f learns the arm's reach and two inverse networks find poses that
// reach the targets, in different ways (measured: forward 1.3e-3, selected 3.4e-3, 1.37 valid
// distinct poses per target).
TEST(Engine, RobotArmTrainsToPosesThatReachTheTargets) {
  Config c = small_sine(2);
  c.problem = "robot-arm";
  c.epochs_forward = 40;
  c.epochs_inverse = 10;
  Engine engine(c);
  const ProblemInfo info = engine.problem_info();
  ASSERT_EQ(info.x_dim, 4);
  ASSERT_EQ(info.y_dim, 2);
  TrainControl control;
  ASSERT_TRUE(engine.train({}, control));
  const Metrics& m = engine.metrics();
  EXPECT_LT(m.forward_test_mse, 5e-3);  // predicting the mean scores about 0.27
  ASSERT_EQ(m.selected_resim_mse_by_k.size(), 2u);
  EXPECT_LT(m.selected_resim_mse_by_k[1], 1e-2);
  EXPECT_LT(m.outside_box_fraction, 0.05);
  ASSERT_EQ(m.valid_distinct_by_k.size(), 2u);
  EXPECT_GT(m.valid_distinct_by_k[1], 1.2);
  EXPECT_TRUE(m.coverage_by_k.empty());  // no solution-set grid for a 4-D x
  // The selected pose for a reachable target puts the arm's tip there.
  const std::vector<double> target{1.5, 0.3};
  const auto p = engine.propose(target);
  const double* sy = p.sy_at(p.selected[0], 0);
  EXPECT_LT(std::hypot(sy[0] - target[0], sy[1] - target[1]), 0.2);
}

// Issue 16: the GUI draws f's landscape while f learns. forward_model answers from the progress
// callback during the forward phase, and asking changes nothing about the run.
TEST(Engine, TheForwardModelAnswersWhileItTrainsWithoutChangingTheRun) {
  Config c = small_sine(1);
  c.samples = 600;
  c.epochs_forward = 4;
  c.epochs_inverse = 1;
  c.report_every = 3;
  c.batchnorm_forward = true;  // the query's eval mode must leave the running statistics alone
  const std::vector<double> x{0.1, 0.2, -0.5, 0.7};
  Engine quiet(c), asked(c);
  EXPECT_THROW(asked.forward_model(x), std::logic_error);  // no f before training
  TrainControl control;
  ASSERT_TRUE(quiet.train({}, control));
  std::vector<std::vector<double>> answers;
  const auto ask = [&](const Progress& p) {
    if (p.phase == Phase::Forward) answers.push_back(asked.forward_model(x));
  };
  ASSERT_TRUE(asked.train(ask, control));
  ASSERT_GT(answers.size(), 2u);
  EXPECT_EQ(answers.front().size(), 2u);
  EXPECT_NE(answers.front(), answers.back());  // it learns
  EXPECT_EQ(asked.forward_model(x), quiet.forward_model(x));
  ASSERT_EQ(asked.loss_history().size(), quiet.loss_history().size());
  for (size_t i = 0; i < quiet.loss_history().size(); ++i)
    EXPECT_EQ(asked.loss_history()[i].terms.total, quiet.loss_history()[i].terms.total) << i;
}

// The preview trains on its own core while f learns: its first sketch appears during the forward
// phase, it is gone once f is done, and the run's numbers are exactly those of a run without it
// (it must draw nothing from the run's generators and never write to f). That it learns:
// InversePreview.* (test_inverse_preview.cpp).
TEST(Engine, AnInversePreviewShowsWhileFTrainsWithoutChangingTheRun) {
  if (std::thread::hardware_concurrency() < 2) GTEST_SKIP() << "the preview needs a second core";
  Config c = small_sine(2);
  c.samples = 600;
  c.epochs_forward = 8;
  c.epochs_inverse = 2;
  c.report_every = 3;
  const std::vector<double> y{-0.5, 0.0, 0.5, 0.9};
  Engine quiet(c), previewed(c);
  TrainControl control;
  ASSERT_TRUE(quiet.train({}, control));
  previewed.set_inverse_preview(true);
  ProposalSet first;
  const auto look = [&](const Progress& p) {
    if (p.phase != Phase::Forward || first.targets > 0) return;
    for (int i = 0; i < 3000 && (first = previewed.propose_preview(y)).targets == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  };
  ASSERT_TRUE(previewed.train(look, control));
  ASSERT_EQ(first.targets, 4);
  EXPECT_EQ(first.networks, 1);
  EXPECT_EQ(first.x_dim, 2);
  EXPECT_EQ(previewed.propose_preview(y).targets, 0);  // f is done: the trained networks take over
  ASSERT_EQ(previewed.loss_history().size(), quiet.loss_history().size());
  for (size_t i = 0; i < quiet.loss_history().size(); ++i)
    EXPECT_EQ(previewed.loss_history()[i].terms.total, quiet.loss_history()[i].terms.total) << i;
  EXPECT_EQ(previewed.metrics().per_network_resim_mse, quiet.metrics().per_network_resim_mse);
  EXPECT_EQ(previewed.propose(y).x, quiet.propose(y).x);
}

TEST(Engine, DifferentiabilityIsTheProblemsOwnAnswer) {
  // Problem::differentiable(): a built-in's registry entry, a TorchScript module's probe, false
  // for a data set; the engine reports it without knowing the problem's class.
  EXPECT_TRUE(make_problem("sine")->differentiable());
  EXPECT_TRUE(make_problem("ballistics")->differentiable());
  EXPECT_FALSE(make_problem("shell")->differentiable());
  EXPECT_TRUE(Engine(small_sine()).problem_info().differentiable);
}

}  // namespace
}  // namespace ml
