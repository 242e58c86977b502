#pragma once
/// Plain-number results handed out of the engine (torch-free).
#include <cmath>
#include <string>
#include <vector>

#include "core/api/control.h"

namespace ml {

/// A proposal is valid when its re-simulation MSE is below this (the poster's validity threshold
/// tau, in y's units squared; a problem may set its own, core/problems/registry.h).
inline constexpr double kValidTau = 1e-3;
/// A network is valid when its own proposal is valid for at least this share of the test targets
/// (its coverage). Not all of them: where the targets' solution branches meet, a continuous
/// y -> x map must switch branches, and part of y belongs to another network there (issue 27:
/// on the arm each network covers 89.9-98.3 % while the mixture covers 97.4-99.8 %).
inline constexpr double kMinNetworkCoverage = 0.9;

/// Metrics of a trained mixture on the test targets. Vectors "by_k" hold prefixes k = 1..K.
struct Metrics {
  /// "learned" (f), or "true simulator" when g trained through it (forward_test_mse is then NaN).
  std::string forward_model = "learned";
  double forward_test_mse = NAN;
  /// What re-simulation errors run through: "true simulator", or "forward model" for a data set.
  std::string resim_through = "true simulator";
  std::vector<double> selected_resim_mse_by_k;  ///< forward-model argmin (the poster's selection)
  std::vector<double> oracle_resim_mse_by_k;    ///< true-simulator argmin (diagnostic)
  std::vector<double> per_network_resim_mse;
  /// Per network, the share of test targets for which its own proposal (before refinement) is
  /// valid: its coverage, what network_valid judges by.
  std::vector<double> per_network_coverage;
  /// Per prefix k, the share of test targets for which some proposal or refined point of the first
  /// k networks is valid: the mixture's coverage, which is also the valid share of selection
  /// through the true simulator (the oracle).
  std::vector<double> mixture_coverage_by_k;
  /// Per prefix k, the share of test targets whose selected answer (through f) is valid.
  std::vector<double> selected_valid_share_by_k;
  /// Refinement and selection in force (Config refine_steps, trust_weight); with refinement, the
  /// selected answer of all K networks without it, for comparison (NaN without refinement).
  int refine_steps = 0;
  double trust_weight = 0;
  /// What picks the answer a user gets (Config select_through): "forward" or "simulator". The
  /// metrics report both either way: selected_* through f, oracle_* through the simulator.
  std::string select_through = "forward";
  /// The answer through the true simulator (all K networks): proposals refined through it where it
  /// carries gradients, each target's best by its re-simulation error. NaN without a simulator.
  double simulator_selected_resim_mse = NAN, simulator_selected_valid_share = NAN;
  double unrefined_selected_resim_mse = NAN, unrefined_selected_valid_share = NAN;
  /// Invalid proposals: where the simulator gives NaN (e.g. a launch that never lands). They are
  /// left out of every MSE above and counted here as shares of the test targets instead: per
  /// network, among the selected proposals per prefix k, and where no proposal of the first k
  /// networks is valid (the oracle has nothing to pick).
  std::vector<double> per_network_invalid_share;
  std::vector<double> selected_invalid_share_by_k;
  std::vector<double> oracle_invalid_share_by_k;
  std::string invalid_meaning;         ///< what invalid means for the problem ("never lands"); empty: none exist
  std::vector<long> selection_counts;  ///< how often each network is selected among all K
  double outside_box_fraction = NAN;   ///< share of all proposals outside the domain box
  /// Mean over test targets of distinct valid proposals (see core/train/coverage.h), per prefix k.
  std::vector<double> valid_distinct_by_k;
  /// Mean fraction of the true solution set covered by valid proposals, per prefix k; empty where
  /// the problem has no 2-D/1-D solution-set grid (the robot arm).
  std::vector<double> coverage_by_k;
  double coverage_tau = NAN, coverage_epsilon = NAN, coverage_delta = NAN;  ///< the thresholds used
  /// Per network, the re-simulation MSE on the validation targets (never the test targets) of every
  /// attempt, in order (inverse_retries; the sequential schedule): the attempt with the lowest is
  /// the one kept. Empty where no network was judged (the joint schedule, or older metrics).
  std::vector<std::vector<double>> validation_resim_mse_by_attempt;
  /// The same attempts' coverage of the validation targets: the attempt with the highest is kept.
  std::vector<std::vector<double>> validation_coverage_by_attempt;
  double train_seconds = 0;
  long test_targets = 0;

  /// Network m covers at least kMinNetworkCoverage of the test targets. Metrics written before
  /// coverage was stored judge by the old rule, the network's mean re-simulation MSE below tau.
  bool network_valid(int m) const;
  /// Network m's coverage (NaN where not stored).
  double network_coverage(int m) const;
  /// The tau in force: coverage_tau, or kValidTau where it was not stored.
  double valid_tau() const { return std::isnan(coverage_tau) ? kValidTau : coverage_tau; }
  /// How many networks are valid: a mixture whose selection hides a failed network shows it here.
  int valid_networks() const;
  /// How many times each network was trained (1 + its retries); empty as validation_resim_mse_by_attempt.
  std::vector<int> attempts_per_network() const;

  std::string to_json() const;
  /// Throws std::runtime_error on malformed text.
  static Metrics from_json(const std::string& text);
};

/// Every network's proposal for a set of targets, with its forward-model and simulated y.
/// Flattened row-major: x[(m * targets + n) * x_dim + d], fy/sy likewise with y_dim.
struct ProposalSet {
  int targets = 0, networks = 0, x_dim = 0, y_dim = 0;
  std::vector<double> y;            ///< [targets][y_dim]
  std::vector<double> x, fy, sy;    ///< [networks][targets][dim]
  std::vector<double> fit_error;    ///< [networks][targets]: ||f(x) - y||^2
  std::vector<double> resim_error;  ///< [networks][targets]: mean over dims of (sim(x) - y)^2
  /// [networks][targets]: what proposals are ranked by, lowest first: fit_error for networks;
  /// for neural adjoint's candidates its own loss, fit + boundary (so rank 0 is its answer).
  std::vector<double> rank_score;
  /// [networks][targets][x_dim]: each network's own proposal before refinement, where x holds the
  /// refined answer; empty without refinement.
  std::vector<double> start_x;
  std::vector<double> start_resim_error;  ///< [networks][targets]: start_x's; empty without refinement
  std::vector<int> selected;              ///< [targets]: argmin of rank_score over the networks (or the oracle, below)
  bool selected_through_simulator = false;  ///< selected is the true simulator's choice (the oracle)
  std::vector<int> oracle;                  ///< [targets]: true-simulator argmin over the networks

  const double* x_at(int m, int n) const { return &x[(static_cast<size_t>(m) * targets + n) * x_dim]; }
  const double* start_x_at(int m, int n) const { return &start_x[(static_cast<size_t>(m) * targets + n) * x_dim]; }
  bool refined() const { return !start_x.empty(); }
  const double* fy_at(int m, int n) const { return &fy[(static_cast<size_t>(m) * targets + n) * y_dim]; }
  const double* sy_at(int m, int n) const { return &sy[(static_cast<size_t>(m) * targets + n) * y_dim]; }
  double fit_at(int m, int n) const { return fit_error[static_cast<size_t>(m) * targets + n]; }
  double resim_at(int m, int n) const { return resim_error[static_cast<size_t>(m) * targets + n]; }
  double rank_at(int m, int n) const { return rank_score[static_cast<size_t>(m) * targets + n]; }
};

/// losses.csv: one row per epoch: phase,network,epoch,total,fit,boundary,repulsion,lr.
std::string losses_to_csv(const std::vector<LossRow>& rows);
/// The inverse of losses_to_csv. Throws std::runtime_error naming the line on malformed text.
std::vector<LossRow> losses_from_csv(const std::string& text);
/// proposals.csv: one row per target and network:
/// target,network,y_0..,x_0..,fy_0..,sy_0..,selected (1 where that network is the selected one).
std::string proposals_to_csv(const ProposalSet& p);

}  // namespace ml
