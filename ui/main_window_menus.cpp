// MainWindow's menus, toolbar and shortcuts (split from main_window.cpp to keep files short).
#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenuBar>
#include <QToolBar>
#include <qcustomplot.h>

#include "ui/dialogs/about_dialog.h"
#include "ui/dialogs/dataset_dialog.h"
#include "ui/dialogs/warning.h"
#include "ui/main_window.h"
#include "ui/panels/manifold_panel.h"
#include "ui/plotting/figure_export.h"
#include "ui/session.h"
#include "ui/worker/training_runner.h"

namespace ml::ui {

void MainWindow::build_menus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open session or config…"), QKeySequence::Open, this, &MainWindow::open_session);
  recent_menu_ = file->addMenu(tr("Open &recent"));
  file->addAction(tr("&Save session"), QKeySequence::Save, this, [this] {
    if (session_->current().isEmpty() || !QFileInfo(session_->current()).isDir())
      save_session_as();
    else
      session_->save(session_->current(), with_model_action_->isChecked());
  });
  file->addAction(tr("Save session &as…"), QKeySequence::SaveAs, this, &MainWindow::save_session_as);
  file->addAction(tr("Open &data set…"), this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a data set"), QString(),
                                                      tr("CSV with a header row (*.csv *.txt);;All files (*)"));
    if (path.isEmpty()) return;
    DatasetDialog dialog(path, this);
    if (!dialog.error().isEmpty()) {
      show_warning(this, dialog.error());
      return;
    }
    if (dialog.exec() == QDialog::Accepted) open_data_set(path, dialog.x_columns(), dialog.y_columns());
  });
  file->addAction(tr("Open s&imulator…"), this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a TorchScript simulator"), QString(),
                                                      tr("TorchScript (*.pt *.pth);;All files (*)"));
    if (path.isEmpty()) return;
    bool ok = false;
    const QString domain =
        QInputDialog::getText(this, tr("Simulator domain"),
                              tr("x box, lo:hi per x dimension (it gives x's size), e.g. -1:1,-1:1.\n"
                                 "forward(x[N, D]) must return y[N, M]; the prior is uniform in the box."),
                              QLineEdit::Normal, QString(), &ok);
    if (ok && !domain.trimmed().isEmpty()) open_simulator(path, domain.trimmed());
  });
  file->addAction(tr("Open &target y*…"), this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Target y*"), QString(),
                                                      tr("Targets (*.csv *.txt *.tsv *.dat);;All files (*)"));
    QString error;
    if (!path.isEmpty() && !open_target_file(path, &error))
      show_warning(this, tr("Cannot use that target:\n%1").arg(error));
  });
  with_model_action_ = file->addAction(tr("Include the trained &model in sessions"));
  with_model_action_->setCheckable(true);
  with_model_action_->setChecked(true);
  file->addSeparator();
  file->addAction(tr("Export &TorchScript…"), this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the mixture as TorchScript"),
                                                      QStringLiteral("mixture.pt"), tr("TorchScript (*.pt)"));
    if (!path.isEmpty()) runner_->export_model(path);
  });
  file->addAction(tr("&Export figure…"), QKeySequence(Qt::CTRL | Qt::Key_E), this,
                  [this] { export_dialog(manifold_); });
  file->addAction(tr("Export &all panels…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), this,
                  &MainWindow::export_all);
  QMenu* copy = file->addMenu(tr("&Copy plot to clipboard"));
  for (auto* panel : plot_panels())
    copy->addAction(panel->windowTitle(), this, [panel] {
      copy_figure(panel->plot(), FigureOptions{panel->plot()->width(), panel->plot()->height(), 192});
    });
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  start_action_ = run->addAction(tr("&Start"), QKeySequence(Qt::Key_Space), this, &MainWindow::start_or_pause);
  stop_action_ = run->addAction(tr("S&top"), QKeySequence(Qt::CTRL | Qt::Key_Period), this, &MainWindow::stop);
  reset_action_ = run->addAction(tr("&Reset"), QKeySequence(Qt::CTRL | Qt::Key_R), this, &MainWindow::reset);
  start_action_->setToolTip(tr("Start training (Space); while training, Space pauses and resumes."));
  reset_action_->setToolTip(tr("Stop and clear every plot."));
  run->addSeparator();
  step_epoch_action_ = run->addAction(tr("Step one &epoch"), QKeySequence(Qt::CTRL | Qt::Key_Right), this,
                                      [this] { step(StepMode::Epoch); });
  step_network_action_ = run->addAction(tr("Step one &network"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Right),
                                        this, [this] { step(StepMode::Network); });
  step_epoch_action_->setToolTip(
      tr("Train until the current epoch ends, then pause (Ctrl+Right). "
         "Starts a run when none is going."));
  step_network_action_->setToolTip(
      tr("Train until the current network is finished, then pause (Ctrl+Shift+Right); "
         "the forward network counts as one, the joint schedule's networks as one."));
  QMenu* baselines = menuBar()->addMenu(tr("&Baselines"));
  direct_action_ = baselines->addAction(tr("Train &direct regression"), QKeySequence(Qt::CTRL | Qt::Key_D), this,
                                        &MainWindow::run_direct_regression);
  direct_action_->setToolTip(
      tr("Train one network y → x on MSE with the inverse networks' settings: on a "
         "non-unique problem it averages the solutions (the mean collapse)."));
  adjoint_action_ = baselines->addAction(tr("Run neural &adjoint on y*"), QKeySequence(Qt::CTRL | Qt::Key_J), this,
                                         &MainWindow::run_neural_adjoint);
  adjoint_action_->setToolTip(
      tr("Gradient descent on x through the forward model from many starts, for the "
         "chosen target y* (settings under Controls → Baselines). Stop cancels it."));
  baselines->addSeparator();
  const std::vector<std::pair<std::string, QString>> generative{
      {"mdn", tr("Train &MDN")}, {"cvae", tr("Train c&VAE")}, {"cinn", tr("Train c&INN")}};
  for (const auto& [method, label] : generative) {
    const std::string m = method;
    auto* a = baselines->addAction(label, this, [this, m] { run_generative({m}); });
    a->setToolTip(tr("Train the %1 generative baseline y → samples of x with the run's gen_* settings; "
                     "its samples for y* show as a cloud in X-space. Stop cancels it.")
                      .arg(QString::fromStdString(m).toUpper()));
    generative_actions_.push_back(a);
  }
  auto* all = baselines->addAction(tr("Train all &generative baselines"), this, [this] { run_generative(); });
  all->setToolTip(tr("Train MDN, cVAE and cINN one after the other (Stop cancels the rest)."));
  generative_actions_.push_back(all);
  auto* toolbar = addToolBar(tr("Run"));
  toolbar->setObjectName("toolbar_run");
  toolbar->addActions({start_action_, step_epoch_action_, step_network_action_, stop_action_, reset_action_});
  toolbar->addSeparator();
  toolbar->addActions({direct_action_, adjoint_action_});

  QMenu* view = menuBar()->addMenu(tr("&View"));
  for (auto* dock : findChildren<QDockWidget*>()) view->addAction(dock->toggleViewAction());
  view->addAction(toolbar->toggleViewAction());
  view->addSeparator();
  presentation_action_ = view->addAction(tr("&Presentation view"));
  presentation_action_->setCheckable(true);
  presentation_action_->setShortcut(QKeySequence(Qt::Key_F11));
  presentation_action_->setToolTip(
      tr("Full screen, large fonts, thick lines and strong colours for a projector (F11)."));
  connect(presentation_action_, &QAction::toggled, this, &MainWindow::set_presentation_view);
  view->addAction(tr("Reset &layout"), this, [this] { restoreState(default_state_); });

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  auto* tour = help->addAction(tr("&Guided tour"), QKeySequence(Qt::CTRL | Qt::Key_T), this, [this] { open_tour(); });
  tour->setToolTip(
      tr("A lecture in short scenes: why regression fails on non-unique inverses, and what a "
         "mixture of tandems does instead (Next / Previous in the tour's panel)."));
  help->addSeparator();
  help->addAction(tr("&About ManifoldLab"), this, [this] { show_about(this); });
  help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
  rebuild_recent_menu();
}

}  // namespace ml::ui
