#pragma once
/// The CLI's subcommands. Each takes argv with argv[0] = the subcommand's name and returns the
/// process exit code; errors are thrown (UsageError, ConfigError, std::runtime_error).
namespace ml::cli {
int cmd_train(int argc, char** argv);
int cmd_infer(int argc, char** argv);
int cmd_export(int argc, char** argv);
int cmd_simulate(int argc, char** argv);
int cmd_sweep(int argc, char** argv);
int cmd_merge(int argc, char** argv);
int cmd_figure(int argc, char** argv);  // only where Qt is built
int cmd_compare(int argc, char** argv);
int cmd_bench(int argc, char** argv);
}  // namespace ml::cli
