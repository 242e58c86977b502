#pragma once
/// X-space manifolds: every network's proposals g_m(y) for a sweep of targets y, one colour per
/// network, knowing no problem by name. Where the problem's view asks for a simulator map
/// (ViewSpec::simulator_map, a 2-D x), the x1-x2 plane over a heatmap of the true simulator with
/// the level set of y*; while the forward phase runs, the heatmap is f as it learns. Otherwise
/// any two x dimensions over faint prior samples. The focus target y* (slider, or a click on the
/// heatmap) highlights its k proposals and the selected one. Refined proposals (Config
/// refine_steps) get a thin line from each network's own proposal to its answer
/// (refinement_lines.h). The heatmap layer is SimulatorMap
/// (simulator_map.h); this panel draws the proposals, focus and baseline overlays.
/// GUI thread only; reads RunData (owned by MainWindow).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <qcustomplot.h>

#include "ui/panels/plot_panel.h"

class QComboBox;
class QLabel;
class QSlider;
class QMouseEvent;
class QCPAbstractPlottable;

namespace ml::ui {

class MethodToggles;
class SimulatorMap;

class ManifoldPanel : public PlotPanel {
  Q_OBJECT
 public:
  explicit ManifoldPanel(QWidget* parent = nullptr);
  ~ManifoldPanel() override;
  QCustomPlot* plot() const override { return plot_; }
  QString export_name() const override { return QStringLiteral("manifolds"); }
  void refresh(const RunData& data, unsigned changes) override;

  /// Shows y* (set elsewhere, e.g. by the arm panel) without emitting focusTargetChosen.
  void show_focus_target(const std::vector<double>& y);
  /// Proposal points drawn for the sweep (for tests).
  int drawn_points() const { return drawn_points_; }
  /// Points drawn for the preview inverse network while f learns (0 once a trained one shows).
  int preview_points() const { return preview_points_; }
  /// Baseline points drawn: direct regression (sweep + y*) and neural adjoint candidates (for tests).
  int drawn_direct_points() const;
  int drawn_adjoint_points() const;
  /// A generative baseline's sample points drawn for y* ("mdn", "cvae", "cinn"; for tests), and
  /// whether that cloud is visible (its toggle on).
  int drawn_generative_points(const std::string& method) const;
  bool generative_visible(const std::string& method) const;
  MethodToggles* methods() const { return methods_; }
  /// Chooses the two x dimensions drawn (robot arm). Ignored when out of range.
  void set_dims(int a, int b);
  /// The dimension pairs offered (robot arm: 6; one pair, hidden, for a 2-D x). For tests.
  int dim_pairs() const;
  /// What the heatmap shows: "" (none), "true" (the simulator) or "learned" (f while it trains).
  QString map_shown() const;

 protected:
  void resizeEvent(QResizeEvent* event) override;

 signals:
  /// The user picked a new y* ([y_dim]).
  void focusTargetChosen(const std::vector<double>& y);

 private:
  void rebuild_background();
  void rebuild_proposals();
  void rebuild_focus();
  void rebuild_baselines();
  void apply_toggles();
  void on_slider(int value);
  void on_click(QMouseEvent* event);
  std::pair<int, int> dims() const;

  const RunData* data_ = nullptr;
  QCustomPlot* plot_ = nullptr;
  QComboBox* dims_combo_ = nullptr;
  QSlider* slider_ = nullptr;
  QLabel* target_label_ = nullptr;
  std::unique_ptr<SimulatorMap> map_;  ///< the heatmap layer, where the problem's view asks for one
  std::vector<QCPAbstractPlottable*> proposal_graphs_;
  std::vector<QCPAbstractPlottable*> focus_graphs_;
  std::vector<QCPAbstractPlottable*> mixture_focus_graphs_;  ///< the subset of focus_graphs_ from g_m
  std::vector<QCPAbstractPlottable*> direct_graphs_, adjoint_graphs_;
  std::map<std::string, std::vector<QCPAbstractPlottable*>> generative_graphs_;  ///< per method
  MethodToggles* methods_ = nullptr;
  std::vector<double> focus_y_;
  int drawn_points_ = 0, preview_points_ = 0;
  QCPRange home_x_, home_y_;  ///< the box plus a margin: the view a resize returns to
};

}  // namespace ml::ui
