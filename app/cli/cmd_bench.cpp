#include <cstdio>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "core/experiments/bench.h"
#include "core/platform/run_io.h"

namespace ml::cli {

int cmd_bench(int argc, char** argv) {
  const std::vector<FlagSpec> flags{
      {"quick-only", "", "Measure the quick network size only (about a minute on 2 cores)."},
      {"out", "FILE", "Where to write the JSON report (default bench.json)."},
  };
  Args args;
  if (!parse_or_help("bench", argc, argv, flags, "manifoldlab-cli bench [--quick-only] [--out FILE]",
                     "Times training steps (quick and paper sizes, k = 1, 2, 4, 8; loop, parallel and "
                     "batched paths) against a measured sgemm peak, inference, sweep throughput and peak "
                     "memory. Prints a table and writes bench.json.",
                     &args))
    return 0;
  BenchOptions options;
  options.quick_only = args.has("quick-only");
  options.log = [](const std::string& line) { std::fprintf(stderr, "bench: %s\n", line.c_str()); };
  const BenchReport r = run_bench(options);

  std::printf("device %s, %d core(s), BLAS %s\n%s; %s\n", r.device.c_str(), r.cores,
              r.blas.empty() ? "?" : r.blas.c_str(), r.blas_summary.c_str(), r.allocator.c_str());
  for (const auto& [threads, gflops] : r.sgemm_peak_gflops)
    std::printf("sgemm peak, %d thread(s): %.1f GFLOP/s\n", threads, gflops);
  std::printf("\n%-6s %-8s %-9s %2s %7s %6s %10s %8s %6s\n", "size", "phase", "path", "k", "threads", "batch",
              "step ms", "GFLOP/s", "peak");
  for (const auto& c : r.cases)
    std::printf("%-6s %-8s %-9s %2d %7d %6d %10.2f %8.1f %5.0f%%\n", c.size.c_str(), c.phase.c_str(), c.path.c_str(),
                c.k, c.threads, c.batch, c.step_ms, c.gflops, 100 * c.peak_fraction);
  for (const auto& [threads, rate] : r.inference_targets_per_s_by_threads)
    std::printf("%sinference (quick, k=4, propose + select), %d thread(s): %.0f targets/s\n",
                threads == r.inference_targets_per_s_by_threads.begin()->first ? "\n" : "", threads, rate);
  for (const auto& [threads, ms] : r.refine_ms_per_target_by_threads)
    std::printf("refinement (arm quick sizes, k=4, %d steps), %d thread(s): +%.3f ms per target\n", r.refine_steps,
                threads, ms);
  for (const auto& [jobs, rate] : r.sweep_trials_per_hour)
    std::printf("sweep, --jobs %d: %.0f trials/hour\n", jobs, rate);
  std::printf("  (%s)\npeak RSS %.0f MB, bench took %.0f s\n", r.sweep_note.c_str(), r.peak_rss_mb, r.seconds);
  const std::string out = args.get("out", "bench.json");
  write_text_atomic(out, r.to_json() + "\n");
  std::fprintf(stderr, "wrote %s\n", out.c_str());
  return 0;
}

}  // namespace ml::cli
