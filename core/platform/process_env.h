#pragma once
/// The start-up environment of the executables: OpenMP's wait policy and OpenBLAS's kernels
/// (torch-free header). Both libraries read their variables once, while the process loads, before
/// main() runs, so the only way to set them is one re-execution.
///
/// OpenMP: libgomp's default lets idle threads spin for a long time (300,000 rounds); on a busy
/// machine (the GUI, parallel trials, other processes) every parallel region then waits for a
/// descheduled thread: 2-thread steps measured 10-50x slower under load. Fully passive threads pay
/// a wake-up on every op (the paper-size forward step took 42 ms at 2 threads against 34 ms with a
/// short spin). A short spin (GOMP_SPINCOUNT=10000), then sleep, keeps both.
///
/// OpenBLAS: an OpenBLAS older than the CPU falls back to generic SSE kernels (core/platform/blas_core.h);
/// OPENBLAS_CORETYPE names the kernels the CPU's instruction set allows.
namespace ml {

/// Call first thing in main(). Sets GOMP_SPINCOUNT=10000 unless OMP_WAIT_POLICY or GOMP_SPINCOUNT
/// is set, and OPENBLAS_CORETYPE to the best core for this CPU when OpenBLAS fell back to a lesser
/// one and the user set none; when either changed, re-executes the program (/proc/self/exe, same
/// argv) once and never returns. Returns normally when nothing needs setting or the re-exec failed.
void ensure_process_environment(char** argv);

/// "tcmalloc" when the executable was linked with it (see CMakeLists.txt), else "glibc malloc".
const char* allocator_name();

/// Gives the calling thread a low scheduling priority (Linux: nice 10 for this thread only), for
/// work that should not slow the run beside it (the inverse preview); elsewhere a no-op.
void lower_this_thread_priority();

}  // namespace ml
