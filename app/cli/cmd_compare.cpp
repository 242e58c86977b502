// `manifoldlab-cli compare`: the mixture of tandems against direct inverse regression, neural
// adjoint and the generative baselines (MDN, cVAE, cINN) on the same test targets and forward
// model; writes compare.csv / compare.json and, where Qt is built, the best-of-T and error-vs-time
// figures.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/interrupt.h"
#include "app/cli/progress_printer.h"
#include "core/platform/blas_core.h"
#include "core/platform/process_env.h"
#include "core/experiments/compare.h"
#include "core/platform/run_io.h"

namespace ml::cli {
namespace {

/// "2048x300,64x30" -> {(2048, 300), (64, 30)}.
std::vector<std::pair<int, int>> parse_budgets(const std::string& text) {
  std::vector<std::pair<int, int>> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const size_t x = item.find('x');
    const auto bad = [&] {
      return UsageError("--na-budgets: expected STARTSxSTEPS[,STARTSxSTEPS...] like 2048x300,16x20 (got '" + item +
                        "')");
    };
    if (x == std::string::npos) throw bad();
    try {
      out.emplace_back(static_cast<int>(parse_number(item.substr(0, x), {1, 1e6, false, true})),
                       static_cast<int>(parse_number(item.substr(x + 1), {1, 1e5, false, true})));
    } catch (const ConfigError&) {
      throw bad();
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

/// One column per T of the table, at most five: 1, 10, 50, 200 where asked for, else the first ones.
std::vector<int> table_columns(const std::vector<int>& best_of) {
  std::vector<int> shown;
  for (int T : {1, 10, 50, 200})
    if (std::find(best_of.begin(), best_of.end(), T) != best_of.end()) shown.push_back(T);
  for (int T : best_of)
    if (shown.size() < 5 && std::find(shown.begin(), shown.end(), T) == shown.end()) shown.push_back(T);
  std::sort(shown.begin(), shown.end());
  return shown;
}

void print_table(const CompareResult& r, const std::vector<int>& best_of) {
  std::printf(
      "%s, %d test targets, forward test MSE %.3g, every method on %d thread(s); r_T: best of T, '-': the "
      "method has fewer than T proposals\n",
      r.problem.c_str(), r.targets, r.forward_test_mse, r.threads);
  const auto columns = table_columns(best_of);
  std::printf("%-34s", "method");
  for (int T : columns) std::printf(" %10s", ("T=" + std::to_string(T)).c_str());
  std::printf(" %12s %12s %10s\n", "ms/target", "targets/s", "train s");
  for (const auto& m : r.methods) {
    std::printf("%-34s", m.label.c_str());
    for (int T : columns) {
      const auto it =
          std::find_if(m.best_of_t.begin(), m.best_of_t.end(), [T](const auto& tv) { return tv.first == T; });
      if (it == m.best_of_t.end())
        std::printf(" %10s", "-");
      else
        std::printf(" %10.3g", it->second);
    }
    std::printf(" %12.4g %12.4g %10.4g\n", m.seconds * 1e3 / r.targets, m.seconds > 0 ? r.targets / m.seconds : 0.0,
                m.train_seconds);
  }
}

}  // namespace

int cmd_compare(int argc, char** argv) {
  auto flags = config_flags();
  flags.push_back({"out", "DIR", "Folder for compare.csv, compare.json and the figures."});
  flags.push_back({"model", "DIR", "Use a saved run (from train) instead of training one here."});
  flags.push_back({"targets", "N", "How many test targets every method answers (default 100)."});
  flags.push_back({"na-budgets", "BxT,...",
                   "Neural adjoint budgets, starts x steps (default: the configured na-starts x na-steps, then "
                   "64x30, 8x10 and 1x5, smaller budgets nearer the mixture's inference time)."});
  flags.push_back({"best-of", "LIST",
                   "The T values of the best-of-T curve, comma-separated (default 1,2,4,10,50,200). A method "
                   "reports r_T only for T up to its proposals per target (k; na-budgets' starts; gen-samples)."});
  flags.push_back({"methods", "LIST",
                   "Methods to compare, comma-separated: mixture,mixture+refine,direct,adjoint,mdn,cvae,cinn "
                   "(default: all; mixture+refine refines with --refine-steps, or the quick preset's steps). "
                   "The forward model and the mixture are trained either way: f ranks every method."});
  Args args;
  if (!parse_or_help(
          "compare", argc, argv, flags,
          "manifoldlab-cli compare --problem " + problem_choices() + " [--targets N] [--model DIR] --out DIR",
          "Trains (or loads) the forward model and the mixture once, then runs the mixture, direct inverse "
          "regression, neural adjoint and the generative baselines (MDN, cVAE, cINN: trained here with the "
          "gen-* settings, gen-samples draws per target) on the same test targets. Reports the "
          "re-simulation error of the best of T proposals (each method's own ranking: forward-model fit; "
          "for neural adjoint and the generative samples fit + boundary loss), the inference time per "
          "target, every method on the same thread count (--threads, default every core), and each "
          "method's training time.",
          &args))
    return 0;
  const std::string out = args.require("out");
  CompareOptions options;
  if (args.has("methods")) {
    try {
      options.methods = parse_compare_methods(args.get("methods"));
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
  }
  if (args.has("targets")) {
    options.targets = static_cast<int>(parse_flag_number("--targets", args.get("targets"), {1, 1e6, false, true}));
  }
  if (args.has("best-of")) {
    options.best_of.clear();
    for (double T : parse_numbers("--best-of", args.get("best-of"))) {
      if (T < 1 || T > 1e6 || T != std::floor(T))
        throw UsageError("--best-of: each T must be a whole number from 1 to 1000000 (got " + format_real(T) + ")");
      if (std::find(options.best_of.begin(), options.best_of.end(), static_cast<int>(T)) != options.best_of.end())
        throw UsageError("--best-of: T=" + format_real(T) + " is listed twice");
      options.best_of.push_back(static_cast<int>(T));
    }
    std::sort(options.best_of.begin(), options.best_of.end());
  }
  TrainControl control;
  std::optional<StopOnInterrupt> interrupt(std::in_place, control.stop);
  auto engine = [&] {
    if (!args.has("model")) return Engine(resolve_config(config_overrides(args)));
    if (!config_overrides(args).empty())
      throw UsageError("--model: settings come from the saved run; drop the other flags");
    return Engine::load(args.get("model"));
  }();
  options.adjoint_lr = engine.config().na_lr;
  options.threads = engine.config().threads;
  options.generative_samples = engine.config().gen_samples;
  options.adjoint_budgets =
      parse_budgets(args.get("na-budgets", std::to_string(engine.config().na_starts) + "x" +
                                               std::to_string(engine.config().na_steps) + ",64x30,8x10,1x5"));
  if (!engine.trained()) {
    std::fprintf(stderr, "training %s (%s preset, k=%d) with %d thread(s); BLAS %s; %s\n",
                 engine.config().problem.c_str(), engine.config().preset.c_str(), engine.config().k, engine.threads(),
                 blas_summary().c_str(), allocator_name());
    ProgressPrinter printer(engine.run_plan());
    const bool done = engine.train([&](const Progress& p) { printer(p); }, control);
    printer.finish();
    if (!done) {
      std::fprintf(stderr, "stopped: nothing compared\n");
      return 130;
    }
  }
  CompareResult result;
  const bool done = run_compare(
      engine, options, control, [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); }, &result);
  interrupt.reset();
  if (!done) {
    std::fprintf(stderr, "stopped: nothing written\n");
    return 130;
  }
  std::filesystem::create_directories(out);
  const std::filesystem::path dir(out);
  write_text_atomic((dir / "compare.json").string(), result.to_json() + "\n");
  write_text_atomic((dir / "compare.csv").string(), result.to_csv());
  if (!args.has("model")) engine.save((dir / "model").string());
  print_table(result, options.best_of);
  std::fprintf(stderr, "wrote %s\n", out.c_str());
#ifdef MANIFOLDLAB_HAVE_FIGURES
  std::string from = out;
  char name[] = "figure", from_flag[] = "--from", formats_flag[] = "--formats", formats[] = "png,pdf";
  char* figure_argv[] = {name, from_flag, from.data(), formats_flag, formats, nullptr};
  return cmd_figure(5, figure_argv);
#else
  return 0;
#endif
}

}  // namespace ml::cli
