#include "ui/plotting/offline_run.h"

#include <memory>
#include <qcustomplot.h>

#include "core/api/engine.h"
#include "ui/panels/coverage_panel.h"
#include "ui/panels/loss_panel.h"
#include "ui/panels/manifold_panel.h"
#include "ui/panels/results_panel.h"
#include "ui/views/view_panel.h"
#include "ui/views/view_registry.h"
#include "ui/worker/run_data.h"

namespace ml::ui {

void render_run_panels(const QString& dir, const QStringList& panels, int width, int height,
                       const std::function<void(QCustomPlot*, const QString&)>& sink) {
  const Engine engine = Engine::load(dir.toStdString(), "cpu", 0);
  Snapshot s;
  s.reset = true;
  s.problem = make_problem_view(engine);
  s.losses = loss_points(engine.loss_history());
  if (engine.inverse_networks_ready() > 0) {
    s.sweep = std::make_shared<const ProposalSet>(engine.propose(s.problem->sweep_y));
    s.focus = std::make_shared<const ProposalSet>(engine.propose(s.problem->default_target()));
  }
  if (engine.trained()) s.metrics = std::make_shared<const Metrics>(engine.metrics());
  if (engine.trained() && panels.contains("coverage"))  // only when asked: a slow simulator runs again
    s.test = std::make_shared<const ProposalSet>(engine.propose_test());
  RunData data;
  data.focus_y = s.problem->default_target();
  const unsigned changes = data.apply(std::move(s)) | kFocusTarget;

  std::vector<std::unique_ptr<PlotPanel>> made;
  for (const QString& name : panels) {
    if (name == "loss")
      made.push_back(std::make_unique<LossPanel>());
    else if (name == "manifolds")
      made.push_back(std::make_unique<ManifoldPanel>());
    else if (name == "view" && data.problem->view && data.problem->view->make)
      made.push_back(std::unique_ptr<PlotPanel>(data.problem->view->make(nullptr)));
    else if (name == "results" && data.metrics)
      made.push_back(std::make_unique<ResultsPanel>());
    else if (name == "coverage" && data.metrics && data.test)
      made.push_back(std::make_unique<CoveragePanel>());
  }
  for (auto& panel : made) {
    panel->resize(width, height + 60);  // room for the panel's own controls above the plot
    panel->ensurePolished();
    panel->refresh(data, changes);
    // As in the window: the map shows the level set of the default target y*, not only its proposals.
    if (auto* manifolds = dynamic_cast<ManifoldPanel*>(panel.get())) manifolds->show_focus_target(data.focus_y);
    panel->plot()->resize(width, height);
    panel->plot()->replot();
    sink(panel->plot(), panel->export_name());
  }
}

}  // namespace ml::ui
