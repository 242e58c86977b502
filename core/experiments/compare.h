#pragma once
/// Method comparison on one problem (issue: baselines): the mixture of tandems, direct inverse
/// regression, neural adjoint at one or more (B, T) budgets and the generative baselines (MDN,
/// cVAE, cINN), on the same test targets and the same forward model. Torch-free: it drives the
/// Engine and works on plain numbers.
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/api/engine.h"

namespace ml {

/// The methods compare knows, as --methods spells them: mixture, mixture+refine, direct, adjoint,
/// mdn, cvae, cinn.
const std::vector<std::string>& compare_method_names();
/// "mixture,cinn" -> {"mixture", "cinn"}; throws std::invalid_argument (one line, naming the
/// known ones) on an unknown or empty name or a repeat.
std::vector<std::string> parse_compare_methods(const std::string& text);

struct CompareOptions {
  int targets = 100;                                              ///< the first N test targets
  std::vector<int> best_of{1, 2, 4, 10, 50, 200};                 ///< T values of the best-of-T curve
  std::vector<std::pair<int, int>> adjoint_budgets{{2048, 300}};  ///< (starts B, steps T)
  double adjoint_lr = 0.5;
  int threads = 0;  ///< LibTorch threads for every method's inference, so times compare; 0: every core
  /// Which methods run, by compare_method_names()' spelling; every one by default.
  std::vector<std::string> methods = compare_method_names();
  int generative_samples = 50;  ///< samples per target of MDN, cVAE and cINN
};

struct MethodResult {
  std::string method;         ///< "tandem", "tandem+refine", "direct", "adjoint", "mdn", "cvae" or "cinn"
  std::string label;          ///< for legends: "mixture k=4", "neural adjoint B=2048 T=300"
  int proposals = 0;          ///< ranked proposals per target
  int starts = 0, steps = 0;  ///< neural adjoint's budget; steps: also tandem+refine's (0 otherwise)
  std::vector<std::pair<int, double>> best_of_t;  ///< (T, r_T) for the T this method has
  double seconds = 0;                             ///< wall time of inference for all targets (per target: / targets)
  /// Wall time of training the method: the mixture's whole run (f included), the direct
  /// regression, a generative model; 0 for neural adjoint (it uses f) and for models loaded or
  /// trained before compare ran, where it is unknown (the mixture keeps its recorded time).
  double train_seconds = 0;
};

struct CompareResult {
  std::string problem;
  int targets = 0;
  int k = 0;
  int threads = 0;  ///< the thread count every method ran with
  double forward_test_mse = 0;
  std::vector<MethodResult> methods;

  std::string to_json() const;
  /// One row per method and T:
  /// method,label,starts,steps,proposals,T,resim_error,seconds_per_target,targets_per_s,train_seconds
  std::string to_csv() const;
  /// Throws std::runtime_error on malformed text.
  static CompareResult from_json(const std::string& text);
};

/// r_T: mean over targets of the lowest re-simulation error among each target's T best proposals,
/// ranked by p.rank_score, the method's own ranking (the benchmark's best-of-T curve), so r_1 is
/// the error of the answer the method gives. T is capped at p.networks.
/// (Targets where none of the best T proposals is valid, NaN re-simulation, are left out of the mean.)
double best_of_t(const ProposalSet& p, int T);

/// Runs options.methods on the engine's first `targets` test targets. The engine must hold a
/// trained mixture (its f ranks every method); the direct regression and the generative models
/// are trained here when missing. `log` gets one line per step. Returns false when stopped through
/// control; throws std::runtime_error when a baseline's training diverges.
bool run_compare(Engine& engine, const CompareOptions& options, TrainControl& control,
                 const std::function<void(const std::string&)>& log, CompareResult* result);

}  // namespace ml
