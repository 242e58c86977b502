// Issue 16, a picture within 3 s of Start: every panel shows its problem before Start, the arm's
// dock only for the arm, and the forward phase draws f as it learns.
#include <QDockWidget>
#include <QSlider>
#include <algorithm>
#include <gtest/gtest.h>
#include <qcustomplot.h>

#include "ui/main_window.h"
#include "ui/views/robot_arm_view.h"
#include "ui/views/view_panel.h"
#include "ui/views/view_registry.h"
#include "ui/panels/controls_panel.h"
#include "ui/panels/manifold_panel.h"
#include "ui/worker/training_runner.h"
#include "ui_test_support.h"

using namespace ml::ui;
using ml::ui::test::arm_view;
using ml::ui::test::wait_for;

namespace {

/// Points of the plot's graph named `name`; -1 when there is none.
int graph_points(QCustomPlot* plot, const QString& name) {
  for (int i = 0; i < plot->graphCount(); ++i)
    if (plot->graph(i)->name() == name) return plot->graph(i)->dataCount();
  return -1;
}

bool arm_dock_shown(const MainWindow& w) { return !w.findChild<QDockWidget*>("dock_arm")->isHidden(); }

/// The window draws a problem, the arm when `arm` (the name from the arm view's own entry).
bool shows(const MainWindow& w, bool arm) {
  return w.data().problem && (w.data().problem->info.name == arm_view(w)->spec().problem) == arm;
}

}  // namespace

TEST(Launch, TheSineWaveIsDrawnBeforeStartAndTheArmDockIsHidden) {
  MainWindow w;
  w.show();
  ASSERT_TRUE(wait_for([&] { return shows(w, false); }, 10000));
  EXPECT_EQ(w.runner()->state(), RunState::Idle);
  EXPECT_FALSE(w.runner()->has_model());
  EXPECT_EQ(w.manifold_panel()->map_shown(), "true");
  EXPECT_GT(graph_points(w.manifold_panel()->plot(), "level set y = y*"), 100);
  EXPECT_EQ(w.manifold_panel()->dim_pairs(), 1);  // x1 – x2, nothing to choose
  EXPECT_FALSE(arm_dock_shown(w));
}

TEST(Launch, ChoosingTheRobotArmShowsItsDockPriorAndDimensionPairsBeforeStart) {
  MainWindow w;
  w.show();
  ASSERT_TRUE(w.controls()->set_value("problem", "robot-arm"));
  ASSERT_TRUE(wait_for([&] { return shows(w, true); }, 10000));
  EXPECT_TRUE(arm_dock_shown(w));
  EXPECT_GT(graph_points(arm_view(w)->plot(), "reachable end points (prior)"), 100);
  EXPECT_EQ(w.manifold_panel()->dim_pairs(), 6);
  EXPECT_EQ(w.manifold_panel()->map_shown(), "");  // a 4-D x has no simulator map
  // Back to the sine wave: the arm's dock goes again.
  ASSERT_TRUE(w.controls()->set_value("problem", "sine"));
  ASSERT_TRUE(wait_for([&] { return shows(w, false); }, 10000));
  EXPECT_FALSE(arm_dock_shown(w));
}

TEST(Launch, TheTargetSliderReachesEverySweepTargetWhateverYsSize) {
  // Ballistics has a 1-D y that is not the sine wave's: the slider once halved its targets (it
  // assumed the arm's 2-D y), so the second half of the sweep could not be chosen.
  MainWindow w;
  w.show();
  ASSERT_TRUE(w.controls()->set_value("problem", "ballistics"));
  ASSERT_TRUE(wait_for([&] { return w.data().problem && w.data().problem->info.name == "ballistics"; }, 10000));
  const auto* slider = w.manifold_panel()->findChild<QSlider*>();
  ASSERT_NE(slider, nullptr);
  const int targets = static_cast<int>(w.data().problem->sweep_y.size());
  ASSERT_GT(targets, 1);
  EXPECT_TRUE(slider->isEnabled());
  EXPECT_EQ(slider->maximum(), targets - 1);
}

TEST(Launch, TheForwardPhaseDrawsTheForwardModelAsItLearns) {
  MainWindow w;
  w.show();
  test::set_tiny(w.controls(), 1);
  ASSERT_TRUE(w.start(ml::StepMode::Epoch));  // holds after f's first epoch, its landscape published
  ASSERT_TRUE(wait_for([&] { return w.runner()->state() == RunState::Paused && w.data().landscape; }, 30000));
  const auto& view = *w.data().problem;
  EXPECT_EQ(w.data().landscape->size(), static_cast<size_t>(view.landscape_n) * view.landscape_n);
  EXPECT_EQ(w.data().progress.phase, ml::Phase::Forward);
  EXPECT_EQ(w.manifold_panel()->map_shown(), "learned");
  // Once the inverse networks train, the map is the true simulator's again.
  w.runner()->resume();
  ASSERT_TRUE(wait_for([&] { return w.runner()->state() == RunState::Finished && w.data().metrics; }, 60000));
  EXPECT_EQ(w.manifold_panel()->map_shown(), "true");
}

TEST(Launch, AProblemShowsItsOwnViewsDockAloneAndItsFirstTarget) {
  MainWindow w;
  w.show();
  const auto hidden = [&](const char* dock) { return w.findChild<QDockWidget*>(dock)->isHidden(); };
  ASSERT_TRUE(wait_for([&] { return shows(w, false); }, 10000));  // the sine: its picture is the map
  EXPECT_TRUE(hidden("dock_arm") && hidden("dock_ballistics") && hidden("dock_shell"));
  ASSERT_TRUE(w.controls()->set_value("problem", "ballistics"));
  ASSERT_TRUE(wait_for([&] { return w.data().problem && w.data().problem->info.name == "ballistics"; }, 10000));
  EXPECT_FALSE(hidden("dock_ballistics"));
  EXPECT_TRUE(hidden("dock_arm") && hidden("dock_shell"));
  ASSERT_EQ(w.data().focus_y.size(), 1u);  // the prior's median landing, inside the landings drawn
  const auto& landings = w.data().problem->prior_y;
  EXPECT_GT(w.data().focus_y[0], *std::min_element(landings.begin(), landings.end()));
  EXPECT_LT(w.data().focus_y[0], *std::max_element(landings.begin(), landings.end()));
  // The view's pick is the window's y*, as the arm's click is.
  ViewPanel* view = w.view_panel("ballistics");
  ASSERT_NE(view, nullptr);
  emit view->focusTargetChosen({4.25});
  EXPECT_EQ(w.data().focus_y, std::vector<double>{4.25});
  EXPECT_EQ(w.view_panel("no-such-problem"), nullptr);
}
