#include <cmath>
#include <cstdio>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "core/api/config.h"
#include "core/api/engine.h"
#include "core/problems/registry.h"

namespace ml::cli {

int cmd_simulate(int argc, char** argv) {
  const std::vector<FlagSpec> flags{
      {"problem", problem_choices() + "|torchscript:FILE", "The problem whose true simulator to run."},
      {"domain", "LO:HI,...", "A torchscript: simulator's x box (one range per x dimension)."},
      {"x", "V,V,...", "One input x (x_dim comma-separated values); repeat for several.", true},
  };
  Args args;
  if (!parse_or_help("simulate", argc, argv, flags, "manifoldlab-cli simulate --problem P --x V,V,... [--x ...]",
                     "Prints y = sim(x); for the robot arm also the base and joint positions. An x outside the "
                     "problem's valid set (a thickness <= 0, a launch that never lands) is refused with its "
                     "reason (exit 2).",
                     &args))
    return 0;
  const std::string problem = args.require("problem");
  if (!find_problem_spec(problem) && !is_torchscript_problem(problem))
    throw UsageError("--problem: unknown problem '" + problem + "' (known: " + problem_choices() + ")");
  Config config = preset_config(problem, "quick");
  if (is_torchscript_problem(problem)) set_parameter(config, "domain", args.require("domain"));
  config.samples = 20;          // the simulator needs no data; keep construction cheap
  config.train_fraction = 0.5;  // a preset's split of its large data (the shell's 0.99) would leave no test row
  config.device = "cpu";
  config.threads = 1;
  if (!args.has("x")) throw UsageError("missing --x");
  const Engine engine(config);
  const ProblemInfo info = engine.problem_info();
  for (const auto& text : args.values.at("x")) {
    const auto x = parse_numbers("--x", text);
    if (static_cast<int>(x.size()) != info.x_dim)
      throw UsageError("--x: " + info.name + " inputs have " + std::to_string(info.x_dim) + " values, got '" + text +
                       "'");
    // An x outside the problem's valid set is refused with its reason, not printed as NaN.
    const ProblemSpec* spec = find_problem_spec(info.name);
    if (spec && spec->invalid_reason)
      if (const std::string why = spec->invalid_reason(x.data()); !why.empty())
        throw UsageError(info.name + ": " + why);
    const auto y = engine.simulate(x);
    for (const double v : y)
      if (!std::isfinite(v))
        throw UsageError(info.name + ": the simulator gives no finite y for x = (" + text + ")" +
                         (info.invalid_meaning.empty() ? std::string() : ": it " + info.invalid_meaning));
    std::printf("x = (%s)  y =", text.c_str());
    for (size_t d = 0; d < y.size(); ++d) std::printf(" %s=%.9g", info.y_names[d].c_str(), y[d]);
    std::printf("\n");
    if (spec && spec->simulate_notes)
      for (const auto& line : spec->simulate_notes(x.data())) std::printf("%s\n", line.c_str());
  }
  return 0;
}

}  // namespace ml::cli
