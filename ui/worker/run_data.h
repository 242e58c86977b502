#pragma once
/// Everything the panels draw, accumulated on the GUI thread from worker snapshots. Panels read
/// it (const) in their refresh(); only MainWindow applies snapshots. GUI thread only.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ui/worker/snapshot.h"

namespace ml::ui {

/// What a snapshot changed, so panels redraw only what moved.
enum Change : unsigned {
  kNone = 0,
  kProblem = 1u << 0,  ///< a new engine (or none): rebuild axes and backgrounds
  kLosses = 1u << 1,
  kProgress = 1u << 2,
  kSweep = 1u << 3,
  kFocus = 1u << 4,
  kMetrics = 1u << 5,
  kFocusTarget = 1u << 6,  ///< the user moved y*; proposals follow later
  kBaselines = 1u << 7,    ///< direct regression or neural adjoint answers changed
  kLandscape = 1u << 8,    ///< the learned f's landscape moved (forward phase)
};

struct RunData {
  std::shared_ptr<const ProblemView> problem;  ///< null before the first run
  /// Loss curves: index 0 is the forward model, 1 + m is inverse network m.
  std::vector<std::vector<LossPoint>> curves;
  bool has_progress = false;
  Progress progress;
  std::shared_ptr<const ProposalSet> sweep, focus;
  std::shared_ptr<const Metrics> metrics;
  /// The test targets' proposals, set with metrics (kMetrics; see Snapshot).
  std::shared_ptr<const ProposalSet> test;
  std::shared_ptr<const std::vector<double>> landscape;  ///< f on problem->landscape_x; null until f reports
  std::shared_ptr<const ForwardFocus> forward_focus;     ///< f for y*'s reference x while f learns; null before
  /// The candidate the user put into the view (candidates table, a network index); -1: the selected one.
  int chosen_network = -1;
  std::shared_ptr<const ProposalSet> preview_sweep;  ///< null once `sweep` holds a trained network
  std::vector<double> focus_y;                       ///< the user's y*; focus holds its proposals once computed
  /// Baselines; null until computed (see Snapshot).
  std::shared_ptr<const ProposalSet> direct_sweep, direct_focus, adjoint_focus;
  /// The trained generative baselines' samples for y*, by method; absent until computed.
  std::map<std::string, std::shared_ptr<const ProposalSet>> generative_focus;

  /// `focus` answers the current y* (its targets are y* as the engine holds them, in float32, so
  /// equal to within float rounding).
  bool focus_is_current() const;
  /// Merges a snapshot and says what changed.
  unsigned apply(Snapshot&& s);
  /// Number of loss points over all curves.
  size_t loss_points() const;
  /// Inverse networks with at least one loss point.
  int inverse_curves() const;
};

}  // namespace ml::ui
