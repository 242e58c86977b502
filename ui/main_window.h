#pragma once
/// The main window only wires parts together: the TrainingRunner, the panels in docks, menus,
/// shortcuts, the status bar and the repaint timer that coalesces worker snapshots (~30 Hz).
/// GUI thread only; every part is a Qt child of the window.
#include <QList>
#include <QMainWindow>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/api/control.h"
#include "ui/teaching/tour_host.h"
#include "ui/worker/run_data.h"

class QAction;
class QDockWidget;
class QMenu;
class QTimer;

namespace ml::ui {

class ControlsPanel;
class CoveragePanel;
class CandidatesPanel;
class ParallelPanel;
class LossPanel;
class ManifoldPanel;
class PlotPanel;
class ResultsPanel;
class SessionManager;
class StatusView;
class TourPanel;
class TrainingRunner;
class ViewPanel;
struct ViewSpec;

/// The answer to "the trained model is not saved: discard it?".
enum class DiscardAnswer { Save, Discard, Cancel };

class MainWindow : public QMainWindow, public TourHost {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Start when idle, pause when training, resume when paused (the Space key).
  void start_or_pause();
  /// Starts a run with the controls' configuration, pausing after `first_step` when one is
  /// given; false (and a message) when invalid or busy.
  bool start(StepMode first_step = StepMode::None);
  /// Teaching mode: one epoch or one network, then pause. Starts a run when none is busy.
  void step(StepMode mode);
  void stop() override;
  void reset();
  /// Picks the target y* whose proposals the manifold panel and the problem's view highlight.
  void set_focus_target(const std::vector<double>& y) override;
  /// Presentation view (F11): full screen with the presentation theme (theme.h), or back.
  void set_presentation_view(bool on);
  /// Takes the worker's snapshot and redraws (the repaint timer calls this).
  void apply_snapshot();
  /// Baselines on the current model: train the direct regression, or run neural adjoint on y*
  /// with the controls' settings. False (and a message) when busy or without a model.
  bool run_direct_regression() override;
  bool run_neural_adjoint() override;
  /// Trains generative baselines ("mdn", "cvae", "cinn"; all three when empty) on the current
  /// model with its gen_* settings, in the worker (Stop cancels). False (and a message) when busy
  /// or without a model.
  bool run_generative(const std::vector<std::string>& methods = {});

  /// Sets the controls to a CSV data set (problem csv:PATH and its x and y columns); the next
  /// start trains on it. False, with a message, when the controls refuse a value.
  bool open_data_set(const QString& path, const QString& x_columns, const QString& y_columns);
  /// Makes a user's TorchScript simulator the problem (torchscript:path with this x domain);
  /// false with a warning when the controls refuse either.
  bool open_simulator(const QString& path, const QString& domain);
  /// start() for the guided tour: the scene's model is a demonstration, never "unsaved work".
  bool start_scene_run() override;
  /// Shows config in the controls without starting anything.
  void set_controls(const Config& config) override;
  /// Sets the Mixture / Direct / Adjoint overlays of the manifold panel and the problem views.
  void set_method_toggles(bool mixture, bool direct, bool adjoint) override;
  /// A trained model exists that no session has saved since it changed.
  bool model_unsaved() const { return model_unsaved_; }
  /// Replaces the question asked before a start, reset, open or close would discard an unsaved
  /// model (tests). The default asks in a dialog; on the offscreen platform nobody can answer, so
  /// it discards.
  void set_discard_prompt(std::function<DiscardAnswer()> prompt) { discard_prompt_ = std::move(prompt); }
  /// Shows the guided tour's panel and opens `scene` (-1: the current one, or the first).
  void open_tour(int scene = -1);

  TrainingRunner* runner() const override { return runner_; }
  ControlsPanel* controls() const { return controls_; }
  LossPanel* loss_panel() const { return loss_; }
  ManifoldPanel* manifold_panel() const { return manifold_; }
  /// The view of `problem` from ui/views/view_registry.h; null when it has none.
  ViewPanel* view_panel(const std::string& problem) const;
  ResultsPanel* results_panel() const { return results_; }
  CoveragePanel* coverage_panel() const { return coverage_; }
  CandidatesPanel* candidates_panel() const { return candidates_; }
  ParallelPanel* parallel_panel() const { return parallel_; }
  /// Reads y* from a file for the current problem (a row or a column of y_dim values, or
  /// coordinate,value pairs resampled onto its y grid); false with the one-line reason in `error`
  /// (also shown) when it cannot, y* then unchanged.
  bool open_target_file(const QString& path, QString* error = nullptr);
  /// Once the problem is drawn (and a model opened at launch is loaded): y* from `file` (when not
  /// empty) or drawn through `points` on the shell's spectrum (when not empty). A file that cannot
  /// be used is said in one line on stderr and in a warning. For the command line's --target.
  void set_target_once_drawn(const QString& file, const std::vector<std::pair<double, double>>& points);
  /// set_target_once_drawn has done its work (or had none).
  bool target_settled() const { return target_pending_ == 0; }
  /// Draws network m's candidate for y* thick in the problem's view and the parallel coordinates.
  void show_candidate(int network);
  SessionManager* session() const { return session_; }
  StatusView* status_view() const { return status_; }
  TourPanel* tour() const { return tour_; }
  QList<PlotPanel*> plot_panels() const;
  const RunData& data() const { return data_; }

 protected:
  void closeEvent(QCloseEvent* event) override;
  void showEvent(QShowEvent* event) override;

 private:
  /// The candidates table and the parallel coordinates (main_window_targets.cpp).
  void add_design_docks(QDockWidget* coverage_dock, QDockWidget* loss_dock);
  /// help: the panel's key in panel_help.h, for the "?" in its title bar.
  QDockWidget* add_dock(QWidget* panel, const QString& title, const QString& name, const QString& help,
                        Qt::DockWidgetArea area);
  void build_menus();
  void update_actions();
  void rebuild_recent_menu();
  void export_dialog(PlotPanel* current);
  void export_all();
  /// False when the user cancelled the folder dialog.
  bool save_session_as();
  /// Asks before an unsaved model is replaced; true when it may go (saved first, or discarded).
  bool may_discard_model();
  void open_session();
  void restore_settings();
  void save_settings();
  /// Before any run: draws the controls' problem (TrainingRunner::preview).
  void preview();
  /// A new problem on screen: only its own view's dock is shown (ui/views/view_registry.h), and
  /// raised when a run starts on it.
  void show_problem_docks();

  TrainingRunner* runner_ = nullptr;
  RunData data_;
  ControlsPanel* controls_ = nullptr;
  LossPanel* loss_ = nullptr;
  ManifoldPanel* manifold_ = nullptr;
  ResultsPanel* results_ = nullptr;
  CoveragePanel* coverage_ = nullptr;
  CandidatesPanel* candidates_ = nullptr;
  ParallelPanel* parallel_ = nullptr;
  QDockWidget* parallel_dock_ = nullptr;
  QDockWidget* candidates_dock_ = nullptr;
  int target_pending_ = 0;
  StatusView* status_ = nullptr;
  TourPanel* tour_ = nullptr;
  SessionManager* session_ = nullptr;
  QTimer* frame_timer_ = nullptr;
  QTimer* preview_timer_ = nullptr;  ///< coalesces edits into one preview
  /// The problem views, one dock each, in view_table()'s order.
  struct ViewDock {
    const ViewSpec* spec;
    ViewPanel* panel;
    QDockWidget* dock;
  };
  std::vector<ViewDock> views_;
  std::optional<std::string> shown_problem_;  ///< whose view docks show; unset before the first
  QDockWidget *results_dock_ = nullptr, *tour_dock_ = nullptr;
  QAction *start_action_ = nullptr, *stop_action_ = nullptr, *reset_action_ = nullptr;
  QAction *step_epoch_action_ = nullptr, *step_network_action_ = nullptr;
  QAction* with_model_action_ = nullptr;
  QAction *direct_action_ = nullptr, *adjoint_action_ = nullptr;
  std::vector<QAction*> generative_actions_;  ///< Train MDN, cVAE, cINN, all three
  QAction* presentation_action_ = nullptr;
  QMenu* recent_menu_ = nullptr;
  bool model_unsaved_ = false;
  bool scene_run_ = false;  ///< the current model comes from a tour scene
  std::function<DiscardAnswer()> discard_prompt_;
  QByteArray default_state_;
  QByteArray desktop_geometry_, desktop_state_;  ///< the window before presentation view
  QByteArray saved_state_;                       ///< dock layout to restore once shown (dock sizes need a real size)
};

}  // namespace ml::ui
