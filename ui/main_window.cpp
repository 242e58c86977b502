#include "ui/main_window.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <cstdio>
#include <QFileInfo>
#include <QFileDialog>
#include <QGuiApplication>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QSignalBlocker>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <algorithm>
#include <qcustomplot.h>

#include "ui/dialogs/about_dialog.h"
#include "ui/dialogs/export_dialog.h"
#include "ui/dialogs/warning.h"
#include "ui/panels/controls_panel.h"
#include "ui/panels/coverage_panel.h"
#include "ui/panels/loss_panel.h"
#include "ui/panels/manifold_panel.h"
#include "ui/panels/results_panel.h"
#include "ui/panels/status_view.h"
#include "ui/panels/candidates_panel.h"
#include "ui/panels/parallel_panel.h"
#include "ui/session.h"
#include "ui/teaching/tour_panel.h"
#include "ui/theme.h"
#include "ui/views/view_panel.h"
#include "ui/views/view_registry.h"
#include "ui/widgets/dock_title_bar.h"
#include "ui/widgets/method_toggles.h"
#include "ui/worker/training_runner.h"

namespace ml::ui {
namespace {
constexpr int kFrameMs = 33;     // ~30 Hz: smooth enough, and the event loop stays free
constexpr int kPreviewMs = 150;  // after the last edit: typing a seed builds one preview, not five

/// The key of the hot parameter in `slot`, for the status bar (once per edit, never per step).
QString hot_key(int slot) {
  for (const auto& p : parameter_table())
    if (p.hot && p.hot_slot == slot) return QString::fromStdString(p.key);
  return {};
}
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("ManifoldLab"));
  setDockNestingEnabled(true);
  runner_ = new TrainingRunner(this);
  controls_ = new ControlsPanel(this);
  manifold_ = new ManifoldPanel(this);
  loss_ = new LossPanel(this);
  results_ = new ResultsPanel(this);
  coverage_ = new CoveragePanel(this);
  auto* controls_dock = add_dock(controls_, tr("Controls"), "dock_controls", "controls", Qt::LeftDockWidgetArea);
  auto* manifold_dock =
      add_dock(manifold_, tr("X-space manifolds"), "dock_manifolds", manifold_->help_name(), Qt::RightDockWidgetArea);
  for (const auto& spec : view_table()) {
    if (!spec.make) continue;  // drawn by the generic panels alone
    ViewPanel* panel = spec.make(this);
    views_.push_back(
        {&spec, panel, add_dock(panel, spec.title, spec.dock_name(), panel->help_name(), Qt::RightDockWidgetArea)});
    connect(panel, &ViewPanel::focusTargetChosen, this, &MainWindow::set_focus_target);
  }
  auto* loss_dock = add_dock(loss_, tr("Loss curves"), "dock_loss", loss_->help_name(), Qt::RightDockWidgetArea);
  results_dock_ = add_dock(results_, tr("Results"), "dock_results", results_->help_name(), Qt::RightDockWidgetArea);
  auto* coverage_dock =
      add_dock(coverage_, tr("Coverage"), "dock_coverage", coverage_->help_name(), Qt::RightDockWidgetArea);
  splitDockWidget(manifold_dock, loss_dock, Qt::Vertical);
  // The problem views share one column with the results, tabbed; only the drawn problem's shows.
  QDockWidget* column = views_.empty() ? results_dock_ : views_.front().dock;
  splitDockWidget(manifold_dock, column, Qt::Horizontal);
  for (size_t i = 1; i < views_.size(); ++i) tabifyDockWidget(column, views_[i].dock);
  if (column != results_dock_) tabifyDockWidget(column, results_dock_);
  tabifyDockWidget(results_dock_, coverage_dock);  // beside the results it explains
  add_design_docks(coverage_dock, loss_dock);
  for (const auto& v : views_) v.dock->hide();
  // The guided tour shares the controls' column (tabbed), hidden until Help → Guided tour.
  tour_ = new TourPanel(this, this);
  tour_dock_ = add_dock(tour_, tr("Guided tour"), "dock_tour", "tour", Qt::LeftDockWidgetArea);
  tabifyDockWidget(controls_dock, tour_dock_);
  tour_dock_->hide();

  status_ = new StatusView(this);
  statusBar()->addPermanentWidget(status_);
  session_ = new SessionManager(runner_, controls_, this);
  frame_timer_ = new QTimer(this);
  frame_timer_->setSingleShot(true);
  frame_timer_->setInterval(kFrameMs);
  preview_timer_ = new QTimer(this);
  preview_timer_->setSingleShot(true);
  preview_timer_->setInterval(kPreviewMs);
  connect(preview_timer_, &QTimer::timeout, this, &MainWindow::preview);
  connect(controls_, &ControlsPanel::edited, preview_timer_, qOverload<>(&QTimer::start));

  connect(runner_, &TrainingRunner::dataReady, this, [this] {
    if (!frame_timer_->isActive()) frame_timer_->start();
  });
  connect(frame_timer_, &QTimer::timeout, this, &MainWindow::apply_snapshot);
  connect(runner_, &TrainingRunner::runFinishedWithModel, this, [this] { model_unsaved_ = !scene_run_; });
  connect(runner_, &TrainingRunner::modelSaved, this, [this](const QString&, const QString& error) {
    if (error.isEmpty()) model_unsaved_ = false;
  });
  connect(runner_, &TrainingRunner::modelExported, this, [this](const QString& path, const QString& error) {
    if (!error.isEmpty())
      show_warning(this, tr("Cannot export the mixture:\n%1").arg(error));
    else
      statusBar()->showMessage(tr("Wrote %1: in Python, torch.jit.load it; m(y) gives the selected x.").arg(path),
                               8000);
  });
  connect(runner_, &TrainingRunner::modelLoaded, this, [this](const QString&, const QString& error) {
    if (error.isEmpty()) model_unsaved_ = false;
  });
  connect(runner_, &TrainingRunner::stateChanged, this, [this] {
    update_actions();
    if (runner_->state() == RunState::Idle) preview_timer_->start();  // after a reset
    if (runner_->state() == RunState::Finished && !data_.problem) apply_snapshot();
  });
  connect(runner_, &TrainingRunner::failed, this, [this](const QString& message) {
    statusBar()->showMessage(tr("Training failed: %1").arg(message));
    show_warning(this, tr("Training failed:\n%1").arg(message));
  });
  connect(runner_, &TrainingRunner::baselineFinished, this, [this](bool, bool completed, const QString& error) {
    const QString what = runner_->baseline_name();
    if (!error.isEmpty())
      show_warning(this, tr("%1 failed:\n%2").arg(what, error));
    else
      statusBar()->showMessage(completed ? tr("%1 done").arg(what) : tr("%1 stopped").arg(what), 5000);
  });
  connect(controls_, &ControlsPanel::hotChanged, this, [this](int slot, double value) {
    if (!runner_->busy()) return;
    runner_->set_hot(slot, value);
    statusBar()->showMessage(tr("%1 = %2 applied to the running training").arg(hot_key(slot)).arg(value), 3000);
  });
  connect(manifold_, &ManifoldPanel::focusTargetChosen, this, &MainWindow::set_focus_target);
  connect(session_, &SessionManager::message, this, [this](const QString& m) { statusBar()->showMessage(m, 5000); });
  connect(session_, &SessionManager::recentChanged, this, &MainWindow::rebuild_recent_menu);
  for (auto* panel : plot_panels()) connect(panel, &PlotPanel::exportRequested, this, &MainWindow::export_dialog);

  build_menus();
  default_state_ = saveState();
  restore_settings();
  update_actions();
  preview_timer_->start();
}

MainWindow::~MainWindow() { runner_->shutdown(); }

QDockWidget* MainWindow::add_dock(QWidget* panel, const QString& title, const QString& name, const QString& help,
                                  Qt::DockWidgetArea area) {
  auto* dock = new QDockWidget(title, this);
  dock->setObjectName(name);  // saveState/restoreState key
  dock->setTitleBarWidget(new DockTitleBar(dock, help));
  panel->setWindowTitle(title);
  dock->setWidget(panel);
  addDockWidget(area, dock);
  return dock;
}

QList<PlotPanel*> MainWindow::plot_panels() const {
  QList<PlotPanel*> panels{manifold_};
  for (const auto& v : views_) panels.push_back(v.panel);
  panels << parallel_ << loss_ << results_ << coverage_;
  return panels;
}

ViewPanel* MainWindow::view_panel(const std::string& problem) const {
  for (const auto& v : views_)
    if (v.spec->problem == problem) return v.panel;
  return nullptr;
}

void MainWindow::update_actions() {
  const RunState s = runner_->state();
  start_action_->setText(s == RunState::Training ? tr("&Pause") : s == RunState::Paused ? tr("&Resume") : tr("&Start"));
  stop_action_->setEnabled(runner_->busy());
  const bool can_baseline = runner_->has_model() && !runner_->busy();
  direct_action_->setEnabled(can_baseline);
  adjoint_action_->setEnabled(can_baseline);
  for (auto* a : generative_actions_) a->setEnabled(can_baseline);
  const bool exists = s != RunState::Idle && s != RunState::Failed;
  controls_->set_reference(exists ? &runner_->run_config() : nullptr);
  const Config& c = runner_->run_config();
  setWindowTitle(exists ? tr("ManifoldLab — %1 (%2, k = %3) — %4")
                              .arg(QString::fromStdString(c.problem), QString::fromStdString(c.preset))
                              .arg(c.k)
                              .arg(run_state_name(s))
                        : tr("ManifoldLab"));
  status_->update_view(s, data_, runner_->paused_seconds());
}

void MainWindow::start_or_pause() {
  switch (runner_->state()) {
    case RunState::Training:
      runner_->pause();
      break;
    case RunState::Paused:
      runner_->resume();
      break;
    default:
      start();
  }
}

void MainWindow::step(StepMode mode) {
  if (runner_->busy())
    runner_->step(mode);
  else
    start(mode);
}

bool MainWindow::start(StepMode first_step) {
  const std::optional<Config> config = controls_->config_or_warn(tr("start a run"));
  if (!config) return false;
  if (!runner_->busy() && !may_discard_model()) return false;
  if (!runner_->start(*config, first_step)) return false;
  scene_run_ = false;
  statusBar()->showMessage(tr("Training %1 with k = %2").arg(QString::fromStdString(config->problem)).arg(config->k),
                           3000);
  return true;
}

bool MainWindow::run_direct_regression() {
  if (runner_->run_baseline(false, AdjointOptions{})) return true;
  statusBar()->showMessage(tr("Train a model first (and wait until it is idle)"), 5000);
  return false;
}

bool MainWindow::run_neural_adjoint() {
  const std::optional<Config> config = controls_->config_or_warn(tr("run neural adjoint"));
  if (!config) return false;
  AdjointOptions options = AdjointOptions::from(*config);
  options.keep = std::min(options.starts, 50);
  if (runner_->run_baseline(true, options)) return true;
  statusBar()->showMessage(tr("Train a model first (and wait until it is idle)"), 5000);
  return false;
}

bool MainWindow::run_generative(const std::vector<std::string>& methods) {
  if (runner_->run_generative(methods.empty() ? generative_methods() : methods)) return true;
  statusBar()->showMessage(tr("Train a model first (and wait until it is idle)"), 5000);
  return false;
}

void MainWindow::open_tour(int scene) {
  tour_dock_->show();
  tour_dock_->raise();
  tour_->open_scene(scene >= 0 ? scene : std::max(0, tour_->current()));
}

bool MainWindow::open_data_set(const QString& path, const QString& x_columns, const QString& y_columns) {
  const bool ok = controls_->set_value("problem", "csv:" + path.toStdString()) &&
                  controls_->set_value("x_cols", x_columns.toStdString()) &&
                  controls_->set_value("y_cols", y_columns.toStdString());
  if (!ok) {
    show_warning(this, tr("Cannot use %1 as a data set").arg(path));
    return false;
  }
  statusBar()->showMessage(
      tr("Data set %1: x = columns %2, y = columns %3. Start trains on it.").arg(path, x_columns, y_columns), 8000);
  return true;
}

bool MainWindow::open_simulator(const QString& path, const QString& domain) {
  if (!controls_->set_value("problem", "torchscript:" + path.toStdString()) ||
      !controls_->set_value("domain", domain.toStdString())) {
    show_warning(this, tr("Cannot use %1 with the domain '%2' as a simulator").arg(path, domain));
    return false;
  }
  statusBar()->showMessage(tr("Simulator %1 on %2. Start trains on it.").arg(path, domain), 8000);
  return true;
}

bool MainWindow::start_scene_run() {
  if (!start()) return false;
  scene_run_ = true;
  return true;
}

void MainWindow::set_controls(const Config& config) { controls_->set_config(config); }

void MainWindow::set_method_toggles(bool mixture, bool direct, bool adjoint) {
  manifold_->methods()->set(mixture, direct, adjoint);
  for (const auto& v : views_)
    if (MethodToggles* t = v.panel->methods()) t->set(mixture, direct, adjoint);
}

void MainWindow::stop() { runner_->stop(); }
void MainWindow::reset() {
  if (!may_discard_model()) return;
  runner_->reset();
  model_unsaved_ = false;
}

bool MainWindow::may_discard_model() {
  if (!model_unsaved_) return true;
  DiscardAnswer answer = DiscardAnswer::Discard;
  if (discard_prompt_) {
    answer = discard_prompt_();
  } else if (QGuiApplication::platformName() != "offscreen") {
    const auto button = QMessageBox::question(
        this, tr("ManifoldLab"), tr("The trained model has not been saved. Save it as a session first?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    answer = button == QMessageBox::Save      ? DiscardAnswer::Save
             : button == QMessageBox::Discard ? DiscardAnswer::Discard
                                              : DiscardAnswer::Cancel;
  }
  if (answer == DiscardAnswer::Cancel) return false;
  // The save is queued on the engine's thread ahead of whatever comes next, so it sees this model.
  if (answer == DiscardAnswer::Save && !save_session_as()) return false;
  model_unsaved_ = false;
  return true;
}

void MainWindow::set_focus_target(const std::vector<double>& y) {
  data_.focus_y = y;
  data_.chosen_network = -1;  // a new target: its selected candidate first
  candidates_->refresh(data_, kFocusTarget);
  parallel_->refresh(data_, kFocusTarget);
  runner_->set_focus_target(y);
  manifold_->show_focus_target(y);
  for (const auto& v : views_)
    if (data_.problem && v.spec->problem == data_.problem->info.name) v.panel->refresh(data_, kFocusTarget);
}

void MainWindow::set_presentation_view(bool on) {
  set_presentation(on, screen() ? screen()->geometry().height() : 1080);
  {
    const QSignalBlocker block(presentation_action_);  // toggled calls this very function
    presentation_action_->setChecked(on);
  }
  for (auto* panel : plot_panels()) panel->apply_theme(data_);
  if (on == isFullScreen()) return;
  if (on) {
    desktop_geometry_ = saveGeometry();
    desktop_state_ = saveState();
    // Without a window manager (xvfb, offscreen) full screen is only a hint: fill the screen too.
    if (screen()) setGeometry(screen()->geometry());
    showFullScreen();
    // The plots get the room: the controls keep a narrow column.
    if (auto* controls = findChild<QDockWidget*>("dock_controls"))
      controls->setMaximumWidth(std::max(320, (screen() ? screen()->geometry().width() : width()) / 4));
  } else {
    showNormal();
    if (auto* controls = findChild<QDockWidget*>("dock_controls")) controls->setMaximumWidth(QWIDGETSIZE_MAX);
    restoreGeometry(desktop_geometry_);
    restoreState(desktop_state_);
  }
}

void MainWindow::apply_snapshot() {
  unsigned changes = data_.apply(runner_->take());
  if ((changes & kProblem) && data_.problem && data_.focus_y.size() != static_cast<size_t>(data_.problem->info.y_dim)) {
    data_.focus_y = data_.problem->default_target();
    runner_->set_focus_target(data_.focus_y);
    changes |= kFocusTarget;
  }
  if (changes & kProblem) show_problem_docks();
  manifold_->refresh(data_, changes);
  loss_->refresh(data_, changes);
  results_->refresh(data_, changes);
  coverage_->refresh(data_, changes);
  candidates_->refresh(data_, changes);
  parallel_->refresh(data_, changes);
  for (const auto& v : views_)  // another problem's view keeps its last picture, hidden
    if (data_.problem && v.spec->problem == data_.problem->info.name) v.panel->refresh(data_, changes);
  if (changes & (kProblem | kFocusTarget)) manifold_->show_focus_target(data_.focus_y);
  status_->update_view(runner_->state(), data_, runner_->paused_seconds());
}

void MainWindow::preview() {
  if (runner_->busy() || runner_->has_model()) return;
  try {
    runner_->preview(controls_->config());
  } catch (const ConfigError&) {
    // Settings that cannot run keep the last picture; Start names the bad key.
  }
}

void MainWindow::show_problem_docks() {
  if (!data_.problem) return;
  const std::string& problem = data_.problem->info.name;
  const bool changed = problem != shown_problem_;
  shown_problem_ = problem;
  QDockWidget* shown = results_dock_;
  for (const auto& v : views_) {
    const bool mine = v.spec->problem == problem;
    if (changed) v.dock->setVisible(mine);
    if (mine) shown = v.dock;
  }
  if (changed || runner_->busy()) shown->raise();
  if (changed) {
    const bool wide_x = data_.problem->info.x_dim > 2;
    parallel_dock_->setVisible(wide_x);
    if (wide_x)  // half of the strip under the map each, once the shown dock is laid out
      QTimer::singleShot(0, this, [this] {
        resizeDocks({findChild<QDockWidget*>("dock_loss"), parallel_dock_}, {1, 1}, Qt::Horizontal);
      });
  }
}

void MainWindow::export_dialog(PlotPanel* current) {
  ExportDialog dialog(plot_panels(), current, this);
  if (dialog.exec() != QDialog::Accepted || !dialog.panel()) return;
  const QString error = export_figure(dialog.panel()->plot(), dialog.path(), dialog.options());
  if (!error.isEmpty())
    show_warning(this, error);
  else
    statusBar()->showMessage(tr("Exported %1").arg(dialog.path()), 5000);
}

void MainWindow::export_all() {
  const QString dir =
      QFileDialog::getExistingDirectory(this, tr("Export all panels to"), QSettings().value("export/dir").toString());
  if (dir.isEmpty()) return;
  QSettings().setValue("export/dir", dir);
  const QString error = export_all_panels(plot_panels(), dir, saved_figure_options());
  if (!error.isEmpty())
    show_warning(this, error);
  else
    statusBar()->showMessage(tr("Exported every panel as PNG, PDF and SVG to %1").arg(dir), 5000);
}

bool MainWindow::save_session_as() {
  const QString dir =
      QFileDialog::getSaveFileName(this, tr("Save session as folder"), QSettings().value("session/last").toString(),
                                   tr("Session folder (*)"), nullptr, QFileDialog::ShowDirsOnly);
  if (dir.isEmpty()) return false;
  session_->save(dir, with_model_action_->isChecked());
  return true;
}

void MainWindow::open_session() {
  const QString path =
      QFileDialog::getOpenFileName(this, tr("Open a session's or a run's config.json"),
                                   QSettings().value("session/last").toString(), tr("Configurations (*.json)"));
  if (!path.isEmpty() && may_discard_model()) session_->open(path);
}

void MainWindow::rebuild_recent_menu() {
  recent_menu_->clear();
  for (const QString& path : session_->recent())
    recent_menu_->addAction(path, this, [this, path] {
      if (may_discard_model()) session_->open(path);
    });
  recent_menu_->addSeparator();
  recent_menu_->addAction(tr("Clear list"), session_, &SessionManager::clear_recent);
}

void MainWindow::restore_settings() {
  QSettings s;
  restoreGeometry(s.value("window/geometry").toByteArray());
  saved_state_ = s.value("window/state").toByteArray();
  if (s.contains("window/geometry")) return;
  resize(1440, 900);
  auto* controls = findChild<QDockWidget*>("dock_controls");
  auto* manifolds = findChild<QDockWidget*>("dock_manifolds");
  resizeDocks({manifolds, findChild<QDockWidget*>("dock_loss")}, {560, 300}, Qt::Vertical);
  resizeDocks({controls, manifolds, views_.empty() ? results_dock_ : views_.front().dock}, {330, 620, 480},
              Qt::Horizontal);
}

void MainWindow::save_settings() {
  if (theme().presentation) set_presentation_view(false);  // the desktop layout is the one to keep
  QSettings s;
  s.setValue("window/geometry", saveGeometry());
  s.setValue("window/state", saveState());
}

void MainWindow::showEvent(QShowEvent* event) {
  QMainWindow::showEvent(event);
  if (!saved_state_.isEmpty()) restoreState(saved_state_);
  saved_state_.clear();
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!may_discard_model()) {
    event->ignore();
    return;
  }
  save_settings();
  runner_->shutdown();  // sets stop; the trainer checks it between steps, so this is quick
  event->accept();
}

}  // namespace ml::ui
