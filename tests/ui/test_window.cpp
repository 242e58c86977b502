// The window builds from the parameter table, with the documented defaults and tooltips.
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QMenuBar>
#include <QMessageBox>
#include <QSlider>
#include <QTemporaryDir>
#include <gtest/gtest.h>

#include "core/api/config.h"
#include "core/platform/runtime.h"
#include "ui/main_window.h"
#include "ui/panels/controls_panel.h"
#include "ui/session.h"
#include "ui/worker/training_runner.h"
#include "ui_test_support.h"

using namespace ml::ui;

namespace {
ml::Config with_interactive_adjoint(ml::Config c) {
  c.na_starts = 256;
  c.na_steps = 100;
  return c;
}
}  // namespace

TEST(Window, BuildsWithDocksMenusAndDefaults) {
  MainWindow w;
  w.show();
  EXPECT_EQ(w.findChildren<QDockWidget*>().size(), 11);  // 8 + the arm, ballistics and shell views
  QStringList menus;
  for (auto* a : w.menuBar()->actions()) menus << a->text().remove('&');
  EXPECT_EQ(menus, QStringList({"File", "Run", "Baselines", "View", "Help"}));
  EXPECT_EQ(w.controls()->value("problem"), "sine");
  EXPECT_EQ(w.controls()->value("preset"), "quick");
  EXPECT_EQ(w.controls()->value("k"), "4");
  EXPECT_EQ(w.runner()->state(), RunState::Idle);
}

TEST(Window, EveryParameterHasAnEditorWithItsHelpAsTooltip) {
  ControlsPanel c;
  for (const auto& p : ml::parameter_table()) {
    QWidget* e = c.editor(p.key);
    ASSERT_NE(e, nullptr) << p.key;
    EXPECT_TRUE(e->toolTip().startsWith(QString::fromStdString(p.help))) << p.key;
  }
  // The controls describe a valid configuration, equal to the default preset except for neural
  // adjoint's smaller interactive budget.
  EXPECT_EQ(ml::config_to_json(c.config()),
            ml::config_to_json(with_interactive_adjoint(ml::preset_config("sine", "quick"))));
}

TEST(Window, TheSlidersAreTheTablesAndMoveTheirSpinBoxes) {
  ControlsPanel c;
  QStringList with_slider;
  for (const auto& p : ml::parameter_table()) {
    const auto sliders = c.editor(p.key)->findChildren<QSlider*>();
    EXPECT_EQ(sliders.size(), p.slider.shown() ? 1 : 0) << p.key;
    if (p.slider.shown()) with_slider << QString::fromStdString(p.key);
  }
  EXPECT_EQ(with_slider, QStringList({"k", "lambda", "sigma2"}));
  // k: one notch per network from 1 to 8.
  auto* k = c.editor("k")->findChild<QSlider*>();
  EXPECT_EQ(k->minimum(), 1);
  EXPECT_EQ(k->maximum(), 8);
  EXPECT_EQ(k->value(), 4);
  k->setValue(6);
  EXPECT_EQ(c.value("k"), "6");
  // lambda: log from 1e-4 to 1, with 0 (no repulsion) at the far left.
  auto* lambda = c.editor("lambda")->findChild<QSlider*>();
  EXPECT_TRUE(lambda->toolTip().endsWith("The slider's far left is 0 (off).")) << lambda->toolTip().toStdString();
  lambda->setValue(lambda->minimum());
  EXPECT_EQ(c.value("lambda"), "0");
  lambda->setValue(lambda->minimum() + 1);
  EXPECT_DOUBLE_EQ(c.config().lambda, 1e-4);
  lambda->setValue(lambda->maximum());
  EXPECT_DOUBLE_EQ(c.config().lambda, 1.0);
  // sigma2: log from 1e-3 to 10, never 0; the middle is the geometric mean, and typing moves it.
  auto* sigma2 = c.editor("sigma2")->findChild<QSlider*>();
  sigma2->setValue(sigma2->minimum());
  EXPECT_DOUBLE_EQ(c.config().sigma2, 1e-3);
  sigma2->setValue(sigma2->maximum());
  EXPECT_DOUBLE_EQ(c.config().sigma2, 10.0);
  sigma2->setValue((sigma2->minimum() + sigma2->maximum()) / 2);
  EXPECT_DOUBLE_EQ(c.config().sigma2, 0.1);
  ASSERT_TRUE(c.set_value("sigma2", "1"));
  EXPECT_EQ(sigma2->value(), sigma2->minimum() + (sigma2->maximum() - sigma2->minimum()) * 3 / 4);
}

TEST(Window, ChangingTheProblemLoadsItsPreset) {
  ControlsPanel c;
  c.set_value("epochs_forward", "7");
  ASSERT_TRUE(c.set_value("problem", "robot-arm"));
  EXPECT_EQ(ml::config_to_json(c.config()),
            ml::config_to_json(with_interactive_adjoint(ml::preset_config("robot-arm", "quick"))));
}

TEST(Window, ADataSetKeepsItsColumnsAcrossPresetAndProblemChangesAndGreysOutSamples) {
  ControlsPanel c;
  EXPECT_FALSE(c.editor("x_cols")->isEnabled());  // sine: no columns to pick
  EXPECT_TRUE(c.editor("samples")->isEnabled());
  EXPECT_FALSE(c.set_value("problem", "csv:"));  // refused by the engine's own check
  ASSERT_TRUE(c.set_value("problem", "csv:/data/a.csv"));
  ASSERT_TRUE(c.set_value("x_cols", "p,q"));
  ASSERT_TRUE(c.set_value("y_cols", "r"));
  ASSERT_TRUE(c.set_value("domain", "-1:1,0:2"));
  EXPECT_TRUE(c.editor("x_cols")->isEnabled());
  EXPECT_FALSE(c.editor("samples")->isEnabled());  // a data set uses all its rows

  ASSERT_TRUE(c.set_value("preset", "paper"));
  EXPECT_EQ(c.value("x_cols"), "p,q");
  EXPECT_EQ(c.value("domain"), "-1:1,0:2");
  ASSERT_TRUE(c.set_value("problem", "sine"));
  EXPECT_EQ(c.value("x_cols"), "");  // a drawn problem has none, so the config is valid
  EXPECT_NO_THROW(c.config());
  ASSERT_TRUE(c.set_value("problem", "csv:/data/b.csv"));  // another data set starts empty
  EXPECT_EQ(c.value("y_cols"), "");
  ASSERT_TRUE(c.set_value("problem", "csv:/data/a.csv"));  // and the first one comes back whole
  EXPECT_EQ(c.value("x_cols"), "p,q");
  EXPECT_EQ(c.value("y_cols"), "r");
  EXPECT_EQ(c.value("domain"), "-1:1,0:2");
}

TEST(Window, InvalidSettingsRefuseToStartWithoutCrashing) {
  MainWindow w;
  w.controls()->set_value("hidden_forward", "16,,16");
  EXPECT_FALSE(w.start());
  EXPECT_EQ(w.runner()->state(), RunState::Idle);
  // One warning each, saying what cannot happen and which key is bad; nothing is written.
  QTemporaryDir dir;
  w.session()->save(dir.path(), false);
  QStringList shown;
  for (auto* box : w.findChildren<QMessageBox*>()) shown << box->text();
  ASSERT_EQ(shown.size(), 2) << shown.join(" | ").toStdString();
  EXPECT_TRUE(shown[0].startsWith("These settings cannot start a run:\nhidden_forward:")) << shown[0].toStdString();
  EXPECT_TRUE(shown[1].startsWith("These settings cannot be saved:\nhidden_forward:")) << shown[1].toStdString();
  EXPECT_FALSE(QFile::exists(QDir(dir.path()).filePath("config.json")));
}

TEST(Window, AFailedRunIsReportedAndTheNextOneWorks) {
  if (ml::cuda_available()) GTEST_SKIP() << "needs a machine without CUDA";
  MainWindow w;
  test::set_tiny(w.controls(), 1);
  ASSERT_TRUE(w.controls()->set_value("device", "cuda"));
  ASSERT_TRUE(w.start());  // valid settings; the engine refuses the missing device
  ASSERT_TRUE(test::wait_for([&] { return w.runner()->state() == RunState::Failed; }, 10000));
  ASSERT_TRUE(w.controls()->set_value("device", "cpu"));
  ASSERT_TRUE(w.start());
  EXPECT_TRUE(test::wait_for([&] { return w.runner()->state() == RunState::Finished; }, 60000));
}
