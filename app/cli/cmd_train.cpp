#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/interrupt.h"
#include "app/cli/progress_printer.h"
#include "core/platform/blas_core.h"
#include "core/platform/process_env.h"
#include "core/api/engine.h"
#include "core/platform/run_io.h"

namespace ml::cli {
namespace {

std::string percent(double share) {
  if (std::isnan(share)) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f %%", 100 * share);
  return text;
}

void print_summary(const Metrics& m) {
  if (m.forward_model == "learned")
    std::printf("forward test MSE      %.4g\n", m.forward_test_mse);
  else
    std::printf("forward model         %s (no learned f: selection and training used it)\n", m.forward_model.c_str());
  if (m.resim_through != "true simulator")
    std::printf("no true simulator: re-simulation errors below go through the %s\n", m.resim_through.c_str());
  if (m.forward_model == "true simulator") {
    // The simulator both ranks and judges: the selected error is the oracle's by construction.
    std::printf("k   oracle resim MSE (the true simulator picks; no model-selected error exists)\n");
    for (size_t k = 0; k < m.oracle_resim_mse_by_k.size(); ++k)
      std::printf("%-3zu %.4g\n", k + 1, m.oracle_resim_mse_by_k[k]);
  } else {
    // Selection through f and through the true simulator (the oracle) side by side; the valid
    // shares say for how many targets the answer is a solution at all.
    std::printf("k   selected resim MSE   oracle resim MSE   selected valid   mixture coverage\n");
    for (size_t k = 0; k < m.selected_resim_mse_by_k.size(); ++k) {
      std::printf("%-3zu %-20.4g %-18.4g", k + 1, m.selected_resim_mse_by_k[k], m.oracle_resim_mse_by_k[k]);
      if (k < m.selected_valid_share_by_k.size() && k < m.mixture_coverage_by_k.size())
        std::printf(" %-16s %s", percent(m.selected_valid_share_by_k[k]).c_str(),
                    percent(m.mixture_coverage_by_k[k]).c_str());
      std::printf("\n");
    }
  }
  if (!std::isnan(m.simulator_selected_valid_share))
    std::printf(
        "through the simulator resim MSE %.4g, valid %s (refined through it where it has gradients; "
        "the answer with select_through simulator)\n",
        m.simulator_selected_resim_mse, percent(m.simulator_selected_valid_share).c_str());
  if (m.refine_steps > 0)
    std::printf("refinement            %d steps; without it the selected answer: resim MSE %.4g, valid %s\n",
                m.refine_steps, m.unrefined_selected_resim_mse, percent(m.unrefined_selected_valid_share).c_str());
  const int K = static_cast<int>(m.per_network_resim_mse.size());
  std::printf("per-network resim MSE");
  for (double v : m.per_network_resim_mse) std::printf(" %.3g", v);
  if (!m.per_network_coverage.empty()) {
    std::printf("\nper-network coverage ");
    for (double v : m.per_network_coverage) std::printf(" %s", percent(v).c_str());
    std::printf("\nvalid networks        %d of %d (own proposal within tau = %g for >= %g %% of targets)",
                m.valid_networks(), K, m.valid_tau(), 100 * kMinNetworkCoverage);
  } else {
    std::printf("\nvalid networks        %d of %d (own re-simulation MSE < %g)", m.valid_networks(), K, m.valid_tau());
  }
  std::string invalid;
  for (int k = 0; k < K; ++k)
    if (!m.network_valid(k)) invalid += (invalid.empty() ? "; not valid: network " : ", ") + std::to_string(k + 1);
  std::printf("%s", invalid.c_str());
  const auto attempts = m.attempts_per_network();
  if (std::any_of(attempts.begin(), attempts.end(), [](int a) { return a > 1; })) {
    // Retried networks (inverse_retries): their first training missed tau on the validation targets.
    std::printf("\ntraining attempts     ");
    for (int a : attempts) std::printf(" %d", a);
  }
  double any_invalid = 0;
  for (double s : m.per_network_invalid_share) any_invalid += s;
  if (!m.invalid_meaning.empty() || any_invalid > 0) {
    // Invalid proposals are left out of every MSE above: their share is the other half of the score.
    const std::string what = m.invalid_meaning.empty() ? "" : " (" + m.invalid_meaning + ")";
    std::printf("\ninvalid proposals%s, share of targets: per network", what.c_str());
    for (double s : m.per_network_invalid_share) std::printf(" %.3g", s);
    std::printf("; selected by k");
    for (double s : m.selected_invalid_share_by_k) std::printf(" %.3g", s);
    std::printf("\n(re-simulation MSEs above are over the valid proposals only)");
  }
  std::printf("\nselection counts     ");
  for (long c : m.selection_counts) std::printf(" %ld", c);
  std::printf("\nproposals outside box %.3g %%\ntrain seconds         %.1f\n", 100 * m.outside_box_fraction,
              m.train_seconds);
}

}  // namespace

int cmd_train(int argc, char** argv) {
  auto flags = config_flags();
  flags.push_back({"out", "DIR", "Folder for config.json, metrics.json, losses.csv, proposals.csv and the model."});
  Args args;
  if (!parse_or_help("train", argc, argv, flags,
                     "manifoldlab-cli train --problem " + problem_choices() + " [options] --out DIR",
                     "Trains the forward model, then k inverse networks through it, and evaluates the "
                     "mixture on the test targets.\nValues not given come from the preset.",
                     &args))
    return 0;
  const std::string out = args.require("out");
  Engine engine(resolve_config(config_overrides(args)));

  TrainControl control;
  std::optional<StopOnInterrupt> interrupt(std::in_place, control.stop);
  ProgressPrinter printer(engine.run_plan());
  std::fprintf(stderr, "training %s (%s preset, k=%d%s) on %s with %d thread(s); BLAS %s; %s\n",
               engine.config().problem.c_str(), engine.config().preset.c_str(), engine.config().k,
               engine.config().forward == "true" ? ", through the true simulator" : "", engine.device().c_str(),
               engine.threads(), blas_summary().c_str(), allocator_name());
  const bool finished = engine.train([&](const Progress& p) { printer(p); }, control);
  printer.finish();
  interrupt.reset();

  if (!engine.stop_reason().empty())
    std::fprintf(stderr, "manifoldlab-cli train: error: %s\n", engine.stop_reason().c_str());
  if (!engine.forward_trained()) {
    std::fprintf(stderr, "stopped before the forward model was trained: nothing saved\n");
    return 130;
  }
  // The run's files go in as one: a full disk leaves out's previous run whole.
  std::vector<std::pair<std::string, std::string>> extra;
  if (finished) extra.emplace_back("proposals.csv", proposals_to_csv(engine.propose_test()));
  engine.save(out, extra);
  if (!finished) {
    std::fprintf(stderr, "stopped early: saved the %d network(s) trained so far to %s\n",
                 engine.inverse_networks_ready(), out.c_str());
    return engine.stop_reason().empty() ? 130 : 1;
  }
  print_summary(engine.metrics());
  std::fprintf(stderr, "wrote %s\n", out.c_str());
  return 0;
}

}  // namespace ml::cli
