#pragma once
/// The GUI's table of problem views, the counterpart of core/problems/registry.h: one entry per
/// problem that needs more than the generic panels (X-space map, loss, results). A problem
/// without an entry is drawn by the generic panels alone (a CSV data set). Each view's entry is
/// written in its own files (`ballistics_view_spec()` in views/ballistics_view.cpp), so a view is
/// one place; view_registry.cpp only lists them. GUI thread only.
#include <QString>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

class QWidget;

namespace ml::ui {

class ViewPanel;
struct ProblemView;

struct ViewSpec {
  std::string problem;  ///< the registry name (ProblemInfo::name) this entry draws
  /// The problem's own dock, all of it here: its title (also the help's heading), the export
  /// name (figure files, `manifoldlab-cli figure`, and the help key), the "What am I seeing?"
  /// text (rich text) and the panel. `make` is null where the generic panels suffice (the sine).
  QString title, export_name, help;
  std::function<ViewPanel*(QWidget* parent)> make;
  /// The dock's QDockWidget object name (saved layouts): "dock_" + export_name.
  QString dock_name() const { return QStringLiteral("dock_") + export_name; }
  /// y* shown first; empty function: the first sweep target.
  std::function<std::vector<double>(const ProblemView&)> default_target;
  /// A 1-D y with a continuous target range: the X-space slider moves over [lo, hi] and the sweep
  /// is `sweep_steps` evenly spaced targets over it; lo == hi: the sweep is the test targets.
  double target_lo = 0, target_hi = 0;
  int sweep_steps = 0;
  /// Otherwise at most this many test targets in the sweep (0: 400); a slow simulator re-simulates
  /// every sweep proposal several times a second while training runs.
  size_t max_sweep = 0;
  /// x is 2-D and cheap to simulate: the X-space map shows the true y on a grid (a click picks
  /// its level set); map_label names that function on the colour scale.
  bool simulator_map = false;
  QString map_label;
};

/// Every view, in the core registry's order.
const std::vector<ViewSpec>& view_table();
/// The entry for `problem`, or null (a data set, or a problem drawn only by the generic panels).
const ViewSpec* find_view(const std::string& problem);
/// The entry whose export_name is `name` (a view's help key), or null.
const ViewSpec* find_view_by_export_name(const QString& name);

}  // namespace ml::ui
