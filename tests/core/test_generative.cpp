// The generative baselines (issue 19): MDN, cVAE and cINN behind one interface, their samples
// ranked like neural adjoint's candidates, and compare's --methods list.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "core/baselines/cinn.h"
#include "core/baselines/generative.h"
#include "core/baselines/mdn.h"
#include "core/problems/dataset.h"
#include "core/api/engine.h"
#include "core/experiments/compare.h"

namespace ml {
namespace {

GenerativeSettings small_settings() {
  GenerativeSettings s;
  s.hidden = {32, 32};
  s.mdn_components = 3;
  s.cvae_latent = 2;
  s.cinn_blocks = 3;
  return s;
}

/// Random training rows with a 3-D x (odd, so the cINN's halves differ) and a 2-D y.
std::pair<torch::Tensor, torch::Tensor> random_rows(long n = 64) {
  auto gen = seeded_generator(3);
  return {torch::randn({n, 3}, gen) * 2 + 1, torch::randn({n, 2}, gen)};
}

TEST(Generative, SamplersReturnTNXShapesReproducibly) {
  const auto [x, y] = random_rows();
  for (const auto& method : generative_method_names()) {
    SCOPED_TRACE(method);
    auto model = make_generative(method, small_settings(), x, y, 7);
    const auto targets = y.slice(0, 0, 5);
    const auto a = model->sample(targets, 4, 11);
    ASSERT_EQ(a.sizes(), (std::vector<int64_t>{4, 5, 3}));
    EXPECT_TRUE(torch::isfinite(a).all().item<bool>());
    EXPECT_TRUE(torch::equal(a, model->sample(targets, 4, 11)));      // same seed, same samples
    EXPECT_FALSE(torch::allclose(a, model->sample(targets, 4, 12)));  // another seed, others
    EXPECT_FALSE(torch::allclose(a[0], a[1]));                        // T draws differ from each other
    EXPECT_EQ(model->sample(targets.slice(0, 0, 0), 4, 11).sizes(), (std::vector<int64_t>{4, 0, 3}));
    EXPECT_TRUE(model->is_training());  // sample puts the training flag back
    EXPECT_EQ(model->loss_terms(x, y).sizes(), (std::vector<int64_t>{4}));
  }
  EXPECT_THROW(make_generative("gan", small_settings(), x, y, 7), std::invalid_argument);
}

TEST(Generative, CinnIsInvertible) {
  const auto [x, y] = random_rows(256);
  auto cinn = std::dynamic_pointer_cast<CinnImpl>(make_generative("cinn", small_settings(), x, y, 5));
  ASSERT_TRUE(cinn);
  torch::NoGradGuard no_grad;
  auto gen = seeded_generator(9);
  const auto xs = torch::randn({256, 3}, gen) * 3;
  const auto ys = torch::randn({256, 2}, gen) * 2;
  const auto [z, log_det] = cinn->encode(xs, ys);
  EXPECT_LT((cinn->decode(z, ys) - xs).abs().max().item<double>(), 1e-4);
  const auto zs = torch::randn({256, 3}, gen);
  EXPECT_LT((cinn->encode(cinn->decode(zs, ys), ys).first - zs).abs().max().item<double>(), 1e-4);
  EXPECT_GT((z - xs).abs().max().item<double>(), 0.1);  // not the identity: the test could fail
}

TEST(Generative, CinnLogDetMatchesNumericalJacobian) {
  const auto [x, y] = random_rows(64);
  auto cinn = std::dynamic_pointer_cast<CinnImpl>(make_generative("cinn", small_settings(), x, y, 5));
  ASSERT_TRUE(cinn);
  cinn->to(torch::kFloat64);
  torch::NoGradGuard no_grad;
  auto gen = seeded_generator(4);
  const auto xs = (torch::randn({4, 3}, gen) * 2).to(torch::kFloat64);
  const auto ys = torch::randn({4, 2}, gen).to(torch::kFloat64);
  const auto log_det = cinn->encode(xs, ys).second;
  const double h = 1e-6;
  for (int n = 0; n < 4; ++n) {
    const auto xn = xs.slice(0, n, n + 1), yn = ys.slice(0, n, n + 1);
    auto jac = torch::zeros({3, 3}, torch::kFloat64);
    for (int d = 0; d < 3; ++d) {
      auto step = torch::zeros({1, 3}, torch::kFloat64);
      step[0][d] = h;
      jac.select(1, d).copy_(((cinn->encode(xn + step, yn).first - cinn->encode(xn - step, yn).first) / (2 * h))[0]);
    }
    const double numeric = std::log(std::abs(torch::det(jac).item<double>()));
    EXPECT_NEAR(log_det[n].item<double>(), numeric, 1e-5) << "sample " << n;
  }
}

/// y = x^2 for x uniform in [-1, 1]: every y has two solutions, +sqrt(y) and -sqrt(y).
TEST(Generative, MdnPutsModesOnBothBranches) {
  auto gen = seeded_generator(2);
  Dataset data;
  data.x_train = torch::rand({4000, 1}, gen) * 2 - 1;
  data.y_train = data.x_train.pow(2);
  data.box = Box{{-1.0}, {1.0}};
  GenerativeSettings s = small_settings();
  s.mdn_components = 4;
  s.epochs = 40;
  s.batch = 128;
  s.lr = 1e-2;
  auto model = make_generative("mdn", s, data.x_train, data.y_train, 1);
  Config c;
  c.batch = s.batch;
  TrainControl control;
  std::vector<LossRow> history;
  ProgressFn progress;
  TrainContext ctx{c, data, control, progress, history};
  ASSERT_EQ(train_generative(*model, 0, s, 8, ctx), TrainStatus::Finished);
  ASSERT_EQ(history.size(), 40u);
  EXPECT_EQ(history.back().phase, Phase::Generative);

  auto mdn = std::dynamic_pointer_cast<MdnImpl>(model);
  const auto y = torch::tensor({{0.49f}});  // solutions x = +-0.7
  const auto mix = mdn->mixture_in_units(y);
  const auto weight = mix.log_weight[0].exp(), mean = mix.mean[0].select(1, 0);
  double plus = 0, minus = 0;  // mixture weight of components centred on either branch
  for (int g = 0; g < 4; ++g) {
    if (std::abs(mean[g].item<double>() - 0.7) < 0.1) plus += weight[g].item<double>();
    if (std::abs(mean[g].item<double>() + 0.7) < 0.1) minus += weight[g].item<double>();
  }
  EXPECT_GT(plus, 0.3);
  EXPECT_GT(minus, 0.3);
  // Samples land on both branches too, near half each.
  const auto xs = model->sample(y, 2000, 3).flatten();
  const double on_plus = ((xs - 0.7).abs() < 0.1).to(torch::kFloat64).mean().item<double>();
  const double on_minus = ((xs + 0.7).abs() < 0.1).to(torch::kFloat64).mean().item<double>();
  EXPECT_GT(on_plus, 0.3);
  EXPECT_GT(on_minus, 0.3);
}

Config tiny_sine() {
  return resolve_config({{"problem", "sine"},
                         {"samples", "600"},
                         {"forward", "true"},  // no f to train: the simulator ranks the samples
                         {"k", "1"},
                         {"epochs_inverse", "1"},
                         {"gen_epochs", "2"},
                         {"gen_hidden", "16,16"},
                         {"cinn_blocks", "2"},
                         {"threads", "1"},
                         {"seed", "4"}});
}

TEST(Generative, EngineRanksSamplesLikeNeuralAdjoint) {
  Engine engine(tiny_sine());
  TrainControl control;
  ASSERT_TRUE(engine.train({}, control));
  const auto y = engine.test_targets();
  EXPECT_THROW(engine.propose_generative("mdn", y, 5, 1), std::logic_error);  // not trained yet
  EXPECT_THROW(engine.train_generative("gan", {}, control), std::invalid_argument);
  for (const auto& method : generative_methods()) {
    SCOPED_TRACE(method);
    int reports = 0;
    ASSERT_TRUE(engine.train_generative(
        method,
        [&](const Progress& p) {
          EXPECT_EQ(p.phase, Phase::Generative);
          EXPECT_EQ(generative_methods()[p.network], method);
          ++reports;
        },
        control));
    EXPECT_GT(reports, 0);
    EXPECT_TRUE(engine.generative_trained(method));
    EXPECT_GT(engine.generative_train_seconds(method), 0);
    const auto p = engine.propose_generative(method, y, 6, engine.generative_seed(method));
    ASSERT_EQ(p.networks, 6);
    ASSERT_EQ(p.targets, static_cast<int>(y.size()));
    for (int n = 0; n < p.targets; ++n) {
      int best = 0;
      for (int m = 1; m < p.networks; ++m)
        if (p.rank_at(m, n) < p.rank_at(best, n)) best = m;
      EXPECT_EQ(p.selected[n], best);
      // Rank = fit + boundary weight * mean box excess: at least the fit, equal inside the box.
      EXPECT_GE(p.rank_at(best, n), p.fit_at(best, n) - 1e-6);
    }
    EXPECT_LE(best_of_t(p, 6), best_of_t(p, 1));
    const auto again = engine.propose_generative(method, y, 6, engine.generative_seed(method));
    EXPECT_EQ(again.x, p.x);  // reproducible from the seed
  }
  EXPECT_THROW(engine.propose_generative("mdn", y, 0, 1), std::invalid_argument);

  // Saved with the run and restored on load (issue 31): the same samples, no training.
  const auto dir = std::filesystem::temp_directory_path() / ("manifoldlab_gen_save_" + std::to_string(::getpid()));
  engine.save(dir.string());
  const Engine loaded = Engine::load(dir.string());
  for (const auto& method : generative_methods()) {
    SCOPED_TRACE(method);
    ASSERT_TRUE(loaded.generative_trained(method));
    EXPECT_EQ(loaded.generative_train_seconds(method), engine.generative_train_seconds(method));
    EXPECT_EQ(loaded.propose_generative(method, y, 6, 9).x, engine.propose_generative(method, y, 6, 9).x);
  }
  std::filesystem::remove_all(dir);
}

TEST(Generative, StopsThroughTrainControl) {
  Engine engine(tiny_sine());
  TrainControl control;
  ASSERT_TRUE(engine.train({}, control));
  control.stop = true;
  EXPECT_FALSE(engine.train_generative("cinn", {}, control));
  EXPECT_FALSE(engine.generative_trained("cinn"));
}

TEST(Generative, CompareMethodsParse) {
  EXPECT_EQ(parse_compare_methods("mixture,cinn"), (std::vector<std::string>{"mixture", "cinn"}));
  EXPECT_EQ(CompareOptions{}.methods, compare_method_names());  // all by default
  for (const char* bad : {"", "gan", "mdn,mdn", "mdn,", ",mdn"}) {
    SCOPED_TRACE(bad);
    try {
      parse_compare_methods(bad);
      ADD_FAILURE() << "accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
      EXPECT_NE(std::string(e.what()).find("known: mixture"), std::string::npos);
    }
  }
}

TEST(Generative, PresetsComeFromTheProblems) {
  const Config sine = preset_config("sine", "quick"), arm = preset_config("robot-arm", "quick");
  EXPECT_EQ(sine.mdn_components, 13);
  EXPECT_EQ(sine.cinn_blocks, 6);
  EXPECT_EQ(preset_config("sine", "paper").cinn_blocks, 10);  // the benchmark's
  EXPECT_EQ(arm.mdn_components, 32);
  EXPECT_EQ(arm.cinn_blocks, 6);
  EXPECT_DOUBLE_EQ(arm.cvae_kl, 1.0);
  EXPECT_EQ(preset_config("sine", "paper").gen_lr_schedule, "plateau");
  for (const char* key : {"gen_hidden", "gen_epochs", "gen_samples", "mdn_components", "cvae_kl", "cinn_blocks"})
    EXPECT_NE(find_parameter(key), nullptr) << key;
}

}  // namespace
}  // namespace ml
