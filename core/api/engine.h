#pragma once
/// The engine's small, torch-free API: the GUI and the CLI drive training and inference through
/// it and get plain numbers back. An Engine is used from one thread at a time; `train` blocks
/// that thread, and its progress callback may call the const query methods (they run on the same
/// thread). Steer a running training from other threads through TrainControl.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/api/box.h"
#include "core/api/config.h"
#include "core/api/control.h"
#include "core/api/eta.h"
#include "core/api/results.h"

namespace ml {

struct ProblemInfo {
  std::string name;
  std::vector<std::string> x_names, y_names;
  int x_dim = 0, y_dim = 0;
  Box box;                    ///< the domain box of this run's training data
  bool has_simulator = true;  ///< false for a data set: errors go through the forward model
  /// From the registry (empty units and description for a data set).
  std::vector<std::string> x_units, y_units;
  std::string description;
  bool differentiable = false;   ///< the true simulator carries gradients (forward true allowed)
  std::string invalid_meaning;   ///< what an invalid proposal means ("never lands"); empty: none exist
  double valid_tau = kValidTau;  ///< a proposal is valid below this re-simulation MSE
  /// A curve-valued y (a spectrum): each value's coordinate and the axis label; empty: none.
  std::vector<double> y_grid;
  std::string y_grid_label;
};

/// Every registered problem's static information (box empty): names, units, differentiable.
std::vector<ProblemInfo> problem_catalog();

/// The generative baselines the engine trains: "mdn", "cvae", "cinn" (display order).
const std::vector<std::string>& generative_methods();

/// Neural adjoint settings for one call (METHOD.md section 6).
struct AdjointOptions {
  int starts = Config{}.na_starts;  ///< B: starting points per target, drawn from the prior
  int steps = Config{}.na_steps;    ///< T: Adam steps on x
  double lr = Config{}.na_lr;       ///< halved per target on a 10-step plateau
  int keep = 50;                    ///< best candidates returned per target
  std::int64_t seed = 1;            ///< seeds the starting points
  int threads = 0;                  ///< LibTorch threads while it runs; 0: every core
  static AdjointOptions from(const Config& config);
};

class Engine {
 public:
  /// Validates the configuration, picks the device, sets threads and draws the data.
  /// Throws ConfigError on a bad configuration.
  explicit Engine(const Config& config);
  ~Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;

  const Config& config() const;
  ProblemInfo problem_info() const;
  std::string device() const;  ///< "cpu" or "cuda"
  int threads() const;

  /// Trains f, then the k inverse networks, then evaluates. Returns false when stopped early
  /// (the networks trained so far stay usable). Blocks the calling thread.
  bool train(const ProgressFn& progress, TrainControl& control);
  /// What train() will run, phase by phase, with each step's relative cost (core/api/eta.h), for
  /// a remaining time that holds when phases cost differently per step.
  RunPlan run_plan() const;
  /// Why the last train() or train_direct() ended early without a stop request (a loss became
  /// NaN or infinite: the networks keep their last good weights); empty otherwise.
  const std::string& stop_reason() const;

  /// A forward model is ready: f is trained, or g trains through the true simulator (forward true).
  bool forward_trained() const;
  int inverse_networks_ready() const;  ///< fully trained networks, plus the one in training
  bool trained() const;                ///< every network trained and metrics computed
  const Metrics& metrics() const;
  const std::vector<LossRow>& loss_history() const;

  /// Trains the direct inverse regression y -> x on MSE (a baseline that averages the solution
  /// branches), with the inverse networks' sizes, epochs and learning rate. Needs only the data.
  /// Returns false when stopped. Blocks the calling thread.
  bool train_direct(const ProgressFn& progress, TrainControl& control);
  bool direct_trained() const;
  /// The direct regression's answer for targets y, as a one-network ProposalSet.
  /// Throws std::logic_error before train_direct, or before f exists (it scores the answers).
  ProposalSet propose_direct(const std::vector<double>& y) const;
  /// Neural adjoint through the trained forward model: per target, the best `keep` candidates
  /// ranked by forward + boundary loss (ProposalSet "networks" are ranks, rank_score is that
  /// loss; selected is rank 0).
  /// Progress reports phase Adjoint with step/steps. Returns targets == 0 when stopped.
  /// Throws std::logic_error before f is trained.
  ProposalSet neural_adjoint(const std::vector<double>& y, const AdjointOptions& options, const ProgressFn& progress,
                             TrainControl& control) const;

  /// Trains a generative baseline ("mdn", "cvae" or "cinn", see generative_methods()) on the
  /// training split with the table's gen_* settings; progress reports phase Generative with
  /// network = the method's index. Returns false when stopped or diverged (stop_reason says
  /// which); a retrain replaces the model. Throws std::invalid_argument for an unknown method or
  /// a cINN on a 1-D x. Blocks the calling thread.
  bool train_generative(const std::string& method, const ProgressFn& progress, TrainControl& control);
  bool generative_trained(const std::string& method) const;
  /// Wall seconds of the last finished train_generative(method); 0 before.
  double generative_train_seconds(const std::string& method) const;
  /// `samples` draws per target from the trained model, ranked per target by the forward model's
  /// fit + boundary loss as neural adjoint ranks its candidates (ProposalSet "networks" are ranks,
  /// rank 0 selected). Samples outside the box are kept and simulated as drawn (as the benchmark
  /// does). Reproducible from seed. Throws std::logic_error before the model or f is trained,
  /// std::invalid_argument on a size mismatch or samples < 1.
  ProposalSet propose_generative(const std::string& method, const std::vector<double>& y, int samples,
                                 std::int64_t seed) const;
  /// The generative samples' seed stream of this run for a method (what compare uses).
  std::int64_t generative_seed(const std::string& method) const;

  /// Proposals of the available inverse networks for targets y ([n][y_dim] flattened), refined
  /// (refine_steps) and selected (trust_weight, select_through) as the configuration says once the
  /// mixture is trained; while it trains, the networks' own proposals by fit alone.
  /// Throws std::logic_error before any inverse network exists, std::invalid_argument on a
  /// size mismatch.
  ProposalSet propose(const std::vector<double>& y) const;
  /// The same with `refine_steps` in place of the configuration's (0: no refinement).
  ProposalSet propose(const std::vector<double>& y, int refine_steps) const;
  /// While f trains, also train a preview inverse network on a spare core through snapshots of
  /// f as it learns (core/train/inverse_preview.h), for a picture long before the inverse phase. Only
  /// where the run trains on one CPU thread and another core is free; the run's networks and
  /// numbers are exactly those without it. Off until set; applies to the next train().
  void set_inverse_preview(bool on);
  /// The preview's proposals for targets y ([n][y_dim] flattened) as a one-network set, scored
  /// like propose(); empty (targets == 0) when no preview has trained yet or f has finished. Call
  /// from train's progress callback.
  ProposalSet propose_preview(const std::vector<double>& y) const;
  /// The proposals for this run's test targets.
  ProposalSet propose_test() const;
  /// The true simulator on x ([n][x_dim] flattened). Throws std::logic_error for a data set.
  std::vector<double> simulate(const std::vector<double>& x) const;
  /// The forward model on x ([n][x_dim] flattened): the trained f, or while the forward phase runs
  /// (from train's progress callback) f as it is now, its training untouched. Throws
  /// std::logic_error before training has made f.
  std::vector<double> forward_model(const std::vector<double>& x) const;
  /// The test targets ([n][y_dim] flattened), their true inputs ([n][x_dim]) and the training inputs.
  std::vector<double> test_targets() const;
  std::vector<double> test_inputs() const;
  std::vector<double> train_inputs() const;

  /// Writes config.json, model.json, losses.csv, metrics.json (once trained), the weights and
  /// `extra` files (name, text) into dir (created if needed): all of them, or, when one cannot be
  /// written (a full disk), none, leaving dir's previous files as they were. Throws
  /// std::runtime_error naming the file and the reason.
  void save(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& extra = {}) const;
  /// Writes the mixture as one TorchScript module for Python's torch.jit.load (what it holds:
  /// core/export/torchscript_export.h), atomically. Throws std::logic_error before any inverse network
  /// exists, std::runtime_error (one line) when it cannot be exported or written.
  void export_torchscript(const std::string& path) const;
  /// Loads a saved run. Throws std::runtime_error with a one-line message on a bad folder.
  static Engine load(const std::string& dir, const std::string& device = "auto", int threads = 0);

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ml
