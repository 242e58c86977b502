#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "core/api/candidates.h"
#include "core/api/engine.h"
#include "core/api/target.h"
#include "core/platform/run_io.h"

namespace ml::cli {
namespace {

/// Reads targets from a CSV file: one target per row, y_dim numbers; a non-numeric first row is a header.
std::vector<double> read_targets(const std::string& path, int y_dim) {
  std::ifstream in(path);
  if (!in) throw UsageError("--csv: cannot read " + path);
  std::vector<double> ys;
  std::string line;
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    std::vector<double> row;
    try {
      row = parse_numbers(path + ":" + std::to_string(line_no), line);
    } catch (const UsageError&) {
      if (line_no == 1) continue;  // header
      throw;
    }
    if (static_cast<int>(row.size()) != y_dim)
      throw UsageError(path + ":" + std::to_string(line_no) + ": expected " + std::to_string(y_dim) +
                       " values per row, got " + std::to_string(row.size()));
    ys.insert(ys.end(), row.begin(), row.end());
  }
  if (ys.empty()) throw UsageError("--csv: " + path + " holds no targets");
  return ys;
}

/// A vector in one short line: every value up to ten, else the first three and the last (a
/// spectrum's 201 values are in the --out CSV).
std::string vec(const double* v, int n) {
  std::ostringstream os;
  os.precision(4);
  os << '(';
  if (n <= 10) {
    for (int i = 0; i < n; ++i) os << (i ? ", " : "") << v[i];
    return os.str() + ')';
  }
  os << v[0] << ", " << v[1] << ", " << v[2] << ", ..., " << v[n - 1] << ") [" << n << " values]";
  return os.str();
}

}  // namespace

int cmd_infer(int argc, char** argv) {
  const std::vector<FlagSpec> flags{
      {"model", "DIR", "A folder written by 'manifoldlab-cli train'."},
      {"y", "V[,V]", "One target y (y_dim comma-separated values); repeat for several.", true},
      {"csv", "FILE", "Targets from a CSV file, one per row (a header row is skipped)."},
      {"y-file", "FILE",
       "One target from a file: a row or a column of y_dim values, or two columns (coordinate,value; a "
       "spectrum's wavelength in nm) resampled onto the problem's y grid."},
      {"out", "FILE", "Also write every proposal as CSV (the columns of proposals.csv)."},
      {"refine-steps", "N",
       "Refine each proposal with N Adam steps through f (default: the model's refine_steps; 0: off)."},
      {"device", "auto|cpu|cuda", "Where to run the networks."},
  };
  Args args;
  if (!parse_or_help("infer", argc, argv, flags,
                     "manifoldlab-cli infer --model DIR (--y V[,V] ... | --csv FILE | --y-file FILE)",
                     "Prints, per target, each network's proposal x with the forward model's y, the true "
                     "simulator's y and its re-simulation error; '*' marks the selected proposal.",
                     &args))
    return 0;
  const std::string dir = args.require("model");
  if (!args.has("y") && !args.has("csv") && !args.has("y-file"))
    throw UsageError("give targets with --y, --csv or --y-file");
  const Engine engine = Engine::load(dir, args.get("device", "auto"));
  const ProblemInfo info = engine.problem_info();
  if (engine.inverse_networks_ready() == 0) throw std::runtime_error(dir + " holds no inverse network");
  std::vector<double> ys;
  if (args.has("y"))
    for (const auto& text : args.values.at("y")) {
      const auto v = parse_numbers("--y", text);
      if (static_cast<int>(v.size()) != info.y_dim)
        throw UsageError("--y: " + info.name + " targets have " + std::to_string(info.y_dim) + " value(s), got '" +
                         text + "'");
      ys.insert(ys.end(), v.begin(), v.end());
    }
  if (args.has("csv")) {
    const auto v = read_targets(args.get("csv"), info.y_dim);
    ys.insert(ys.end(), v.begin(), v.end());
  }
  if (args.has("y-file")) {
    try {
      const auto v = read_target_file(args.get("y-file"), info.y_dim, info.y_grid);
      ys.insert(ys.end(), v.begin(), v.end());
    } catch (const TargetError& e) {
      throw UsageError(std::string("--y-file: ") + e.what());
    }
  }
  const int refine_steps =
      args.has("refine-steps")
          ? static_cast<int>(parse_flag_number("--refine-steps", args.get("refine-steps"), {0, 100000, false, true}))
          : engine.config().refine_steps;
  const ProposalSet p = engine.propose(ys, refine_steps);
  std::printf("refinement: %s; selected through the %s\n",
              refine_steps > 0 ? (std::to_string(refine_steps) + " Adam steps through f").c_str() : "none",
              p.selected_through_simulator ? "true simulator" : "forward model");
  for (int n = 0; n < p.targets; ++n) {
    std::printf("target %d: y = %s\n", n, vec(&p.y[static_cast<size_t>(n) * p.y_dim], p.y_dim).c_str());
    for (int m = 0; m < p.networks; ++m) {
      std::printf("  %c net %d  x = %-40s f(x) = %-20s sim(x) = %-20s resim MSE %.3g\n", p.selected[n] == m ? '*' : ' ',
                  m, vec(p.x_at(m, n), p.x_dim).c_str(), vec(p.fy_at(m, n), p.y_dim).c_str(),
                  vec(p.sy_at(m, n), p.y_dim).c_str(), p.resim_at(m, n));
      if (p.refined()) std::printf("           from its proposal %s\n", vec(p.start_x_at(m, n), p.x_dim).c_str());
    }
    if (info.has_simulator)
      std::printf("  %s\n", reach_summary(candidates_for(p, n, info.valid_tau), info.valid_tau).c_str());
  }
  if (args.has("out")) write_text_atomic(args.get("out"), proposals_to_csv(p));
  return 0;
}

}  // namespace ml::cli
