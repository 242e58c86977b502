#include "ui/teaching/tour_panel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/worker/training_runner.h"

namespace ml::ui {

TourPanel::TourPanel(TourHost* host, QWidget* parent) : QWidget(parent), host_(host) {
  auto* column = new QVBoxLayout(this);
  counter_ = new QLabel(this);
  title_ = new QLabel(this);
  title_->setWordWrap(true);
  text_ = new QLabel(this);
  text_->setWordWrap(true);
  text_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  status_ = new QLabel(this);
  status_->setWordWrap(true);
  previous_ = new QPushButton(tr("◀ Previous"), this);
  again_ = new QPushButton(tr("Run again"), this);
  next_ = new QPushButton(tr("Next ▶"), this);
  previous_->setToolTip(tr("Open the previous scene (stops the running training)."));
  again_->setToolTip(tr("Run this scene again from the start."));
  next_->setToolTip(tr("Open the next scene (stops the running training)."));
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(previous_);
  buttons->addWidget(again_);
  buttons->addWidget(next_);
  column->addWidget(counter_);
  column->addWidget(title_);
  column->addWidget(text_, 1);
  column->addWidget(status_);
  column->addLayout(buttons);
  connect(previous_, &QPushButton::clicked, this, &TourPanel::previous);
  connect(again_, &QPushButton::clicked, this, &TourPanel::run_again);
  connect(next_, &QPushButton::clicked, this, &TourPanel::next);

  TrainingRunner* runner = host_->runner();
  connect(runner, &TrainingRunner::stateChanged, this, [this, runner](RunState s) {
    if (phase_ == Phase::Stopping && !runner->busy())
      launch();
    else if (phase_ == Phase::Training && s == RunState::Finished)
      after_training();
    else if (phase_ == Phase::Training && !runner->busy()) {  // stopped or failed: the user's call
      phase_ = Phase::None;
      update_view();
    }
  });
  connect(runner, &TrainingRunner::baselineFinished, this, [this] {
    if (phase_ == Phase::Direct || phase_ == Phase::Adjoint) next_baseline();
  });

  set_scenes(load_tour(tour_dirs(), &errors_));
}

void TourPanel::set_scenes(std::vector<TourScene> scenes) {
  scenes_ = std::move(scenes);
  index_ = -1;
  phase_ = Phase::None;
  update_view();
}

void TourPanel::open_scene(int i) {
  if (scenes_.empty()) return;
  index_ = std::clamp(i, 0, static_cast<int>(scenes_.size()) - 1);
  clock_.start();
  phase_ = Phase::Stopping;
  update_view();
  if (host_->runner()->busy())
    host_->stop();  // launch() follows on the state change
  else
    launch();
}

void TourPanel::next() { open_scene(index_ + 1); }
void TourPanel::previous() { open_scene(std::max(0, index_ - 1)); }
void TourPanel::run_again() { open_scene(std::max(0, index_)); }

void TourPanel::launch() {
  const TourScene& s = scenes_[index_];
  host_->set_controls(s.config);
  phase_ = Phase::Training;
  if (!host_->start_scene_run()) {
    phase_ = Phase::None;
    update_view();
    return;
  }
  if (!s.focus.empty()) host_->set_focus_target(s.focus);
  apply_view();
  update_view();
}

void TourPanel::after_training() {
  const TourScene& s = scenes_[index_];
  if (!s.focus.empty()) host_->set_focus_target(s.focus);  // neural adjoint answers y*
  phase_ = Phase::Training;
  next_baseline();
}

void TourPanel::next_baseline() {
  const TourScene& s = scenes_[index_];
  // Direct regression first, then neural adjoint; each step starts the next one that is listed.
  if (phase_ == Phase::Training && s.run_direct) {
    phase_ = Phase::Direct;
    if (host_->run_direct_regression()) return update_view();
  }
  if ((phase_ == Phase::Training || phase_ == Phase::Direct) && s.run_adjoint) {
    phase_ = Phase::Adjoint;
    if (host_->run_neural_adjoint()) return update_view();
  }
  finish();
}

void TourPanel::finish() {
  phase_ = Phase::Done;
  apply_view();
  update_view();
  emit sceneReady(index_, clock_.elapsed() / 1000.0);
}

void TourPanel::apply_view() {
  const TourScene& s = scenes_[index_];
  host_->set_method_toggles(s.show_mixture, s.show_direct, s.show_adjoint);
}

void TourPanel::update_view() {
  const int n = static_cast<int>(scenes_.size());
  const int shown = std::max(0, index_);  // before the first scene opens, it is previewed
  if (shown >= n) {
    counter_->setText(tr("Guided tour"));
    title_->setText(tr("<h3>No scenes</h3>"));
    text_->setText(
        tr("No scene files were found. Put scenes (*.json) into %1.").arg(tour_dirs().join(tr(" or into "))));
  } else {
    const TourScene& s = scenes_[shown];
    counter_->setText(tr("Scene %1 of %2").arg(shown + 1).arg(n));
    title_->setText("<h3>" + s.title.toHtmlEscaped() + "</h3>");
    text_->setText(s.text);
  }
  QString status;
  switch (phase_) {
    case Phase::None:
      status = index_ < 0 && n > 0 ? tr("Press Run to open this scene.") : QString();
      break;
    case Phase::Stopping:
      status = tr("Stopping the running training…");
      break;
    case Phase::Training:
      status = tr("Training…");
      break;
    case Phase::Direct:
      status = tr("Training the direct regression…");
      break;
    case Phase::Adjoint:
      status = tr("Running neural adjoint on y*…");
      break;
    case Phase::Done:
      status = tr("Ready (%1 s).").arg(clock_.elapsed() / 1000.0, 0, 'f', 1);
      break;
  }
  if (!errors_.isEmpty()) status += (status.isEmpty() ? "" : "\n") + tr("Skipped: %1").arg(errors_.join("; "));
  status_->setText(status);
  previous_->setEnabled(index_ > 0);
  next_->setEnabled(index_ + 1 < n);
  again_->setText(index_ < 0 ? tr("Run") : tr("Run again"));
  again_->setEnabled(n > 0);
}

}  // namespace ml::ui
