// Issue 17, the GUI side: one view per problem in one table (ui/views/view_registry.h), the
// ballistics view (flights, a click on the ground picks y*) and the shell view (spectra, rings,
// a slider over the test spectra). Views are fed hand-made RunData: no training, deterministic.
#include <QSlider>
#include <gtest/gtest.h>
#include <memory>
#include <qcustomplot.h>

#include "core/api/engine.h"
#include "core/problems/ballistics/ballistics_physics.h"
#include "core/problems/shell/shell_physics.h"
#include "ui/teaching/panel_help.h"
#include "ui/teaching/tour_scene.h"
#include "ui/views/ballistics_view.h"
#include "ui/views/shell_view.h"
#include "ui/views/view_registry.h"
#include "ui/widgets/method_toggles.h"
#include "ui_test_support.h"

using namespace ml::ui;

namespace {

/// A proposal set of `networks` proposals for one target, the forward model choosing `selected`.
std::shared_ptr<ml::ProposalSet> one_target(int networks, int x_dim, int y_dim, int selected) {
  auto p = std::make_shared<ml::ProposalSet>();
  p->targets = 1;
  p->networks = networks;
  p->x_dim = x_dim;
  p->y_dim = y_dim;
  p->y.assign(static_cast<size_t>(y_dim), 0.0);
  p->x.assign(static_cast<size_t>(networks * x_dim), 0.0);
  p->fy.assign(static_cast<size_t>(networks * y_dim), 1.0);
  p->sy.assign(static_cast<size_t>(networks * y_dim), 1.0);
  p->fit_error.assign(static_cast<size_t>(networks), 0.0);
  p->resim_error.assign(static_cast<size_t>(networks), 0.0);
  p->rank_score.assign(static_cast<size_t>(networks), 0.0);
  p->selected = {selected};
  p->oracle = {selected};
  return p;
}

std::shared_ptr<ProblemView> ballistics_problem() {
  auto v = std::make_shared<ProblemView>();
  v->info.name = "ballistics";
  v->info.x_dim = 4;
  v->info.y_dim = 1;
  v->info.box.lo.assign(ml::ballistics::kBoxLow.begin(), ml::ballistics::kBoxLow.end());
  v->info.box.hi.assign(ml::ballistics::kBoxHigh.begin(), ml::ballistics::kBoxHigh.end());
  v->prior_x = {0.0, 1.0, 0.6, 12.0, -0.5, 2.0, 1.2, 18.0, 0.5, 1.5, 0.3, 9.0};
  for (size_t i = 0; i < 3; ++i) v->prior_y.push_back(ml::ballistics::landing(&v->prior_x[i * 4]).x);
  v->view = find_view("ballistics");
  return v;
}

}  // namespace

TEST(Views, EveryRegisteredProblemHasOneViewAndEveryViewARegisteredProblem) {
  const auto catalog = ml::problem_catalog();
  for (const auto& info : catalog) EXPECT_NE(find_view(info.name), nullptr) << info.name;
  for (const auto& spec : view_table()) {
    EXPECT_TRUE(std::any_of(catalog.begin(), catalog.end(), [&](const auto& i) { return i.name == spec.problem; }))
        << spec.problem << " is in no core registry entry";
    if (!spec.make) continue;  // drawn by the generic panels alone
    std::unique_ptr<ViewPanel> panel(spec.make(nullptr));
    ASSERT_NE(panel->plot(), nullptr) << spec.problem;
    EXPECT_FALSE(spec.title.isEmpty() || spec.export_name.isEmpty() || spec.help.isEmpty()) << spec.problem;
    EXPECT_EQ(panel->spec().problem, spec.problem) << spec.problem << ": the panel draws its own entry's problem";
    EXPECT_EQ(panel->export_name(), spec.export_name) << spec.problem;
    EXPECT_EQ(panel_help(panel->help_name()), "<h3>" + spec.title + "</h3>" + spec.help)
        << spec.problem << ": the dock's ? and the plot menu say the same";
  }
  EXPECT_EQ(find_view("csv:data.csv"), nullptr);  // a data set: the generic panels
}

TEST(Views, BallisticsDrawsOneFlightPerNetworkEndingWhereItLands) {
  BallisticsView view;
  view.resize(900, 600);
  RunData data;
  data.problem = ballistics_problem();
  data.focus_y = {6.0};
  auto focus = one_target(3, 4, 1, 1);
  const double launches[3][4] = {{0.0, 1.0, 0.4, 12.0}, {0.2, 2.0, 1.1, 14.0}, {0.0, -1.0, 1.0, 2.0}};
  for (int m = 0; m < 3; ++m) std::copy(launches[m], launches[m] + 4, focus->x.begin() + m * 4);
  data.focus = focus;
  view.refresh(data, kProblem | kFocus | kFocusTarget);
  EXPECT_EQ(view.drawn_trajectories(), 3);  // the third never lands: its launch point alone
  const auto* flight = qobject_cast<QCPCurve*>(view.plot()->plottable(1));  // after the prior's landings
  ASSERT_NE(flight, nullptr);
  EXPECT_NEAR((flight->data()->end() - 1)->key, ml::ballistics::landing(launches[0]).x, 1e-9);
  EXPECT_EQ((flight->data()->end() - 1)->value, 0.0);
  view.methods()->set(false, false, false);
  EXPECT_EQ(view.drawn_trajectories(), 0);
  view.methods()->set(true, true, true);
  auto arm = std::make_shared<ProblemView>(*data.problem);
  arm->info.name = "robot-arm";  // x is 4-D there too, but its x is no launch
  data.problem = arm;
  view.refresh(data, kProblem | kFocus);
  EXPECT_EQ(view.drawn_trajectories(), 0);
}

TEST(Views, AClickOnTheBallisticsGroundChoosesTheLandingPointAndTheSkyDoesNot) {
  BallisticsView view;
  view.resize(900, 600);
  view.show();
  RunData data;
  data.problem = ballistics_problem();
  data.focus_y = {6.0};
  view.refresh(data, kProblem | kFocusTarget);
  view.plot()->replot();
  std::vector<std::vector<double>> chosen;
  QObject::connect(&view, &ViewPanel::focusTargetChosen, [&](const std::vector<double>& y) { chosen.push_back(y); });
  test::press_at(view.plot(), 4.0, 0.0);
  ASSERT_EQ(chosen.size(), 1u);
  ASSERT_EQ(chosen[0].size(), 1u);
  const double metres_per_px = view.plot()->xAxis->range().size() / view.plot()->axisRect()->width();
  EXPECT_NEAR(chosen[0][0], 4.0, 1.01 * metres_per_px);
  test::press_at(view.plot(), 4.0, view.plot()->yAxis->range().upper * 0.7);  // in the sky
  EXPECT_EQ(chosen.size(), 1u);
}

TEST(Views, TheShellSliderSpansTheTestSpectraAndDrawsEachProposal) {
  const int n = ml::shell::kOutputs;
  auto v = std::make_shared<ProblemView>();
  v->info.name = "shell";
  v->info.x_dim = ml::shell::kLayers;
  v->info.y_dim = n;
  for (int t = 0; t < 5; ++t)
    for (int i = 0; i < n; ++i) v->sweep_y.push_back(1.0 + t + 0.001 * i);
  v->view = find_view("shell");
  RunData data;
  data.problem = v;
  data.focus_y.assign(v->sweep_y.begin() + 2 * n, v->sweep_y.begin() + 3 * n);  // test spectrum 3
  ShellView view;
  view.resize(900, 700);
  view.refresh(data, kProblem | kFocusTarget);
  QSlider* slider = view.target_slider();
  EXPECT_EQ(slider->minimum(), 0);
  EXPECT_EQ(slider->maximum(), 4);
  EXPECT_EQ(slider->value(), 2);  // the shown target, set without a signal
  EXPECT_EQ(view.drawn_spectra(), 1);
  EXPECT_EQ(view.drawn_particles(), 0);

  std::vector<std::vector<double>> chosen;
  QObject::connect(&view, &ViewPanel::focusTargetChosen, [&](const std::vector<double>& y) { chosen.push_back(y); });
  slider->setValue(4);
  ASSERT_EQ(chosen.size(), 1u);
  EXPECT_EQ(chosen[0], std::vector<double>(v->sweep_y.begin() + 4 * n, v->sweep_y.end()));

  auto focus = one_target(2, ml::shell::kLayers, n, 0);
  std::fill(focus->x.begin(), focus->x.end(), 50.0);
  data.focus = focus;
  view.refresh(data, kFocus);
  EXPECT_EQ(view.drawn_spectra(), 1 + 2 * 2);  // target, then re-simulated and predicted per network
  EXPECT_EQ(view.drawn_particles(), 2);
}

TEST(Views, TourScenesTakeYsSizeFromTheProblemsRegistryEntry) {
  const auto scene = [](const std::string& problem, const std::string& focus) {
    return parse_tour_scene(
        "t.json", QByteArray::fromStdString(R"({"title": "T", "text": "T.", "config": {"problem": ")" + problem +
                                            R"("}, "focus": )" + focus + "}"));
  };
  EXPECT_EQ(scene("ballistics", "[5.0]").focus, std::vector<double>{5.0});
  EXPECT_EQ(scene("robot-arm", "[1.0, 0.5]").focus, (std::vector<double>{1.0, 0.5}));
  try {
    scene("ballistics", "[1.0, 0.5]");
    FAIL() << "a 2-D focus for a 1-D y";
  } catch (const ml::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("1 number(s) for ballistics"), std::string::npos) << e.what();
  }
}
