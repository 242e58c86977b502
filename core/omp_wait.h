#pragma once
/// OpenMP wait policy for the executables (torch-free header).
///
/// libgomp reads its wait settings once, while the process loads, before main() runs. Its default
/// lets idle threads spin for a long time (300,000 rounds); on a busy machine (the GUI, parallel
/// trials, other processes) every parallel region then waits for a descheduled thread: 2-thread
/// steps measured 10-50x slower under load. Fully passive threads avoid that but pay a wake-up on
/// every op: the paper-size forward step took 42 ms at 2 threads against 34 ms with a short spin.
/// A short spin (GOMP_SPINCOUNT=10000), then sleep, keeps both (manifoldlab-cli bench). A value
/// the user set wins.
namespace ml {

/// Call first thing in main(). When neither OMP_WAIT_POLICY nor GOMP_SPINCOUNT is set, sets a
/// short spin count and re-executes the program (/proc/self/exe, same argv) so that libgomp sees
/// it; returns normally when either variable was already set or the re-exec failed. Never returns
/// otherwise.
void ensure_short_omp_spin(char** argv);

}  // namespace ml
