#pragma once
/// A hidden start mode for docs and visual checks: train for a while, then save the window and
/// each panel as PNG files and quit. GUI thread only; the window must outlive the schedule.
#include <QString>
#include <vector>

namespace ml::ui {

class MainWindow;

struct ScreenshotOptions {
  QString file;               ///< window PNG; panels go to <stem>-<panel>.png beside it
  double train_seconds = 10;  ///< training time before the picture (less if training ends)
  QString export_dir;         ///< when set, every panel is also exported there as PNG, PDF and SVG
  bool baselines = false;  ///< after a finished run, also train direct regression and the generative baselines, and run
                           ///< neural adjoint
  int tour_scene = 0;      ///< 1-based: open this guided-tour scene and wait until it is ready
                           ///< (train_seconds caps the wait); prints the time to stderr
  bool no_start = false;   ///< picture the window as launched (once its problem is drawn), no training
  bool status_log = false;       ///< print the status bar (progress, ETA, phase) to stderr every 0.5 s while busy
  std::vector<double> shots_at;  ///< seconds after Start: also <stem>-at<N>s.png (+ panels), training on
};

/// Starts training in `window` and schedules the pictures and QApplication::exit(0)
/// (exit code 1 when a file cannot be written). Prints to stderr when the first inverse
/// network's manifold is drawn, in seconds after Start.
void schedule_screenshot(MainWindow* window, const ScreenshotOptions& options);

}  // namespace ml::ui
