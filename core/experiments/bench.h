#pragma once
/// The engine's performance figures (issue 5): training steps per path and network size against
/// a measured sgemm peak, inference throughput, sweep throughput and peak memory. Torch-free
/// header; `manifoldlab-cli bench` prints and saves a BenchReport.
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ml {

/// One timed training step.
struct BenchCase {
  std::string size;   ///< "quick" or "paper" (the sine preset's network sizes and batch)
  std::string phase;  ///< "forward" (f on MSE) or "inverse" (one joint step of k networks)
  std::string path;   ///< "loop" (one after another), "parallel" (one thread each), "batched" (bmm)
  int k = 1;
  int threads = 1;  ///< CPU threads used in all
  int batch = 0;
  double step_ms = 0;        ///< median over the timed steps
  double gflops = 0;         ///< matmul FLOPs per step / step time
  double peak_fraction = 0;  ///< gflops / sgemm peak at the same thread count
};

struct BenchReport {
  std::string device, blas;
  std::string blas_summary;  ///< library, version and core (blas_summary())
  std::string blas_core;     ///< OpenBLAS's core ("" for another BLAS)
  std::string allocator;     ///< allocator_name(): tcmalloc or glibc malloc
  int cores = 1;
  std::map<int, double> sgemm_peak_gflops;  ///< by thread count
  std::vector<BenchCase> cases;
  double inference_targets_per_s = 0;  ///< quick size, k = 4, propose + select (best thread count)
  std::map<int, double> inference_targets_per_s_by_threads;
  /// Milliseconds per target that refinement (refine_steps steps, the arm's quick preset) adds
  /// to inference at k = 4, by thread count.
  int refine_steps = 0;
  std::map<int, double> refine_ms_per_target_by_threads;
  std::map<int, double> sweep_trials_per_hour;  ///< by jobs (short reference trials, see sweep_note)
  std::string sweep_note;
  double peak_rss_mb = 0;  ///< this process's peak resident memory
  double seconds = 0;

  /// JSON with sgemm_peak_gflops (at the machine's core count) and sgemm_peak_gflops_by_threads.
  std::string to_json() const;
};

struct BenchOptions {
  bool quick_only = false;
  std::function<void(const std::string&)> log;  ///< progress lines; may be empty
};

/// Runs every measurement on the CPU (and on CUDA where available, for the training steps).
/// Takes about a minute with quick_only on 2 cores; restores LibTorch's thread count.
BenchReport run_bench(const BenchOptions& options);

/// Peak resident set size of this process in MB (getrusage).
double peak_rss_mb();

}  // namespace ml
