// Teaching mode (issue 8): step controls, presentation view and "What am I seeing?" help.
#include <QApplication>
#include <QDockWidget>
#include <QScreen>
#include <QToolButton>
#include <gtest/gtest.h>
#include <qcustomplot.h>

#include "ui/main_window.h"
#include "ui/palette.h"
#include "ui/panels/loss_panel.h"
#include "ui/panels/manifold_panel.h"
#include "ui/panels/plot_panel.h"
#include "ui/teaching/panel_help.h"
#include "ui/theme.h"
#include "ui/widgets/dock_title_bar.h"
#include "ui/worker/training_runner.h"
#include "ui_test_support.h"

using namespace ml::ui;
using ml::Phase;
using ml::StepMode;
using ml::ui::test::wait_for;

namespace {

/// Paused, with the worker's last snapshot applied (it was published before the pause was
/// signalled, and a held run publishes no newer progress).
bool paused(MainWindow& w) {
  if (w.runner()->state() != RunState::Paused) return false;
  w.apply_snapshot();
  return w.data().has_progress;
}

/// Paused where `epoch` of `network` ended.
bool paused_at(MainWindow& w, int network, int epoch) {
  const auto& p = w.data().progress;
  return paused(w) && p.epoch_end && p.network == network && p.epoch == epoch;
}

/// The visible What's-This popup (Qt's private QWhatsThat), or null.
QWidget* help_popup() {
  for (QWidget* w : QApplication::topLevelWidgets())
    if (w->inherits("QWhatsThat") && w->isVisible()) return w;
  return nullptr;
}

}  // namespace

TEST(Teaching, StepOneEpochStartsTheRunAndPausesAfterEachEpoch) {
  MainWindow w;
  test::set_tiny(w.controls(), 2);
  w.step(StepMode::Epoch);  // from idle: starts, then pauses after the first epoch
  ASSERT_TRUE(wait_for([&] { return paused_at(w, -1, 1); }, 120000)) << run_state_name(w.runner()->state());
  EXPECT_EQ(w.data().progress.phase, Phase::Forward);
  w.step(StepMode::Epoch);
  ASSERT_TRUE(wait_for([&] { return paused_at(w, -1, 2); }, 120000));
  w.start_or_pause();  // Space resumes freely
  EXPECT_TRUE(wait_for([&] { return w.runner()->state() == RunState::Finished; }, 120000));
}

TEST(Teaching, StepOneNetworkTrainsOneNetworkAndUpdatesThePanels) {
  MainWindow w;
  w.show();
  test::set_tiny(w.controls(), 2);
  w.step(StepMode::Network);  // the forward network
  ASSERT_TRUE(wait_for([&] { return paused_at(w, -1, 3); }, 120000));
  EXPECT_EQ(w.data().sweep, nullptr);
  w.step(StepMode::Network);  // inverse network 0, both epochs
  ASSERT_TRUE(wait_for([&] { return paused_at(w, 0, 2) && w.data().sweep; }, 120000));
  EXPECT_EQ(w.data().sweep->networks, 1);
  EXPECT_GT(w.manifold_panel()->drawn_points(), 0);
  EXPECT_EQ(w.loss_panel()->drawn_networks(), 2);  // forward + network 0
  w.stop();
  EXPECT_TRUE(wait_for([&] { return w.runner()->state() == RunState::Stopped; }, 30000));
}

TEST(Teaching, StepWhileTrainingPausesWhereTheCurrentEpochEnds) {
  MainWindow w;
  test::set_long(w.controls());
  ASSERT_TRUE(w.start());
  ASSERT_TRUE(wait_for([&] { return w.data().sweep != nullptr; }, 60000));  // inverse phase
  w.step(StepMode::Epoch);
  ASSERT_TRUE(wait_for([&] { return paused(w); }, 60000));
  const auto at = w.data().progress;
  EXPECT_TRUE(at.epoch_end);
  EXPECT_EQ(at.phase, Phase::Inverse);
  w.step(StepMode::Epoch);
  EXPECT_TRUE(wait_for([&] { return paused_at(w, at.network, at.epoch + 1); }, 60000));
  w.stop();
  EXPECT_TRUE(wait_for([&] { return w.runner()->state() == RunState::Stopped; }, 30000));
}

TEST(Teaching, EveryPanelHasHelpBehindAQuestionMark) {
  MainWindow w;
  w.show();
  for (const QString& panel : help_panels()) EXPECT_FALSE(panel_help(panel).isEmpty()) << qPrintable(panel);
  EXPECT_TRUE(panel_help("no-such-panel").isEmpty());
  for (auto* panel : w.plot_panels())
    EXPECT_FALSE(panel_help(panel->help_name()).isEmpty()) << qPrintable(panel->help_name());
  const auto docks = w.findChildren<QDockWidget*>();
  ASSERT_EQ(docks.size(), 11);  // controls, manifolds, loss, results, coverage, candidates, all x, tour, three views
  for (auto* dock : docks) {
    auto* bar = qobject_cast<DockTitleBar*>(dock->titleBarWidget());
    ASSERT_NE(bar, nullptr) << qPrintable(dock->objectName());
    dock->show();   // the guided tour's starts hidden
    dock->raise();  // results is tabbed behind the arm poses
    wait_for([&] { return bar->isVisible(); }, 2000);
    bar->help_button()->click();
    QWidget* popup = nullptr;
    EXPECT_TRUE(wait_for([&] { return (popup = help_popup()) != nullptr; }, 5000)) << qPrintable(dock->objectName());
    if (popup) popup->close();
  }
}

TEST(Teaching, PresentationScalesFollowTheScreenSoTextIsTheSameSizeOnTheWall) {
  EXPECT_DOUBLE_EQ(presentation_theme(1080).font_scale, 1.6);  // measured on a 1080p projector
  EXPECT_DOUBLE_EQ(presentation_theme(1080).line_scale, 2.2);
  const Theme small = presentation_theme(720);  // 720p: each pixel is 1.5x larger on the wall
  EXPECT_NEAR(small.font_scale, 1.6 * 720 / 1080, 1e-9);
  EXPECT_NEAR(small.line_scale, 2.2 * 720 / 1080, 1e-9);
  EXPECT_DOUBLE_EQ(presentation_theme(480).font_scale, 1.0);  // never below the desktop
  EXPECT_GT(presentation_theme(1440).font_scale, 1.6);
  EXPECT_TRUE(small.presentation);
}

TEST(Teaching, PresentationViewScalesFontsLinesAndColoursAndTogglesBack) {
  MainWindow w;
  w.show();
  const double desktop_font = QApplication::font().pointSizeF();
  const double desktop_label = w.loss_panel()->plot()->xAxis->labelFont().pointSizeF();
  const QColor desktop_blue = network_color(0);
  w.set_presentation_view(true);
  EXPECT_TRUE(theme().presentation);
  EXPECT_TRUE(w.isFullScreen());
  const double scale = presentation_theme(w.screen()->geometry().height()).font_scale;
  EXPECT_GT(scale, 1.0);
  EXPECT_NEAR(QApplication::font().pointSizeF(), desktop_font * scale, 0.1);
  // Exports render the plot as styled, so they get the same fonts.
  EXPECT_NEAR(w.loss_panel()->plot()->xAxis->labelFont().pointSizeF(), desktop_label * scale, 0.1);
  EXPECT_GT(line_width(1.0), 1.5);
  EXPECT_NE(network_color(0), desktop_blue);
  w.set_presentation_view(false);
  EXPECT_FALSE(theme().presentation);
  EXPECT_FALSE(w.isFullScreen());
  EXPECT_DOUBLE_EQ(QApplication::font().pointSizeF(), desktop_font);
  EXPECT_DOUBLE_EQ(w.loss_panel()->plot()->xAxis->labelFont().pointSizeF(), desktop_label);
}
