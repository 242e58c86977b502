#pragma once
/// Plain numbers handed from the training worker to the GUI: no tensors, no widgets. A Snapshot
/// is filled by the worker under WorkerShared::mutex and moved out whole by the GUI thread.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/api/engine.h"

namespace ml::ui {

struct ViewSpec;

/// One point of a loss curve. network -1 is the forward model; epoch is fractional within the
/// network's own phase (so the k inverse curves overlay).
struct LossPoint {
  int network = -1;
  double epoch = 0;
  LossTerms terms;
};

/// What stays fixed for one engine: the problem, views of its data, the simulator on a grid.
struct ProblemView {
  Config config;
  ProblemInfo info;
  std::string device;
  int threads = 0;
  RunPlan plan;                    ///< what training this engine runs (Engine::run_plan), for the ETA
  const ViewSpec* view = nullptr;  ///< the problem's entry in ui/views/view_registry.h; null: none
  int grid_n = 0;                  ///< ViewSpec::simulator_map: the true y on grid_n x grid_n points over the box
  std::vector<double> grid_y;      ///< [row = x2 index][col = x1 index], first y dimension
  /// A coarser grid (same layout) for the learned f's landscape: cheap enough to evaluate a few
  /// times a second while f trains. landscape_n is 0 where grid_n is.
  int landscape_n = 0;
  std::vector<double> landscape_x;  ///< its points, [landscape_n²][2] (x1, x2)
  std::vector<double> prior_x;      ///< a subset of the training inputs, [n][x_dim]
  std::vector<double> prior_y;      ///< their simulated y, [n][y_dim] (robot arm: reachable end points)
  std::vector<double> sweep_y;      ///< the targets drawn in the manifold panel, [n][y_dim]
  std::vector<double> sweep_x;      ///< their true inputs where they are test targets, [n][x_dim]; else empty
  /// A 1-D y* slider over [target_lo, target_hi] (ViewSpec); equal: the slider steps through sweep_y.
  double target_lo = 0, target_hi = 0;
  std::vector<double> first_target;  ///< the y* shown first ([y_dim]; ViewSpec::default_target)

  bool continuous_target() const { return target_hi > target_lo && info.y_dim == 1; }
  /// The index of y among the sweep's targets, compared exactly (a slider's pick); -1: none.
  int sweep_index(const std::vector<double>& y) const;
  /// A true x for target y: its own where y is a test target in the sweep, else the training
  /// input whose simulated y is nearest; empty when neither is known. While f learns, the views
  /// show f's prediction for it against y.
  /// `exact` (when given) says whether it is y's own.
  std::vector<double> reference_x(const std::vector<double>& y, bool* exact = nullptr) const;
  std::vector<double> default_target() const { return first_target; }
};

/// While f learns: its current prediction for the focus target's reference x (ProblemView::reference_x).
struct ForwardFocus {
  std::vector<double> y;   ///< the focus target it belongs to
  std::vector<double> x;   ///< the reference x
  std::vector<double> fy;  ///< f(x) as f is now
  bool exact = false;      ///< x is y's own true input (a test target), not the nearest training input
};

/// Everything new since the GUI's last take. Shared pointers are immutable once published.
struct Snapshot {
  bool reset = false;  ///< a new engine (or none): drop accumulated curves before the rest
  std::shared_ptr<const ProblemView> problem;
  std::vector<LossPoint> losses;  ///< in report order
  bool has_progress = false;
  Progress progress;
  std::shared_ptr<const ProposalSet> sweep;  ///< proposals for problem->sweep_y
  std::shared_ptr<const ProposalSet> focus;  ///< proposals for the focus target (1 target)
  std::shared_ptr<const Metrics> metrics;    ///< when a run finished or a model was loaded
  /// With metrics: every network's answers for the test targets (Engine::propose_test()); where
  /// those are refined, their start_resim_error is the networks' own proposals', what network
  /// validity judges.
  std::shared_ptr<const ProposalSet> test;
  /// During the forward phase: f as it learns on problem->landscape_x (first y dimension).
  std::shared_ptr<const std::vector<double>> landscape;
  /// During the forward phase: f's prediction for the focus target's reference x.
  std::shared_ptr<const ForwardFocus> forward_focus;
  /// During the forward phase: the preview inverse network on problem->sweep_y
  /// (Engine::propose_preview), until the first trained network's sweep replaces it.
  std::shared_ptr<const ProposalSet> preview_sweep;
  // Baselines (Engine::train_direct, Engine::neural_adjoint). An empty set (targets == 0) clears.
  std::shared_ptr<const ProposalSet> direct_sweep;   ///< direct regression on problem->sweep_y
  std::shared_ptr<const ProposalSet> direct_focus;   ///< direct regression on the focus target
  std::shared_ptr<const ProposalSet> adjoint_focus;  ///< neural adjoint's candidates, best first
  /// Generative baselines' samples for the focus target, per trained method ("mdn", "cvae",
  /// "cinn"; Engine::propose_generative, ranked best first). An empty set clears that method.
  std::map<std::string, std::shared_ptr<const ProposalSet>> generative_focus;
};

/// The fixed view of an engine's problem: its data subsets, the simulator grid and target sweep
/// its ViewSpec asks for. Calls the engine (so: on the engine's thread); needs no training.
std::shared_ptr<ProblemView> make_problem_view(const Engine& engine);

/// A saved run's per-epoch loss rows as curve points.
std::vector<LossPoint> loss_points(const std::vector<LossRow>& rows);

}  // namespace ml::ui
