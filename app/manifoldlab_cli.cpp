// manifoldlab-cli: the headless front end. Each subcommand lives in app/cli/cmd_*.cpp.
#include <c10/util/Exception.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "core/api/config.h"
#include "core/platform/process_env.h"

namespace {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(int, char**);
};

const Command kCommands[] = {
    {"train", "Train a mixture of tandem networks and write config, metrics, losses, proposals and the model.",
     ml::cli::cmd_train},
    {"infer", "Propose x for target y with a saved model and show which proposal is selected.", ml::cli::cmd_infer},
    {"export", "Write a saved model as one TorchScript module for Python (torch.jit.load).", ml::cli::cmd_export},
    {"simulate", "Run a problem's true simulator on x (and give the robot arm's joint positions).",
     ml::cli::cmd_simulate},
    {"sweep", "Train every cell of a parameter grid over several trials; resumable, shardable.", ml::cli::cmd_sweep},
    {"merge", "Combine sweep shard folders and rewrite the summaries.", ml::cli::cmd_merge},
    {"compare", "Mixture vs direct regression vs neural adjoint: best-of-T error and inference time.",
     ml::cli::cmd_compare},
#ifdef MANIFOLDLAB_HAVE_FIGURES
    {"figure", "Make every figure a run or sweep folder supports (PNG/PDF/SVG), headless.", ml::cli::cmd_figure},
#endif
    {"bench", "Time training steps, inference and sweeps against the machine's sgemm peak; write bench.json.",
     ml::cli::cmd_bench},
};

void usage(FILE* out) {
  std::fprintf(out, "usage: manifoldlab-cli <command> [options]\n\nCommands:\n");
  for (const auto& c : kCommands) std::fprintf(out, "  %-10s %s\n", c.name, c.summary);
  std::fprintf(out, "\nOptions:\n  %-10s %s\n  %-10s %s\n", "--help", "Show this help.", "--version",
               "Print the version and exit.");
  std::fprintf(out, "\nRun 'manifoldlab-cli <command> --help' for a command's options.\n");
}

}  // namespace

int main(int argc, char** argv) {
  // Commands that train re-exec once with a short OpenMP spin (core/platform/process_env.h); quick ones
  // skip the second start-up.
  for (const char* heavy : {"train", "sweep", "compare", "bench"})
    if (argc >= 2 && !std::strcmp(argv[1], heavy)) ml::ensure_process_environment(argv);
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!std::strcmp(argv[1], "--version")) {
    std::printf("manifoldlab-cli %s\n", MANIFOLDLAB_VERSION);
    return 0;
  }
  for (const auto& c : kCommands) {
    if (std::strcmp(argv[1], c.name) != 0) continue;
    try {
      return c.run(argc - 1, argv + 1);
    } catch (const ml::cli::UsageError& e) {
      std::fprintf(stderr, "manifoldlab-cli %s: error: %s\n", c.name, e.what());
      return 2;
    } catch (const ml::ConfigError& e) {
      std::fprintf(stderr, "manifoldlab-cli %s: error: %s\n", c.name, e.what());
      return 2;
    } catch (const c10::Error& e) {
      std::fprintf(stderr, "manifoldlab-cli %s: error: %s\n", c.name, e.what_without_backtrace());
      return 1;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "manifoldlab-cli %s: error: %s\n", c.name, e.what());
      return 1;
    }
  }
  std::fprintf(stderr, "manifoldlab-cli: error: unknown command '%s' (see manifoldlab-cli --help)\n", argv[1]);
  return 2;
}
