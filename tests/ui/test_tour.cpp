// The guided tour (issue 8): scene files, their one-line errors, and the tour panel driving a run.
#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QFile>
#include <QTemporaryDir>
#include <gtest/gtest.h>

#include "ui/main_window.h"
#include "ui/panels/controls_panel.h"
#include "ui/panels/manifold_panel.h"
#include "ui/teaching/tour_panel.h"
#include "ui/teaching/tour_scene.h"
#include "ui/widgets/method_toggles.h"
#include "ui/worker/training_runner.h"
#include "ui_test_support.h"

using namespace ml::ui;
using ml::ui::test::wait_for;

namespace {

const QString kBuiltIn = QStringLiteral(MANIFOLDLAB_SOURCE_DIR "/resources/tour");

/// A scene whose run takes a second or two (see test::set_tiny).
TourScene tiny_scene(int k, const std::string& extra = "") {
  const std::string json = R"({"title": "Tiny", "text": "A tiny run.", "config": {"samples": 400,
      "epochs_forward": 3, "epochs_inverse": 2, "hidden_forward": [16, 16], "hidden_inverse": [16, 16], "threads": 1, "k": )" +
                           std::to_string(k) + "}" + extra + "}";
  return parse_tour_scene("tiny.json", QByteArray::fromStdString(json));
}

/// The one-line error of a scene text, or "" when it loads.
std::string error_of(const std::string& json) {
  try {
    parse_tour_scene("/some/folder/07-mine.json", QByteArray::fromStdString(json));
  } catch (const ml::ConfigError& e) {
    return e.what();
  }
  return "";
}

void write(const QString& path, const QByteArray& text) {
  QFile f(path);
  ASSERT_TRUE(f.open(QIODevice::WriteOnly));
  f.write(text);
}

}  // namespace

TEST(Tour, EveryBuiltInSceneLoadsAndValidates) {
  QStringList errors;
  const auto scenes = load_tour({kBuiltIn}, &errors);
  EXPECT_TRUE(errors.isEmpty()) << qPrintable(errors.join("\n"));
  ASSERT_GE(scenes.size(), 6u);
  for (const auto& s : scenes) {
    EXPECT_FALSE(s.title.isEmpty()) << qPrintable(s.file);
    EXPECT_FALSE(s.text.contains('\n')) << qPrintable(s.file) << ": one paragraph";
    EXPECT_NO_THROW(ml::validate(s.config)) << qPrintable(s.file);
  }
  EXPECT_TRUE(scenes[0].file.endsWith("01-non-unique.json"));
  EXPECT_EQ(scenes[0].config.k, 1);
  EXPECT_FALSE(scenes[0].show_mixture);
  EXPECT_TRUE(scenes[1].run_direct && scenes[1].show_direct && !scenes[1].show_mixture);
  EXPECT_EQ(scenes[2].config.k, 1);
  EXPECT_EQ(scenes[3].config.k, 4);
  EXPECT_GT(scenes[4].config.lambda, scenes[3].config.lambda);
  EXPECT_EQ(scenes[5].config.problem, "robot-arm");
  EXPECT_EQ(scenes[5].focus, (std::vector<double>{1.4, 0.3}));
  // Over the problem's quick preset: keys the scene leaves out keep the preset's values.
  EXPECT_EQ(scenes[2].config.lr_inverse, ml::preset_config("sine", "quick").lr_inverse);
}

TEST(Tour, WhatASceneLeavesUnsetStartsWhereTheGuiStarts) {
  const std::string head = R"({"title": "T", "text": "x", "baselines": ["adjoint"], "config": )";
  const TourScene quick = parse_tour_scene("a.json", QByteArray::fromStdString(head + R"({"k": 2}})"));
  EXPECT_EQ(quick.config.na_starts, interactive_defaults(ml::preset_config("sine", "quick")).na_starts);
  EXPECT_EQ(quick.config.na_steps, interactive_defaults(ml::preset_config("sine", "quick")).na_steps);
  EXPECT_LT(quick.config.na_starts, ml::preset_config("sine", "quick").na_starts);  // not the benchmark's budget
  const TourScene set = parse_tour_scene("b.json", QByteArray::fromStdString(head + R"({"na_starts": 999}})"));
  EXPECT_EQ(set.config.na_starts, 999);  // a scene's own value wins
}

TEST(Tour, TheAppFindsTheBuiltInScenes) {
  const QStringList dirs = tour_dirs();
  ASSERT_EQ(dirs.size(), 2);
  EXPECT_EQ(QDir(dirs[0]).canonicalPath(), QDir(kBuiltIn).canonicalPath());
  EXPECT_TRUE(dirs[1].endsWith("/tour"));
}

TEST(Tour, AMalformedSceneGivesOneLineNamingTheFile) {
  const std::string config = R"("config": {"k": 2})";
  const std::vector<std::pair<std::string, std::string>> cases{
      {"{\"title\": \"T\", \"text\": ", "not valid JSON"},
      {R"({"text": "x", )" + config + "}", "missing \"title\""},
      {R"({"title": "T", "text": "x"})", "\"config\" must be an object"},
      {R"({"title": "T", "text": "x", "colour": 1, )" + config + "}", "unknown key 'colour'"},
      {R"({"title": "T", "text": "x", "config": {"kk": 2}})", "config: unknown key 'kk'"},
      {R"({"title": "T", "text": "x", "config": {"k": "four"}})", "config: k: must be an integer"},
      {R"({"title": "T", "text": "x", "config": {"k": 0}})", "config: k:"},
      {R"({"title": "T", "text": "x", "config": {"problem": "robot-arm"}, "focus": [0.5]})",
       "\"focus\" must be an array of 2 number(s) for robot-arm"},
      {R"({"title": "T", "text": "x", )" + config + R"(, "baselines": ["regression"]})", "baselines: unknown"},
      {R"({"title": "T", "text": "x", )" + config + R"(, "show": {"adjoint": 1}})",
       "show: adjoint must be true or false"},
  };
  for (const auto& [json, expected] : cases) {
    const std::string error = error_of(json);
    EXPECT_EQ(error.rfind("07-mine.json: ", 0), 0u) << error;
    EXPECT_NE(error.find(expected), std::string::npos) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  }
  EXPECT_EQ(error_of(R"({"title": "T", "text": "x", )" + config + "}"), "");
}

TEST(Tour, LoadingAFolderSkipsBadFilesAndALaterFolderOverridesByName) {
  QTemporaryDir builtin, user;
  write(builtin.filePath("01-a.json"), R"({"title": "A", "text": "a", "config": {"k": 1}})");
  write(builtin.filePath("02-b.json"), R"({"title": "B", "text": "b", "config": {"k": 2}})");
  write(user.filePath("02-b.json"), R"({"title": "Mine", "text": "m", "config": {"k": 3}})");
  write(user.filePath("03-bad.json"), R"({"title": "Bad", "text": "b", "config": {"k": -1}})");
  write(user.filePath("notes.txt"), "not a scene");
  QStringList errors;
  const auto scenes = load_tour({builtin.path(), user.path(), user.filePath("missing")}, &errors);
  ASSERT_EQ(scenes.size(), 2u);
  EXPECT_EQ(scenes[0].title, "A");
  EXPECT_EQ(scenes[1].title, "Mine");
  EXPECT_EQ(scenes[1].config.k, 3);
  ASSERT_EQ(errors.size(), 1);
  EXPECT_TRUE(errors[0].startsWith("03-bad.json: config: k:")) << qPrintable(errors[0]);
}

namespace {
/// A host without a window: it runs the scene's config on its own runner and logs the rest.
class LoggingHost : public TourHost {
 public:
  TrainingRunner* runner() const override { return &runner_; }
  void stop() override { runner_.stop(); }
  void set_controls(const ml::Config& config) override {
    config_ = config;
    log << QString("controls k=%1").arg(config.k);
  }
  bool start_scene_run() override {
    log << "start";
    return runner_.start(config_);
  }
  bool run_direct_regression() override {
    log << "direct";
    return false;  // as without a model: the tour goes on to its finished picture
  }
  bool run_neural_adjoint() override {
    log << "adjoint";
    return false;
  }
  void set_method_toggles(bool mixture, bool direct, bool adjoint) override {
    log << QString("show %1%2%3").arg(int(mixture)).arg(int(direct)).arg(int(adjoint));
  }
  void set_focus_target(const std::vector<double>& y) override { log << QString("focus %1").arg(y.at(0)); }

  QStringList log;

 private:
  mutable TrainingRunner runner_;
  ml::Config config_;
};
}  // namespace

TEST(Tour, TheTourDrivesAnyHostInTheSceneOrder) {
  LoggingHost host;
  QWidget parent;
  TourPanel tour(&host, &parent);
  tour.set_scenes({tiny_scene(2, R"(, "focus": [0.5], "baselines": ["direct"], "show": {"adjoint": false})")});
  tour.open_scene(0);
  ASSERT_TRUE(wait_for([&] { return tour.ready(); }, 120000)) << run_state_name(host.runner()->state());
  EXPECT_EQ(host.log,
            QStringList({"controls k=2", "start", "focus 0.5", "show 110", "focus 0.5", "direct", "show 110"}));
}

TEST(Tour, OpeningABuiltInSceneAppliesItsConfigToTheControls) {
  MainWindow w;
  ASSERT_GE(w.tour()->scenes().size(), 6u);
  w.open_tour(4);  // repulsion: k = 4, a strong lambda
  EXPECT_EQ(w.tour()->current(), 4);
  EXPECT_EQ(w.controls()->value("k"), "4");
  EXPECT_EQ(w.controls()->value("samples"), std::to_string(w.tour()->scenes()[4].config.samples));
  EXPECT_DOUBLE_EQ(w.controls()->config().lambda, w.tour()->scenes()[4].config.lambda);
  EXPECT_TRUE(w.runner()->busy());
  w.tour()->next();  // the robot arm, once the running training has stopped
  EXPECT_EQ(w.tour()->current(), 5);
  ASSERT_TRUE(wait_for([&] { return w.controls()->value("problem") == "robot-arm"; }, 30000));
  EXPECT_TRUE(wait_for([&] { return w.runner()->busy() && w.runner()->run_config().problem == "robot-arm"; }, 30000));
  EXPECT_EQ(w.data().focus_y, (std::vector<double>{1.4, 0.3}));
  w.stop();
  EXPECT_TRUE(wait_for([&] { return !w.runner()->busy(); }, 30000));
}

TEST(Tour, NextAndPreviousMoveThroughTheScenesAndEachRunFinishes) {
  MainWindow w;
  w.tour()->set_scenes(
      {tiny_scene(1), tiny_scene(2, R"(, "baselines": ["direct"], "show": {"mixture": false})"), tiny_scene(3)});
  EXPECT_EQ(w.tour()->current(), -1);
  w.tour()->next();
  EXPECT_EQ(w.tour()->current(), 0);
  EXPECT_EQ(w.controls()->value("k"), "1");
  w.tour()->next();  // stops scene 1's run, then starts scene 2
  EXPECT_EQ(w.tour()->current(), 1);
  ASSERT_TRUE(wait_for([&] { return w.tour()->ready(); }, 120000)) << run_state_name(w.runner()->state());
  EXPECT_EQ(w.controls()->value("k"), "2");
  EXPECT_EQ(w.runner()->run_config().k, 2);
  w.apply_snapshot();
  EXPECT_NE(w.data().direct_sweep, nullptr);  // the scene's baseline ran
  EXPECT_FALSE(w.manifold_panel()->methods()->mixture());
  EXPECT_TRUE(w.manifold_panel()->methods()->direct());
  w.tour()->next();
  w.tour()->next();  // clamped at the last scene
  EXPECT_EQ(w.tour()->current(), 2);
  w.tour()->previous();
  EXPECT_EQ(w.tour()->current(), 1);
  w.tour()->previous();
  ASSERT_TRUE(wait_for([&] { return w.tour()->ready(); }, 120000));
  EXPECT_EQ(w.tour()->current(), 0);
  EXPECT_EQ(w.runner()->run_config().k, 1);
  EXPECT_TRUE(w.manifold_panel()->methods()->mixture());
  EXPECT_FALSE(w.manifold_panel()->methods()->direct());
}

TEST(Tour, HelpGuidedTourShowsThePanelAndOpensTheFirstScene) {
  MainWindow w;
  w.show();
  auto* dock = w.findChild<QDockWidget*>("dock_tour");
  ASSERT_NE(dock, nullptr);
  EXPECT_FALSE(dock->isVisible());
  QAction* entry = nullptr;
  for (QAction* menu : w.menuBar()->actions())
    if (menu->text().remove('&') == "Help")
      for (QAction* a : menu->menu()->actions())
        if (a->text().remove('&') == "Guided tour") entry = a;
  ASSERT_NE(entry, nullptr);
  entry->trigger();
  EXPECT_TRUE(dock->isVisible());
  EXPECT_EQ(w.tour()->current(), 0);
  EXPECT_EQ(w.controls()->value("k"), "1");
  w.stop();
  EXPECT_TRUE(wait_for([&] { return !w.runner()->busy(); }, 30000));
}

TEST(Tour, AScenesModelIsNeverUnsavedWork) {
  MainWindow w;
  w.show();
  int asked = 0;
  w.set_discard_prompt([&] {
    ++asked;
    return DiscardAnswer::Cancel;
  });
  ml::ui::test::set_tiny(w.controls(), 1);
  ASSERT_TRUE(w.start_scene_run());
  ASSERT_TRUE(ml::ui::test::wait_for([&] { return w.runner()->state() == RunState::Finished; }, 60000));
  EXPECT_FALSE(w.model_unsaved());
  ASSERT_TRUE(w.start());  // no question: nothing of the user's is lost
  EXPECT_EQ(asked, 0);
  ASSERT_TRUE(ml::ui::test::wait_for([&] { return w.runner()->state() == RunState::Finished; }, 60000));
  EXPECT_TRUE(w.model_unsaved());  // the user's own run is
}
