#include "ui/screenshot.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QPixmap>
#include <QTimer>
#include <cstdio>
#include <memory>
#include <qcustomplot.h>

#include "ui/atomic_file.h"
#include "ui/dialogs/export_dialog.h"
#include "ui/main_window.h"
#include "ui/panels/manifold_panel.h"
#include "ui/panels/plot_panel.h"
#include "ui/teaching/tour_panel.h"
#include "ui/panels/status_view.h"
#include "ui/worker/training_runner.h"

namespace ml::ui {
namespace {

/// Writes w's picture as a PNG file; false (with a warning) when it cannot.
bool save_picture(QWidget* w, const QString& path) {
  const QPixmap picture = w->grab();
  const QString error = write_file_atomic(path, [&](const QString& tmp) { return picture.save(tmp, "PNG"); });
  if (!error.isEmpty()) qWarning("%s", qPrintable(error));
  return error.isEmpty();
}

/// The window as `file` and each panel as <stem>-<panel>.png beside it.
bool save_window_and_panels(MainWindow* window, const QString& file) {
  bool ok = save_picture(window, file);
  const QFileInfo info(file);
  for (auto* panel : window->plot_panels()) {
    if (panel->parentWidget() && panel->parentWidget()->isHidden()) continue;  // another problem's view
    const QString path = info.absolutePath() + "/" + info.completeBaseName() + "-" + panel->export_name() + ".png";
    ok = save_picture(panel, path) && ok;
  }
  return ok;
}

void take_pictures(MainWindow* window, const ScreenshotOptions& o) {
  window->apply_snapshot();
  bool ok = save_window_and_panels(window, o.file);
  if (!o.export_dir.isEmpty()) {
    const QString error = export_all_panels(window->plot_panels(), o.export_dir, saved_figure_options());
    if (!error.isEmpty()) qWarning("%s", qPrintable(error));
    ok = error.isEmpty() && ok;
  }
  // A headless picture run keeps nothing: closing must not wait on the unsaved-model question,
  // which on a real display (xvfb) is a modal box that nobody answers.
  window->set_discard_prompt([] { return DiscardAnswer::Discard; });
  window->close();
  QApplication::exit(ok ? 0 : 1);
}

/// A picture while training runs on: the latest snapshot, drawn now.
bool take_running_picture(MainWindow* window, const ScreenshotOptions& o, double seconds) {
  window->apply_snapshot();
  for (auto* panel : window->plot_panels()) panel->plot()->replot(QCustomPlot::rpImmediateRefresh);
  const QFileInfo info(o.file);
  const QString file = info.absolutePath() + "/" + info.completeBaseName() + QStringLiteral("-at%1s.png").arg(seconds);
  return save_window_and_panels(window, file);
}

/// Pauses a training still running (a steady picture), then lets the last snapshot and the
/// queued replots land before grabbing.
void picture_soon(MainWindow* window, const ScreenshotOptions& o) {
  if (window->runner()->state() == RunState::Training) window->runner()->pause();
  QTimer::singleShot(600, window, [window, o] { take_pictures(window, o); });
}

void schedule_tour_screenshot(MainWindow* window, const ScreenshotOptions& o) {
  TourPanel* tour = window->tour();
  for (const QString& error : tour->load_errors()) std::fprintf(stderr, "manifoldlab: skipped %s\n", qPrintable(error));
  if (o.tour_scene > static_cast<int>(tour->scenes().size())) {
    std::fprintf(stderr, "manifoldlab: there is no tour scene %d (%d found)\n", o.tour_scene,
                 static_cast<int>(tour->scenes().size()));
    QTimer::singleShot(0, [] { QApplication::exit(2); });
    return;
  }
  auto clock = std::make_shared<QElapsedTimer>();
  clock->start();
  window->open_tour(o.tour_scene - 1);
  auto* poll = new QTimer(window);
  QObject::connect(poll, &QTimer::timeout, window, [window, tour, o, clock, poll] {
    const bool over = clock->elapsed() >= o.train_seconds * 1000;
    if (!tour->ready() && !over) return;
    std::fprintf(stderr, "tour scene %d: %s after %.1f s\n", o.tour_scene, tour->ready() ? "ready" : "NOT ready",
                 clock->elapsed() / 1000.0);
    poll->stop();
    picture_soon(window, o);
  });
  poll->start(50);
}

/// The window as launched: waits (up to train_seconds) for the problem's first picture.
void schedule_launch_screenshot(MainWindow* window, const ScreenshotOptions& o) {
  auto clock = std::make_shared<QElapsedTimer>();
  clock->start();
  auto* poll = new QTimer(window);
  QObject::connect(poll, &QTimer::timeout, window, [window, o, clock, poll] {
    window->apply_snapshot();
    // The problem drawn, a model opened at launch loaded and a --target set, with its answers.
    const RunData& d = window->data();
    const bool answered = !window->runner()->has_model() || d.focus_is_current();
    const bool ready =
        d.problem && !window->runner()->busy() && !window->runner()->loading() && window->target_settled() && answered;
    if (!ready && clock->elapsed() < o.train_seconds * 1000) return;
    poll->stop();
    picture_soon(window, o);
  });
  poll->start(50);
}

}  // namespace

void schedule_screenshot(MainWindow* window, const ScreenshotOptions& o) {
  if (o.tour_scene > 0) return schedule_tour_screenshot(window, o);
  if (o.no_start) return schedule_launch_screenshot(window, o);
  if (!window->start()) {
    QTimer::singleShot(0, [] { QApplication::exit(2); });
    return;
  }
  auto clock = std::make_shared<QElapsedTimer>();
  clock->start();
  auto* poll = new QTimer(window);
  // Direct regression, then the generative baselines (MDN, cVAE, cINN), then neural adjoint.
  auto baselines_left = std::make_shared<int>(o.baselines ? 3 : 0);
  auto shots_done = std::make_shared<size_t>(0);
  auto manifold_seen = std::make_shared<bool>(false), preview_seen = std::make_shared<bool>(false);
  auto last_status = std::make_shared<qint64>(-1000);
  QObject::connect(
      poll, &QTimer::timeout, window,
      [window, o, clock, poll, baselines_left, shots_done, manifold_seen, preview_seen, last_status] {
        if (o.status_log && window->runner()->busy() && clock->elapsed() - *last_status >= 500) {
          *last_status = clock->elapsed();  // what the status bar says, to check its ETA against the end
          std::fprintf(stderr, "status %.2f s: %s | %s\n", clock->elapsed() / 1000.0,
                       qPrintable(window->status_view()->progress_text()),
                       qPrintable(window->status_view()->phase_text()));
        }
        if (o.status_log && *last_status >= 0 && !window->runner()->busy()) {
          std::fprintf(stderr, "status %.2f s: run ended (%s)\n", clock->elapsed() / 1000.0,
                       qPrintable(window->status_view()->phase_text()));
          *last_status = -1000000;
        }
        if (!*preview_seen && window->manifold_panel()->preview_points() > 0) {
          *preview_seen = true;
          std::fprintf(stderr, "first inverse manifold (preview through f while f learns) drawn after %.2f s\n",
                       clock->elapsed() / 1000.0);
        }
        if (!*manifold_seen && window->manifold_panel()->drawn_points() > 0) {
          *manifold_seen = true;
          std::fprintf(stderr, "first trained network's manifold drawn after %.2f s\n", clock->elapsed() / 1000.0);
        }
        if (*shots_done < o.shots_at.size() && clock->elapsed() >= o.shots_at[*shots_done] * 1000)
          take_running_picture(window, o, o.shots_at[(*shots_done)++]);
        const bool over = clock->elapsed() >= o.train_seconds * 1000;
        if (window->runner()->busy() && !over) return;
        if (*baselines_left > 0 && !window->runner()->busy() && window->runner()->state() == RunState::Finished) {
          const bool started = *baselines_left == 3   ? window->run_direct_regression()
                               : *baselines_left == 2 ? window->run_generative()
                                                      : window->run_neural_adjoint();
          *baselines_left = started ? *baselines_left - 1 : 0;
          clock->restart();
          return;
        }
        poll->stop();
        picture_soon(window, o);
      });
  poll->start(50);  // fine enough to time the first manifold
}

}  // namespace ml::ui
