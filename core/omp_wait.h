#pragma once
/// OpenMP wait policy for the executables (torch-free header).
///
/// libgomp reads OMP_WAIT_POLICY once, while the process loads, before main() runs. Its default
/// lets idle OpenMP threads spin; on a busy machine (the GUI, parallel trials, other processes)
/// every parallel region then waits for a descheduled thread: 2-thread steps measured 10-50x
/// slower under load, PASSIVE threads sleep instead (see manifoldlab-cli bench). A value the user
/// set wins.
namespace ml {

/// Call first thing in main(). When OMP_WAIT_POLICY is unset, sets it to PASSIVE and re-executes
/// the program (/proc/self/exe, same argv) so that libgomp sees it; returns normally when the
/// variable was already set or the re-exec failed. Never returns otherwise.
void ensure_passive_omp_wait(char** argv);

}  // namespace ml
