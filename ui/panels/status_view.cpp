#include "ui/panels/status_view.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QTimer>

#include "core/platform/blas_core.h"

namespace ml::ui {
namespace {

QString clock(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  return s >= 3600 ? QStringLiteral("%1:%2:%3")
                         .arg(s / 3600)
                         .arg(s / 60 % 60, 2, 10, QChar('0'))
                         .arg(s % 60, 2, 10, QChar('0'))
                   : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
}

QString phase_of(const Progress& p) {
  switch (p.phase) {
    case Phase::Forward:
      return QObject::tr("forward model, epoch %1 of %2").arg(p.epoch).arg(p.epochs);
    case Phase::Inverse:
      if (p.joint)
        return QObject::tr("%1 inverse networks together, epoch %2 of %3").arg(p.networks).arg(p.epoch).arg(p.epochs);
      return QObject::tr("inverse network %1 of %2, epoch %3 of %4")
          .arg(p.network + 1)
          .arg(p.networks)
          .arg(p.epoch)
          .arg(p.epochs);
    case Phase::Evaluate:
      return QObject::tr("evaluating on the test targets");
    case Phase::Done:
      return QObject::tr("done");
    case Phase::Direct:
      return QObject::tr("direct regression, epoch %1 of %2").arg(p.epoch).arg(p.epochs);
    case Phase::Adjoint:
      return QObject::tr("neural adjoint, step %1 of %2").arg(p.step).arg(p.steps);
    case Phase::Generative: {
      static const char* names[] = {"MDN", "cVAE", "cINN"};  // generative_methods()' order
      const char* name = p.network >= 0 && p.network < 3 ? names[p.network] : "generative model";
      return QObject::tr("%1, epoch %2 of %3").arg(QString::fromUtf8(name)).arg(p.epoch).arg(p.epochs);
    }
  }
  return {};
}

}  // namespace

StatusView::StatusView(QWidget* parent) : QWidget(parent) {
  auto* h = new QHBoxLayout(this);
  h->setContentsMargins(0, 0, 0, 0);
  phase_ = new QLabel(tr("ready"), this);
  phase_->setMinimumWidth(360);
  progress_ = new QProgressBar(this);
  progress_->setRange(0, 1000);
  progress_->setValue(0);
  progress_->setMinimumWidth(220);
  progress_->setTextVisible(true);
  progress_->setFormat(QStringLiteral("%p%"));
  device_ = new QLabel(this);
  device_->setToolTip(tr("Where the current run computes, LibTorch's CPU threads and the BLAS kernels "
                         "(which decide the CPU's speed):\n%1")
                          .arg(QString::fromStdString(blas_summary())));
  h->addWidget(phase_);
  h->addWidget(progress_);
  h->addWidget(device_);
  auto* tick = new QTimer(this);
  connect(tick, &QTimer::timeout, this, [this] {
    if (data_ && state_ == RunState::Training) update_view(state_, *data_, paused_s_);
  });
  tick->start(500);
}

QString StatusView::phase_text() const { return phase_->text(); }

QString StatusView::progress_text() const { return progress_->text(); }

void StatusView::update_view(RunState state, const RunData& data, double paused_s) {
  state_ = state;
  data_ = &data;
  paused_s_ = paused_s;
  QString phase;
  switch (state) {
    case RunState::Idle:
      phase = tr("ready");
      break;
    case RunState::Training:
      phase = !data.has_progress                   ? tr("preparing data")
              : data.progress.phase == Phase::Done ? tr("finishing: every test target's answers for the coverage panel")
                                                   : phase_of(data.progress);
      break;
    case RunState::Paused:
      phase = tr("paused: ") + (data.has_progress ? phase_of(data.progress) : QString());
      break;
    case RunState::Finished:
      phase = tr("finished");
      break;
    case RunState::Stopped:
      phase = tr("stopped");
      break;
    case RunState::Failed:
      phase = tr("failed");
      break;
  }
  phase_->setText(phase);
  const Progress& p = data.progress;
  if (data.problem.get() != eta_of_) {
    eta_of_ = data.problem.get();
    eta_ = RemainingTime(data.problem ? data.problem->plan : RunPlan{});
    linear_ = RemainingTime();
    reported_elapsed_ = -1;
  }
  if (data.has_progress && p.run_steps > 0) {
    // The mixture's training is measured phase by phase; a baseline's run is one phase of equal steps.
    const bool planned =
        p.phase == Phase::Forward || p.phase == Phase::Inverse || p.phase == Phase::Evaluate || p.phase == Phase::Done;
    // A new baseline run (another phase or method, or its steps starting over) is measured anew.
    if (!planned && (p.phase != linear_phase_ || p.network != linear_network_ || p.run_step < linear_step_))
      linear_ = RemainingTime();
    if (!planned) {
      linear_phase_ = p.phase;
      linear_network_ = p.network;
      linear_step_ = p.run_step;
    }
    RemainingTime& eta = planned ? eta_ : linear_;
    if (state == RunState::Finished) eta.finish();
    if (p.elapsed_s != reported_elapsed_) {
      reported_elapsed_ = p.elapsed_s;
      reported_busy_ = std::max(0.0, p.elapsed_s - paused_s);
      eta.observe(p, reported_busy_);
      since_report_.restart();
    }
    const double busy_s =
        reported_busy_ +
        (state == RunState::Training && since_report_.isValid() ? since_report_.elapsed() / 1000.0 : 0);
    progress_->setValue(static_cast<int>(1000.0 * eta.fraction(busy_s)));
    const double left = eta.remaining_s(busy_s);
    if (state == RunState::Training && left >= 0)
      progress_->setFormat(tr("%p% · ETA %1").arg(clock(left)));
    else
      progress_->setFormat(tr("%p% · %1").arg(clock(busy_s)));
  } else {
    progress_->setValue(state == RunState::Finished ? 1000 : 0);
    progress_->setFormat(QStringLiteral("%p%"));
  }
  if (data.problem) {
    const std::string core = openblas_core();
    device_->setText(tr("%1 · %2 threads%3")
                         .arg(QString::fromStdString(data.problem->device))
                         .arg(data.problem->threads)
                         .arg(core.empty() ? QString() : tr(" · BLAS %1").arg(QString::fromStdString(core))));
  }
}

}  // namespace ml::ui
