// The user's own target and its candidates: File > Open target y*, --target, the candidates table.
#include <QDockWidget>
#include <QFileInfo>
#include <QStatusBar>
#include <QTimer>
#include <cstdio>

#include "core/api/target.h"
#include "ui/dialogs/warning.h"
#include "ui/main_window.h"
#include "ui/panels/candidates_panel.h"
#include "ui/panels/parallel_panel.h"
#include "ui/views/shell_view.h"
#include "ui/views/view_panel.h"
#include "ui/views/view_registry.h"
#include "ui/worker/training_runner.h"

namespace ml::ui {

void MainWindow::add_design_docks(QDockWidget* coverage_dock, QDockWidget* loss_dock) {
  // Every x of every candidate: the table beside the results, the parallel coordinates (x_dim > 2)
  // in the wide strip under the two-dimension map, beside the losses; both follow y*.
  candidates_ = new CandidatesPanel(this);
  parallel_ = new ParallelPanel(this);
  candidates_dock_ =
      add_dock(candidates_, tr("Candidates for y*"), "dock_candidates", "candidates", Qt::RightDockWidgetArea);
  tabifyDockWidget(coverage_dock, candidates_dock_);
  parallel_dock_ =
      add_dock(parallel_, tr("All x dimensions"), "dock_parallel", parallel_->help_name(), Qt::RightDockWidgetArea);
  splitDockWidget(loss_dock, parallel_dock_, Qt::Horizontal);
  parallel_dock_->hide();
  connect(candidates_, &CandidatesPanel::candidateChosen, this, &MainWindow::show_candidate);
}

void MainWindow::set_target_once_drawn(const QString& file, const std::vector<std::pair<double, double>>& points) {
  ++target_pending_;
  auto* poll = new QTimer(this);
  connect(poll, &QTimer::timeout, this, [this, file, points, poll] {
    apply_snapshot();
    if (!data_.problem || runner_->busy() || runner_->loading()) return;  // drawn, and a model opened at launch loaded
    poll->stop();
    poll->deleteLater();
    --target_pending_;
    QString error;
    if (!file.isEmpty() && !open_target_file(file, &error)) {
      std::fprintf(stderr, "manifoldlab: --target: %s\n", qPrintable(error));
      show_warning(this, tr("Cannot use that target:\n%1").arg(error));
    }
    if (!points.empty()) {
      if (auto* shell = qobject_cast<ShellView*>(view_panel("shell"))) {
        shell->set_source(ShellView::Source::Drawn);
        shell->set_drawn_points(points);
        candidates_dock_->raise();
      } else {
        std::fprintf(stderr, "manifoldlab: --draw-target draws on the shell's spectrum only\n");
      }
    }
  });
  poll->start(100);
}

bool MainWindow::open_target_file(const QString& path, QString* error) {
  QString why;
  if (!data_.problem) {
    why = tr("no problem is drawn yet");
  } else {
    const ProblemInfo& info = data_.problem->info;
    try {
      set_focus_target(read_target_file(path.toStdString(), info.y_dim, info.y_grid));
      candidates_dock_->raise();  // the user brought a target: show what answers it
      statusBar()->showMessage(tr("y* from %1").arg(QFileInfo(path).fileName()), 5000);
      return true;
    } catch (const TargetError& e) {
      why = QString::fromUtf8(e.what());
    }
  }
  if (error) *error = why;
  statusBar()->showMessage(tr("Cannot use that target: %1").arg(why), 8000);
  return false;
}

void MainWindow::show_candidate(int network) {
  data_.chosen_network = network;
  parallel_->refresh(data_, kFocus);
  for (const auto& v : views_)
    if (data_.problem && v.spec->problem == data_.problem->info.name) {
      v.panel->refresh(data_, kFocus);
      v.dock->raise();
    }
  statusBar()->showMessage(tr("Showing network g%1's candidate").arg(network + 1), 4000);
}

}  // namespace ml::ui
