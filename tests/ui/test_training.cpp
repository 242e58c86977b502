// Training from the window: data reaches the panels, steering reaches the engine, and the
// window closes promptly mid-training.
// torch first: Qt's `slots` macro would break its headers.
#include <torch/script.h>

#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>
#include <gtest/gtest.h>
#include <qcustomplot.h>

#include <cmath>
#include <thread>

#include "ui/dialogs/dataset_dialog.h"
#include "ui/main_window.h"
#include "ui/views/robot_arm_view.h"
#include "ui/panels/controls_panel.h"
#include "ui/panels/coverage_panel.h"
#include "ui/panels/loss_panel.h"
#include "ui/panels/manifold_panel.h"
#include "ui/panels/status_view.h"
#include "ui/widgets/method_toggles.h"
#include "ui/worker/training_runner.h"
#include "ui_test_support.h"

using namespace ml::ui;
using ml::ui::test::arm_view;
using ml::ui::test::wait_for;

namespace {

bool finished(const MainWindow& w) { return w.runner()->state() == RunState::Finished; }
}  // namespace

TEST(Training, ShortRunProducesLossPointsManifoldsAndMetrics) {
  MainWindow w;
  w.show();
  test::set_tiny(w.controls(), 2);
  ASSERT_TRUE(w.start());
  ASSERT_TRUE(wait_for([&] { return finished(w); }, 60000)) << run_state_name(w.runner()->state());
  ASSERT_TRUE(wait_for([&] { return w.data().metrics != nullptr; }, 5000));
  const RunData& d = w.data();
  ASSERT_TRUE(d.problem);
  EXPECT_GT(d.loss_points(), 0u);
  EXPECT_EQ(d.inverse_curves(), 2);
  ASSERT_TRUE(d.sweep);
  EXPECT_EQ(d.sweep->networks, 2);
  EXPECT_EQ(d.sweep->targets, static_cast<int>(d.problem->sweep_y.size()));
  EXPECT_GT(w.manifold_panel()->drawn_points(), 0);
  EXPECT_EQ(w.loss_panel()->drawn_networks(), 3);  // forward + 2 inverse
  EXPECT_EQ(d.metrics->selected_resim_mse_by_k.size(), 2u);
  ASSERT_TRUE(d.test);  // the coverage panel's test proposals come with the metrics
  EXPECT_EQ(d.test->start_resim_error.empty(), d.metrics->refine_steps == 0);
  EXPECT_EQ(w.coverage_panel()->drawn_targets(), d.metrics->test_targets);
  ASSERT_TRUE(wait_for([&] { return w.data().focus != nullptr; }, 5000));
  EXPECT_EQ(w.data().focus->targets, 1);
  EXPECT_EQ(w.status_view()->phase_text(), "finished");
}

// With refinement the map draws where it moved the proposals, and the coverage panel judges each
// network by its own proposals (their errors before refinement), as the metrics do.
TEST(Training, RefinedProposalsShowTheirMovesAndOwnCoverage) {
  MainWindow w;
  w.show();
  test::set_tiny(w.controls(), 2);
  ASSERT_TRUE(w.controls()->set_value("refine_steps", "20"));
  ASSERT_TRUE(w.start());
  ASSERT_TRUE(wait_for([&] { return finished(w) && w.data().metrics; }, 60000)) << run_state_name(w.runner()->state());
  const RunData& d = w.data();
  EXPECT_EQ(d.metrics->refine_steps, 20);
  ASSERT_TRUE(d.test && d.test->refined());
  EXPECT_EQ(d.test->start_resim_error.size(), d.test->resim_error.size());
  EXPECT_TRUE(w.coverage_panel()->title().contains("own proposals:")) << w.coverage_panel()->title().toStdString();
  ASSERT_TRUE(d.sweep && d.sweep->refined());
  int moves = 0;
  for (int i = 0; i < w.manifold_panel()->plot()->plottableCount(); ++i)
    moves += qobject_cast<QCPCurve*>(w.manifold_panel()->plot()->plottable(i)) != nullptr;
  EXPECT_GT(moves, 0);
}

// While f learns, the X-space panel shows the preview inverse network (hollow, labelled); the
// first trained network's proposals replace it, and the preview never comes back.
TEST(Training, APreviewManifoldShowsWhileFLearnsThenGivesWayToTheTrainedNetworks) {
  if (std::thread::hardware_concurrency() < 2) GTEST_SKIP() << "the preview needs a second core";
  MainWindow w;
  w.show();
  test::set_tiny(w.controls(), 2);
  // Long enough for the preview (a low-priority thread) to be drawn even under ctest -j2's load;
  // at 400 epochs f sometimes finished first there.
  w.controls()->set_value("epochs_forward", "3000");
  ASSERT_TRUE(w.start());
  ASSERT_TRUE(wait_for([&] { return w.manifold_panel()->preview_points() > 0; }, 30000));
  EXPECT_EQ(w.data().progress.phase, ml::Phase::Forward);
  EXPECT_FALSE(w.data().sweep);
  EXPECT_EQ(w.manifold_panel()->preview_points(), static_cast<int>(w.data().problem->sweep_y.size()));
  EXPECT_EQ(w.manifold_panel()->drawn_points(), 0);  // a sketch is not a trained network
  ASSERT_TRUE(wait_for([&] { return finished(w); }, 60000)) << run_state_name(w.runner()->state());
  EXPECT_EQ(w.manifold_panel()->preview_points(), 0);
  EXPECT_FALSE(w.data().preview_sweep);
  EXPECT_GT(w.manifold_panel()->drawn_points(), 0);
}

TEST(Training, RobotArmDrawsOneArmPerNetworkForAClickedTarget) {
  MainWindow w;
  w.show();
  w.controls()->set_value("problem", "robot-arm");
  test::set_tiny(w.controls(), 3);
  ASSERT_TRUE(w.start());
  ASSERT_TRUE(wait_for([&] { return finished(w); }, 60000));
  w.set_focus_target({1.2, 0.5});
  ASSERT_TRUE(wait_for(
      [&] {
        const auto& f = w.data().focus;
        return f && std::abs(f->y[0] - 1.2) < 1e-6 && arm_view(w)->drawn_arms() == 3;
      },
      5000));
  // The legend (one entry per arm) sits outside the workspace, and lengths keep equal units.
  QCustomPlot* plot = arm_view(w)->plot();
  plot->replot();
  EXPECT_FALSE(plot->legend->outerRect().intersects(plot->axisRect()->rect()));
  const double x_per_px = plot->xAxis->range().size() / plot->axisRect()->width();
  const double y_per_px = plot->yAxis->range().size() / plot->axisRect()->height();
  EXPECT_NEAR(x_per_px / y_per_px, 1.0, 0.02);
}

TEST(Training, PauseResumeAndStopChangeState) {
  MainWindow w;
  test::set_long(w.controls());
  ASSERT_TRUE(w.start());
  ASSERT_TRUE(wait_for([&] { return w.data().sweep != nullptr; }, 30000));  // inverse phase
  w.start_or_pause();                                                       // Space while training
  EXPECT_EQ(w.runner()->state(), RunState::Paused);
  wait_for([] { return false; }, 300);  // let the trainer reach its pause point
  const long held = w.data().progress.run_step;
  wait_for([] { return false; }, 400);
  EXPECT_EQ(w.data().progress.run_step, held);
  // A paused run still answers: a new target gets its proposals (once networks exist).
  w.set_focus_target({-1.25});
  EXPECT_TRUE(wait_for([&] { return w.data().focus && w.data().focus->y[0] == -1.25; }, 5000));
  EXPECT_EQ(w.data().progress.run_step, held);
  w.start_or_pause();
  EXPECT_EQ(w.runner()->state(), RunState::Training);
  EXPECT_TRUE(wait_for([&] { return w.data().progress.run_step > held; }, 10000));
  w.stop();
  EXPECT_TRUE(wait_for([&] { return w.runner()->state() == RunState::Stopped; }, 10000));
  EXPECT_FALSE(w.runner()->busy());
}

TEST(Training, HotParametersReachTheRunningTraining) {
  MainWindow w;
  test::set_long(w.controls());
  ASSERT_TRUE(w.start());
  ASSERT_TRUE(wait_for([&] { return w.data().has_progress; }, 30000));
  // Hot values cross by slot (ParamSpec::hot_slot); NaN: the configured value until changed.
  EXPECT_TRUE(std::isnan(w.runner()->hot_value(ml::hot_slot(&ml::Config::lambda))));
  ASSERT_TRUE(w.controls()->set_value("lambda", "0.5"));
  EXPECT_DOUBLE_EQ(w.runner()->hot_value(ml::hot_slot(&ml::Config::lambda)), 0.5);
  ASSERT_TRUE(w.controls()->set_value("sigma2", "0.25"));
  EXPECT_DOUBLE_EQ(w.runner()->hot_value(ml::hot_slot(&ml::Config::sigma2)), 0.25);
  ASSERT_TRUE(w.controls()->set_value("lr_inverse", "0.001"));
  EXPECT_DOUBLE_EQ(w.runner()->hot_value(ml::hot_slot(&ml::Config::lr_inverse)), 0.001);
  EXPECT_TRUE(w.controls()->restart_hint().isEmpty());  // hot: no restart needed
  w.controls()->set_value("k", "5");
  EXPECT_TRUE(w.controls()->restart_hint().contains("Networks")) << w.controls()->restart_hint().toStdString();
  w.stop();
  EXPECT_TRUE(wait_for([&] { return !w.runner()->busy(); }, 10000));
}

TEST(Training, RestartingWithAnotherKYieldsKCurves) {
  MainWindow w;
  test::set_tiny(w.controls(), 2);
  ASSERT_TRUE(w.start());
  ASSERT_TRUE(wait_for([&] { return finished(w) && w.data().metrics; }, 60000));
  EXPECT_EQ(w.data().inverse_curves(), 2);
  w.controls()->set_value("k", "3");
  ASSERT_TRUE(w.start());
  ASSERT_TRUE(wait_for([&] { return finished(w) && w.data().metrics; }, 60000));
  EXPECT_EQ(w.data().inverse_curves(), 3);
  EXPECT_EQ(w.loss_panel()->drawn_networks(), 4);
  EXPECT_EQ(w.data().sweep->networks, 3);
}

TEST(Training, ResetClearsThePlotsAndDrawsTheProblemAgain) {
  MainWindow w;
  test::set_tiny(w.controls(), 1);
  ASSERT_TRUE(w.start());
  ASSERT_TRUE(wait_for([&] { return finished(w) && w.data().loss_points() > 0; }, 60000));
  w.reset();
  ASSERT_TRUE(wait_for([&] { return w.runner()->state() == RunState::Idle && w.data().loss_points() == 0; }, 10000));
  EXPECT_FALSE(w.data().sweep);
  EXPECT_FALSE(w.data().metrics);
  EXPECT_TRUE(wait_for([&] { return w.data().problem != nullptr; }, 10000));  // the preview, as at launch
  EXPECT_FALSE(w.runner()->has_model());
}

TEST(Training, ClosingMidTrainingReturnsPromptly) {
  auto* w = new MainWindow;
  w->show();
  test::set_long(w->controls());
  ASSERT_TRUE(w->start());
  ASSERT_TRUE(wait_for([&] { return w->data().has_progress; }, 30000));
  QElapsedTimer clock;
  clock.start();
  EXPECT_TRUE(w->close());
  delete w;  // joins the training thread
  EXPECT_LT(clock.elapsed(), 10000);
}

TEST(Training, BaselinesOverlayTheMixtureAndFollowTheToggles) {
  MainWindow w;
  w.show();
  w.controls()->set_value("problem", "robot-arm");
  test::set_tiny(w.controls(), 2);
  w.controls()->set_value("na_starts", "32");
  w.controls()->set_value("na_steps", "10");
  EXPECT_FALSE(w.run_direct_regression());  // no model yet
  ASSERT_TRUE(w.start());
  ASSERT_TRUE(wait_for([&] { return finished(w); }, 60000));
  w.set_focus_target({1.2, 0.5});
  ASSERT_TRUE(wait_for([&] { return arm_view(w)->drawn_arms() == 2; }, 5000));

  ASSERT_TRUE(w.run_direct_regression());
  ASSERT_TRUE(wait_for([&] { return finished(w) && w.data().direct_focus && w.data().direct_sweep; }, 60000));
  EXPECT_EQ(w.data().direct_sweep->targets, static_cast<int>(w.data().problem->sweep_y.size() / 2));
  ASSERT_TRUE(wait_for([&] { return arm_view(w)->drawn_arms() == 3; }, 5000));  // 2 networks + direct
  EXPECT_GT(w.manifold_panel()->drawn_direct_points(), 0);

  ASSERT_TRUE(w.run_neural_adjoint());
  ASSERT_TRUE(wait_for([&] { return finished(w) && w.data().adjoint_focus; }, 60000));
  EXPECT_EQ(w.data().adjoint_focus->networks, 32);                                  // keep min(starts, 50)
  EXPECT_EQ(w.manifold_panel()->drawn_adjoint_points(), 33);                        // every candidate + the best again
  ASSERT_TRUE(wait_for([&] { return arm_view(w)->drawn_arms() == 3 + 5; }, 5000));  // + 5 best candidates

  arm_view(w)->methods()->set(true, false, false);
  EXPECT_EQ(arm_view(w)->drawn_arms(), 2);
  // A new target makes the candidates stale: they are cleared, the direct answer follows.
  w.set_focus_target({1.0, -0.4});
  ASSERT_TRUE(wait_for(
      [&] {
        return !w.data().adjoint_focus && w.data().direct_focus && std::abs(w.data().direct_focus->y[0] - 1.0) < 1e-9;
      },
      5000));
  EXPECT_EQ(w.manifold_panel()->drawn_adjoint_points(), 0);
}

TEST(Training, GenerativeBaselinesDrawACloudPerMethodAndFollowTheToggles) {
  MainWindow w;
  w.show();
  w.controls()->set_value("problem", "sine");
  test::set_tiny(w.controls(), 2);
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"gen_epochs", "2"}, {"gen_hidden", "16,16"}, {"gen_samples", "20"}, {"gen_batch", "64"}})
    w.controls()->set_value(key, value);
  EXPECT_FALSE(w.run_generative());  // no model yet
  ASSERT_TRUE(w.start());
  ASSERT_TRUE(wait_for([&] { return finished(w); }, 60000));
  const std::vector<double> y0{w.data().problem->sweep_y[w.data().problem->sweep_y.size() / 3]};
  w.set_focus_target(y0);
  MethodToggles* toggles = w.manifold_panel()->methods();
  const std::vector<std::string> methods{"mdn", "cvae", "cinn"};
  for (const auto& m : methods) {
    EXPECT_FALSE(toggles->available(m)) << m;  // no toggle before the method is trained
    EXPECT_EQ(w.manifold_panel()->drawn_generative_points(m), 0) << m;
  }

  ASSERT_TRUE(w.run_generative({"mdn"}));
  ASSERT_TRUE(wait_for([&] { return finished(w) && w.data().generative_focus.count("mdn") > 0; }, 60000));
  EXPECT_EQ(w.data().generative_focus.at("mdn")->networks, 20);           // gen_samples
  EXPECT_EQ(w.manifold_panel()->drawn_generative_points("mdn"), 20 + 1);  // every sample + the best again
  EXPECT_TRUE(w.manifold_panel()->generative_visible("mdn"));
  EXPECT_TRUE(toggles->available("mdn"));
  EXPECT_FALSE(toggles->available("cvae"));
  EXPECT_EQ(w.manifold_panel()->drawn_generative_points("cvae"), 0);

  ASSERT_TRUE(w.run_generative());  // all three
  ASSERT_TRUE(wait_for([&] { return finished(w) && w.data().generative_focus.size() == 3; }, 120000));
  for (const auto& m : methods) {
    EXPECT_EQ(w.manifold_panel()->drawn_generative_points(m), 21) << m;
    EXPECT_TRUE(w.manifold_panel()->generative_visible(m)) << m;
    EXPECT_TRUE(toggles->available(m)) << m;
    EXPECT_NEAR(w.data().generative_focus.at(m)->y[0], y0[0], 1e-6) << m;  // y* travels as float
  }

  toggles->set_generative("cvae", false);
  EXPECT_FALSE(w.manifold_panel()->generative_visible("cvae"));
  EXPECT_TRUE(w.manifold_panel()->generative_visible("mdn"));
  EXPECT_TRUE(w.manifold_panel()->generative_visible("cinn"));
  toggles->set_generative("cvae", true);
  EXPECT_TRUE(w.manifold_panel()->generative_visible("cvae"));

  // A new target: every trained method samples it in the worker.
  const std::vector<double> y1{w.data().problem->sweep_y[w.data().problem->sweep_y.size() * 2 / 3]};
  ASSERT_NE(y0[0], y1[0]);
  w.set_focus_target(y1);
  ASSERT_TRUE(wait_for(
      [&] {
        for (const auto& m : methods) {
          const auto it = w.data().generative_focus.find(m);
          if (it == w.data().generative_focus.end() || std::abs(it->second->y[0] - y1[0]) > 1e-6) return false;
        }
        return true;
      },
      10000));
  for (const auto& m : methods) EXPECT_EQ(w.manifold_panel()->drawn_generative_points(m), 21) << m;
}

TEST(Training, StopCancelsGenerativeTraining) {
  MainWindow w;
  w.controls()->set_value("problem", "sine");
  test::set_tiny(w.controls(), 1);
  w.controls()->set_value("gen_epochs", "100000");
  ASSERT_TRUE(w.start());
  ASSERT_TRUE(wait_for([&] { return finished(w); }, 60000));
  ASSERT_TRUE(w.run_generative({"mdn"}));
  ASSERT_TRUE(
      wait_for([&] { return w.data().has_progress && w.data().progress.phase == ml::Phase::Generative; }, 30000));
  w.runner()->stop();
  ASSERT_TRUE(wait_for([&] { return !w.runner()->busy(); }, 10000));
  EXPECT_EQ(w.data().generative_focus.count("mdn"), 0u);  // stopped: no model, no cloud
  EXPECT_FALSE(w.manifold_panel()->methods()->available("mdn"));
}

TEST(Training, AnUnsavedModelIsDiscardedOnlyWhenTheUserSaysSo) {
  MainWindow w;
  w.show();
  test::set_tiny(w.controls(), 1);
  int asked = 0;
  DiscardAnswer answer = DiscardAnswer::Cancel;
  w.set_discard_prompt([&] {
    ++asked;
    return answer;
  });
  EXPECT_FALSE(w.model_unsaved());
  ASSERT_TRUE(w.start());  // nothing to lose yet: no question
  ASSERT_TRUE(wait_for([&] { return finished(w) && w.model_unsaved(); }, 60000));
  EXPECT_EQ(asked, 0);

  EXPECT_FALSE(w.start());  // cancelled: the model stays
  w.reset();
  EXPECT_EQ(asked, 2);
  EXPECT_TRUE(w.data().sweep != nullptr);
  EXPECT_EQ(w.runner()->state(), RunState::Finished);

  answer = DiscardAnswer::Discard;
  ASSERT_TRUE(w.start());
  EXPECT_EQ(asked, 3);
  ASSERT_TRUE(wait_for([&] { return finished(w); }, 60000));
}

TEST(Training, ADataSetFromTheDialogTrainsAndSaysItHasNoSimulator) {
  const QString path =
      QDir::temp().filePath(QString("manifoldlab_ui_data_%1.csv").arg(QCoreApplication::applicationPid()));
  {
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    QTextStream out(&f);
    out << "a,b,c\n";
    for (int i = 0; i < 300; ++i) {
      const double a = -1 + 2.0 * ((i * 37) % 300) / 299, b = -1 + 2.0 * ((i * 91) % 300) / 299;
      out << a << ',' << b << ',' << a * a + b << '\n';
    }
  }
  DatasetDialog dialog(path);
  ASSERT_TRUE(dialog.error().isEmpty());
  EXPECT_EQ(dialog.x_columns(), "0,1");  // the first guess: the last column is y
  EXPECT_EQ(dialog.y_columns(), "2");
  dialog.set_role(2, 0, true);  // c as x and y: refused with the reader's one-line message
  EXPECT_FALSE(dialog.validate());
  EXPECT_TRUE(dialog.error().contains("is in both x and y")) << dialog.error().toStdString();
  dialog.set_role(2, 0, false);
  ASSERT_TRUE(dialog.validate());

  MainWindow w;
  w.show();
  test::set_tiny(w.controls(), 2);
  ASSERT_TRUE(w.open_data_set(path, dialog.x_columns(), dialog.y_columns()));
  EXPECT_EQ(w.controls()->value("problem"), "csv:" + path.toStdString());
  test::set_tiny(w.controls(), 2);  // the data set's preset reset the sizes
  ASSERT_TRUE(w.start());
  ASSERT_TRUE(wait_for([&] { return finished(w) && w.data().metrics; }, 60000)) << run_state_name(w.runner()->state());
  EXPECT_EQ(w.data().metrics->resim_through, "forward model");
  EXPECT_FALSE(w.data().problem->info.has_simulator);
  EXPECT_GT(w.manifold_panel()->drawn_points(), 0);
  EXPECT_TRUE(w.findChild<QDockWidget*>("dock_arm")->isHidden());  // no arm in a data set
  QFile::remove(path);
}

// Issue 18: File -> Open simulator... trains on a TorchScript module as a true simulator, and
// File -> Export TorchScript... writes the mixture.
TEST(Training, AScriptedSimulatorTrainsAsATrueSimulatorAndExports) {
  const QString dir = QDir::temp().filePath(QString("manifoldlab_ui_ts_%1").arg(QCoreApplication::applicationPid()));
  QDir().mkpath(dir);
  const QString sim = dir + "/sine.pt", out = dir + "/mixture.pt";
  {
    torch::jit::Module m(c10::QualifiedName("__torch__.UiSine"));
    m.define(
        "def forward(self, x: Tensor) -> Tensor:\n"
        "    return (torch.sin(3.0 * 3.141592653589793 * x[:, 0]) + torch.cos(3.0 * 3.141592653589793 * x[:, 1]))"
        ".unsqueeze(1)\n");
    m.save(sim.toStdString());
  }
  MainWindow w;
  w.show();
  EXPECT_FALSE(w.controls()->editor("prior")->isEnabled());
  ASSERT_TRUE(w.open_simulator(sim, "-1:1,-1:1"));
  EXPECT_EQ(w.controls()->value("problem"), "torchscript:" + sim.toStdString());
  EXPECT_TRUE(w.controls()->editor("prior")->isEnabled());
  ASSERT_TRUE(w.controls()->set_value("preset", "paper"));
  ASSERT_TRUE(w.controls()->set_value("preset", "quick"));
  EXPECT_EQ(w.controls()->value("domain"), "-1:1,-1:1");  // kept across preset changes
  test::set_tiny(w.controls(), 2);
  ASSERT_TRUE(w.start());
  ASSERT_TRUE(wait_for([&] { return finished(w) && w.data().metrics; }, 60000)) << run_state_name(w.runner()->state());
  EXPECT_TRUE(w.data().problem->info.has_simulator);
  EXPECT_EQ(w.data().metrics->resim_through, "true simulator");
  QString error = "pending";
  QObject::connect(w.runner(), &TrainingRunner::modelExported, [&](const QString&, const QString& e) { error = e; });
  w.runner()->export_model(out);
  ASSERT_TRUE(wait_for([&] { return error != "pending"; }, 10000));
  EXPECT_TRUE(error.isEmpty()) << error.toStdString();
  EXPECT_EQ(torch::jit::load(out.toStdString()).attr("k").toInt(), 2);
  QDir(dir).removeRecursively();
}
