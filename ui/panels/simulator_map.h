#pragma once
/// The X-space plane's simulator layer, for a problem whose view asks for a map
/// (ViewSpec::simulator_map, a 2-D x): the true simulator on ProblemView's grid as a light grey
/// heatmap with its colour scale, replaced by f's landscape while the forward phase runs (on the
/// truth's colour range, so colours mean the same values), and a label saying which one shows.
/// Also the grid's two readings the manifold panel needs: the level set of y* and the value under
/// a click. GUI thread only; what it draws belongs to the plot.
#include <QVector>
#include <memory>
#include <optional>
#include <vector>

#include <qcustomplot.h>

namespace ml::ui {

struct ProblemView;
struct RunData;

class SimulatorMap {
 public:
  /// Draws on `plot` (not owned; must outlive this).
  explicit SimulatorMap(QCustomPlot* plot) : plot_(plot) {}
  /// Forgets the layer (call after the plot's plottables and items were cleared) and takes the
  /// colour scale out of the plot's layout.
  void clear();
  /// Builds the heatmap, its colour scale and label on the "background" and "focus" layers, for
  /// data's problem over x1-x2 (grid_n > 1), then shows what update() would.
  void build(const RunData& data);
  /// Shows f's landscape while the forward phase runs, else the true simulator. No-op unless built.
  void update(const RunData& data);
  /// Whether a map is drawn, and whether it is f's landscape.
  bool built() const { return heatmap_ != nullptr; }
  bool learned_shown() const { return learned_shown_; }

 private:
  QCustomPlot* plot_;
  QCPColorMap* heatmap_ = nullptr;
  QCPColorScale* scale_ = nullptr;
  QCPItemText* label_ = nullptr;  ///< says which function the heatmap shows
  QCPRange true_range_;           ///< the simulator's range: f's colours mean the same values
  bool learned_shown_ = false;
  std::shared_ptr<const std::vector<double>> shown_landscape_;  ///< the landscape in the heatmap
};

/// Where v's true y crosses `target` between grid neighbours: dense points along the level set
/// y = target in the x1-x2 plane. Empty without a grid (grid_n < 2).
void level_set_points(const ProblemView& v, double target, QVector<double>& keys, QVector<double>& values);
/// The grid's true y at the cell nearest (x1, x2); nullopt outside the box or without a grid.
std::optional<double> grid_value_at(const ProblemView& v, double x1, double x2);

}  // namespace ml::ui
