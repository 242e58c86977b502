#include <cstdio>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "core/config.h"
#include "core/engine.h"
#include "core/problems/robot_arm_geometry.h"

namespace ml::cli {

int cmd_simulate(int argc, char** argv) {
  const std::vector<FlagSpec> flags{
      {"problem", "sine|robot-arm", "The problem whose true simulator to run."},
      {"x", "V,V,...", "One input x (x_dim comma-separated values); repeat for several.", true},
  };
  Args args;
  if (!parse_or_help("simulate", argc, argv, flags, "manifoldlab-cli simulate --problem P --x V,V,... [--x ...]",
                     "Prints y = sim(x); for the robot arm also the base and joint positions.", &args))
    return 0;
  Config config = preset_config(args.require("problem"), "quick");
  config.samples = 20;  // the simulator needs no data; keep construction cheap
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
    const auto y = engine.simulate(x);
    std::printf("x = (%s)  y =", text.c_str());
    for (size_t d = 0; d < y.size(); ++d) std::printf(" %s=%.9g", info.y_names[d].c_str(), y[d]);
    std::printf("\n");
    if (info.name == "robot-arm") {
      const auto joints = arm::joints(x.data());
      const char* names[] = {"base", "joint1", "joint2", "end"};
      for (size_t j = 0; j < joints.size(); ++j)
        std::printf("  %-6s (%.6f, %.6f)\n", names[j], joints[j][0], joints[j][1]);
    }
  }
  return 0;
}

}  // namespace ml::cli
