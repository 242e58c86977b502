#include <cstdio>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "core/api/engine.h"

namespace ml::cli {

int cmd_export(int argc, char** argv) {
  const std::vector<FlagSpec> flags{
      {"model", "DIR", "A folder written by 'manifoldlab-cli train'."},
      {"out", "FILE", "The TorchScript file to write, e.g. mixture.pt."},
  };
  Args args;
  if (!parse_or_help("export", argc, argv, flags, "manifoldlab-cli export --model DIR --out FILE",
                     "Writes the trained mixture as one TorchScript module for Python: m = torch.jit.load(FILE); "
                     "m(y) gives the selected x per row of y (as infer selects), m.proposals(y) every network's "
                     "[k, N, x_dim], m.forward_model(x) the learned f; attributes x_names, y_names, box_lo, "
                     "box_hi, k.",
                     &args))
    return 0;
  const std::string dir = args.require("model");
  const std::string out = args.require("out");
  const Engine engine = Engine::load(dir, "cpu");
  if (engine.inverse_networks_ready() == 0) throw std::runtime_error(dir + " holds no inverse network");
  engine.export_torchscript(out);
  std::fprintf(stderr, "wrote %s\n", out.c_str());
  return 0;
}

}  // namespace ml::cli
