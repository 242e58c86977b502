#pragma once
/// A hidden start mode for the long-session check (issue 31): `runs` runs in one window, each
/// Start, finish, Reset, then the next k (2, 3, 4, 5, 2, ...). After each run it prints the
/// process's resident memory and the GUI's worst stall while training: the longest gap between
/// the ticks of a 10 ms timer on the GUI thread. GUI thread only.
namespace ml::ui {

class MainWindow;

/// Schedules the runs and QApplication::exit (0, or 1 when a run fails).
void schedule_soak(MainWindow* window, int runs);

}  // namespace ml::ui
