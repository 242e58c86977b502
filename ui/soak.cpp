#include "ui/soak.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

#include "ui/main_window.h"
#include "ui/panels/controls_panel.h"
#include "ui/worker/training_runner.h"

namespace ml::ui {
namespace {

/// VmRSS from /proc/self/status, in MiB; 0 where there is none.
double resident_mib() {
  QFile status("/proc/self/status");
  if (!status.open(QIODevice::ReadOnly)) return 0;
  for (const QByteArray& line : status.readAll().split('\n'))
    if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
  return 0;
}

struct SoakState {
  int runs = 0, done = 0, k = 0;  ///< k: the current run's
  QElapsedTimer since_tick, run_clock;
  qint64 run_worst_ms = 0, worst_ms = 0;
  double first_mib = 0, tenth_mib = 0;
};

}  // namespace

void schedule_soak(MainWindow* window, int runs) {
  auto state = std::make_shared<SoakState>();
  state->runs = runs;
  TrainingRunner* runner = window->runner();
  window->set_discard_prompt([] { return DiscardAnswer::Discard; });  // each run's model is a throwaway
  auto* probe = new QTimer(window);
  probe->setInterval(10);
  QObject::connect(probe, &QTimer::timeout, window, [state, runner] {
    const qint64 gap = state->since_tick.restart();
    if (runner->state() == RunState::Training) state->run_worst_ms = std::max(state->run_worst_ms, gap);
  });
  const auto start_next = [state, window] {
    state->k = 2 + state->done % 4;
    window->controls()->set_value("k", std::to_string(state->k));
    state->run_worst_ms = 0;
    state->since_tick.start();
    state->run_clock.start();
    if (!window->start()) {
      std::fprintf(stderr, "manifoldlab: soak run %d did not start\n", state->done + 1);
      QApplication::exit(1);
    }
  };
  QObject::connect(runner, &TrainingRunner::stateChanged, window, [=](RunState s) {
    if (s == RunState::Failed || s == RunState::Stopped) {
      std::fprintf(stderr, "manifoldlab: soak run %d ended %s\n", state->done + 1, run_state_name(s));
      QApplication::exit(1);
      return;
    }
    if (s != RunState::Finished) return;
    ++state->done;
    const double mib = resident_mib();
    if (state->done == 1) state->first_mib = mib;
    if (state->done == 10) state->tenth_mib = mib;
    state->worst_ms = std::max(state->worst_ms, state->run_worst_ms);
    std::printf("run %2d  k %d  %6.1f s  resident %7.1f MiB  worst GUI stall while training %4lld ms\n", state->done,
                state->k, state->run_clock.elapsed() / 1000.0, mib, static_cast<long long>(state->run_worst_ms));
    std::fflush(stdout);
    if (state->done == state->runs) {
      std::printf("soak: %d runs; resident %.1f MiB after run 1, %.1f MiB after run %d", state->runs, state->first_mib,
                  mib, state->runs);
      if (state->runs >= 10)
        std::printf(" (%+.1f %% since run 10)", 100.0 * (mib - state->tenth_mib) / state->tenth_mib);
      std::printf("; worst stall %lld ms\n", static_cast<long long>(state->worst_ms));
      QApplication::exit(0);
      return;
    }
    QTimer::singleShot(0, window, [=] {
      window->reset();
      QTimer::singleShot(50, window, start_next);
    });
  });
  probe->start();
  QTimer::singleShot(500, window, start_next);
}

}  // namespace ml::ui
