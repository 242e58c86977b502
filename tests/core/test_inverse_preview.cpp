// The inverse preview on its own: with one f offered, its training is single-threaded and seeded,
// so what it shows after a given number of steps is deterministic.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/train/inverse_preview.h"
#include "core/problems/problem.h"

namespace ml {
namespace {

MlpOptions net(int in, int out) {
  MlpOptions o;
  o.in = in;
  o.out = out;
  o.hidden = {16, 16};
  if (out == 1) {  // f: a random network's outputs hardly vary; scaled, they span a range to fit
    o.out_shift = {0.0};
    o.out_scale = {20.0};
  }
  return o;
}

bool wait_for_steps(const InversePreview& preview, long steps) {
  for (int i = 0; i < 3000 && preview.steps() < steps; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return preview.steps() >= steps;
}

double mean_fit(const ProposalTensors& p) { return p.fit.mean().item<double>(); }

TEST(InversePreview, TrainsThroughTheOfferedFAndIdlesOnceCaughtUp) {
  torch::manual_seed(3);
  Mlp f(net(2, 1)), g(net(1, 2));
  Mlp g_start(net(1, 2));
  {
    torch::NoGradGuard no_grad;
    for (size_t i = 0; i < g->parameters().size(); ++i) g_start->parameters()[i].copy_(g->parameters()[i]);
  }
  f->eval();
  set_trainable(*f, false);
  InversePreviewSetup setup;
  setup.targets = f->forward(torch::rand({256, 2}) * 2 - 1).detach();
  setup.box = Box{{-1, -1}, {1, 1}};
  setup.batch = 32;
  setup.seed = 1;
  setup.steps_per_snapshot = 200;
  const auto problem = make_problem("sine");
  const auto y = setup.targets.slice(0, 0, 64);
  InversePreview preview(Mlp(net(2, 1)), Mlp(net(2, 1)), Mlp(net(2, 1)), g, Mlp(net(1, 2)), setup);
  EXPECT_EQ(preview.steps(), 0);
  EXPECT_FALSE(preview.propose(*problem, y).x.defined());  // nothing to show before an f arrives
  preview.offer(f);
  ASSERT_TRUE(wait_for_steps(preview, 200));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(preview.steps(), 200);  // caught up with the one f it has: idle
  const auto shown = preview.propose(*problem, y);
  ASSERT_TRUE(shown.x.defined());
  EXPECT_EQ(shown.x.sizes(), (std::vector<int64_t>{1, 64, 2}));
  std::vector<Mlp> untrained{g_start};
  const double before = mean_fit(propose(f, untrained, *problem, y));
  EXPECT_LT(mean_fit(shown), 0.5 * before) << "through the f it was offered, g should fit the targets";
  preview.offer(f);  // a new copy: another round of steps
  ASSERT_TRUE(wait_for_steps(preview, 400));
}

}  // namespace
}  // namespace ml
