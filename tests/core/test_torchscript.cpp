// Issue 18: torchscript: simulators and the TorchScript export, without Python (the round trip
// through Python is tests/python/test_torchscript.py).
#include <gtest/gtest.h>
#include <torch/script.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/api/engine.h"
#include "core/problems/sine/sine.h"
#include "core/problems/torchscript/torchscript_problem.h"

namespace ml {
namespace {

namespace fs = std::filesystem;

fs::path temp_file(const std::string& name) {
  return fs::temp_directory_path() / ("manifoldlab_ts_" + std::to_string(::getpid()) + "_" + name);
}

/// Saves a module whose forward is `body` (TorchScript, argument x), with optional x_names.
std::string save_simulator(const std::string& name, const std::string& body, bool names = false) {
  torch::jit::Module m(c10::QualifiedName("__torch__.TestSim"));
  if (names) {
    c10::List<std::string> x_names({"a", "b"});
    m.register_attribute("x_names", c10::ListType::ofStrings(), x_names);
  }
  m.define("def forward(self, x: Tensor) -> Tensor:\n    " + body + "\n");
  const std::string path = temp_file(name).string();
  m.save(path);
  return path;
}

const char* kSine =
    "return (torch.sin(3.0 * 3.141592653589793 * x[:, 0]) + torch.cos(3.0 * 3.141592653589793 * "
    "x[:, 1])).unsqueeze(1)";

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(TorchScriptProblem, UniformPriorDrawsTheSineProblemsRowsExactly) {
  const TorchScriptProblem script(save_simulator("sine.pt", kSine), "-1:1,-1:1", "", false);
  const SineProblem sine;
  const auto [xs, ys] = script.draw_rows(500, 7);
  const auto [xb, yb] = sine.draw_rows(500, 7);
  EXPECT_TRUE(torch::equal(xs, xb));
  EXPECT_LT((ys - yb).abs().max().item<double>(), 1e-6);
  EXPECT_EQ(script.x_names(), (std::vector<std::string>{"x1", "x2"}));
  EXPECT_EQ(script.y_names(), (std::vector<std::string>{"y1"}));
  EXPECT_TRUE(script.differentiable());
}

TEST(TorchScriptProblem, NormalPriorHasItsMeanAndSpread) {
  const TorchScriptProblem script(save_simulator("sine_n.pt", kSine), "-1:1,-1:1", "normal:0.5:0.1,uniform", false);
  const auto x = script.draw_rows(20000, 1).first;
  EXPECT_NEAR(x.select(1, 0).mean().item<double>(), 0.5, 0.01);
  EXPECT_NEAR(x.select(1, 0).std().item<double>(), 0.1, 0.01);
  EXPECT_GE(x.select(1, 1).min().item<double>(), -1.0);
  EXPECT_NEAR(x.select(1, 1).std().item<double>(), 2.0 / std::sqrt(12.0), 0.01);
}

TEST(TorchScriptProblem, BadModulesAreOneLineErrors) {
  const auto make = [](const std::string& path, const std::string& domain = "-1:1,-1:1", bool forward_true = false) {
    return error_of([&] { TorchScriptProblem(path, domain, "", forward_true); });
  };
  EXPECT_EQ(make("/nonexistent/sim.pt"), "torchscript:/nonexistent/sim.pt: no such file");
  const std::string text = temp_file("notes.txt").string();
  std::ofstream(text) << "not a model\n";
  EXPECT_NE(make(text).find("not a TorchScript archive"), std::string::npos);
  EXPECT_NE(make(save_simulator("rank.pt", "return x.sum(1)")).find("forward returns shape [2]"), std::string::npos);
  EXPECT_NE(make(save_simulator("rows.pt", "return x[:1]")).find("forward returns 1 rows for 2"), std::string::npos);
  EXPECT_NE(make(save_simulator("idx.pt", "return x[:, 5:6] + x[:, 7]")).find("forward throws on a [2, 2] input"),
            std::string::npos);
  EXPECT_NE(make(save_simulator("named.pt", kSine, true), "-1:1").find("x_names has 2 names"), std::string::npos);
  EXPECT_NE(make(save_simulator("nograd.pt", "return x.detach()"), "-1:1,-1:1", true).find("gives no gradient"),
            std::string::npos);
  // Issue 31: a domain wider than what forward reads is refused, naming the width it reads.
  EXPECT_NE(make(save_simulator("wide.pt", kSine), "-1:1,-1:1,0:5")
                .find("domain: has 3 ranges but torchscript:" + temp_file("wide.pt").string() +
                      "'s forward reads only the first 2 column(s) of x"),
            std::string::npos);
  EXPECT_EQ(make(save_simulator("sum.pt", "return x.sum(1, keepdim=True)"), "-1:1,-1:1,0:5"), "");
  const TorchScriptProblem nan(save_simulator("nan.pt", "return torch.log(x[:, 0:1] * x[:, 1:2])"), "-1:1,-1:1", "",
                               false);
  const std::string message = error_of([&] { nan.draw_rows(100, 1); });
  EXPECT_NE(message.find("forward gives NaN or Inf on"), std::string::npos);
  for (const auto& m : {message, make(text)}) EXPECT_EQ(m.find('\n'), std::string::npos) << m;
}

/// Exports a trained engine and checks forward and proposals against Engine::propose.
void expect_export_matches(const Engine& engine, const std::string& tag) {
  const std::string path = temp_file("mixture_" + tag + ".pt").string();
  engine.export_torchscript(path);
  auto m = torch::jit::load(path);
  std::vector<double> y;
  for (int i = 0; i < 200; ++i) y.push_back(-2.0 + 4.0 * i / 199.0);
  // proposals: the networks' own; forward: refined and selected as the engine answers.
  const ProposalSet p = engine.propose(y, 0);
  const ProposalSet answered = engine.propose(y);
  const auto yt = torch::tensor(y, torch::kFloat64).to(torch::kFloat32).reshape({-1, 1});
  const auto chosen = m.forward({yt}).toTensor();
  const auto all = m.get_method("proposals")({yt}).toTensor();
  EXPECT_TRUE(torch::equal(m.get_method("refine")({yt, 0}).toTensor(), all)) << tag;
  ASSERT_EQ(all.sizes(), (std::vector<int64_t>{p.networks, 200, p.x_dim})) << tag;
  double gap = 0, gap_all = 0;
  for (int n = 0; n < p.targets; ++n)
    for (int d = 0; d < p.x_dim; ++d) {
      gap = std::max(gap, std::abs(chosen[n][d].item<double>() - answered.x_at(answered.selected[n], n)[d]));
      for (int k = 0; k < p.networks; ++k)
        gap_all = std::max(gap_all, std::abs(all[k][n][d].item<double>() - p.x_at(k, n)[d]));
    }
  EXPECT_LT(gap, 1e-4) << tag;  // 100 Adam steps here and in the engine's fused kernel round apart
  EXPECT_LT(gap_all, 1e-5) << tag;
  EXPECT_EQ(m.attr("refine_steps").toInt(), engine.config().refine_steps) << tag;
  EXPECT_EQ(m.attr("k").toInt(), p.networks) << tag;
  EXPECT_EQ(m.attr("x_names").toListRef().size(), static_cast<size_t>(p.x_dim)) << tag;
  EXPECT_EQ(m.find_method("forward_model").has_value(), engine.config().forward != "true") << tag;
}

Config tiny(const std::string& problem) {
  return resolve_config({{"problem", problem},
                         {"samples", "600"},
                         {"hidden", "16,16"},
                         {"epochs_forward", "2"},
                         {"epochs_inverse", "2"},
                         {"k", "3"},
                         {"threads", "1"},
                         {"device", "cpu"}});
}

TEST(TorchScriptExport, ForwardAndProposalsEqualTheEngines) {
  for (const char* act : {"silu", "relu"}) {
    Config c = tiny("sine");
    set_parameter(c, "activation", act);
    set_parameter(c, "batchnorm", act == std::string("relu") ? "true" : "false");
    Engine engine(c);
    TrainControl control;
    ASSERT_TRUE(engine.train({}, control));
    expect_export_matches(engine, act);
  }
}

// Ballistics' networks standardise x and y inside (ProblemSpec::standardize): the export must too.
TEST(TorchScriptExport, StandardisedNetworksEqualTheEngines) {
  Engine engine(tiny("ballistics"));
  TrainControl control;
  ASSERT_TRUE(engine.train({}, control));
  expect_export_matches(engine, "standardised");
}

// A residual forward model (the Shell's presets) in both block forms: plain and with batch norm.
TEST(TorchScriptExport, ResidualForwardModelEqualsTheEngines) {
  for (const char* bn : {"false", "true"}) {
    Config c = tiny("ballistics");
    set_parameter(c, "residual_forward", "true");
    set_parameter(c, "batchnorm_forward", bn);
    Engine engine(c);
    TrainControl control;
    ASSERT_TRUE(engine.train({}, control));
    expect_export_matches(engine, std::string("residual_bn_") + bn);
  }
}

TEST(TorchScriptExport, ThroughAScriptedSimulatorRanksByIt) {
  Config c = tiny("torchscript:" + save_simulator("sine_true.pt", kSine));
  c.domain = "-1:1,-1:1";
  c.forward = "true";
  Engine engine(c);
  TrainControl control;
  ASSERT_TRUE(engine.train({}, control));
  expect_export_matches(engine, "through_simulator");
}

TEST(TorchScriptExport, ThroughABuiltInSimulatorIsRefused) {
  Config c = tiny("sine");
  c.forward = "true";
  Engine engine(c);
  TrainControl control;
  ASSERT_TRUE(engine.train({}, control));
  const std::string path = temp_file("refused.pt").string();
  EXPECT_NE(error_of([&] { engine.export_torchscript(path); }).find("has no TorchScript form"), std::string::npos);
  EXPECT_FALSE(fs::exists(path));
}

}  // namespace
}  // namespace ml
