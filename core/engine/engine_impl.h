#pragma once
/// Engine's private state and the helpers its files share (engine.cpp: the facade and training;
/// engine_impl.cpp: preview, retries, evaluation; engine_baselines.cpp; engine_io.cpp).
/// Core-internal (includes torch).
#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/api/engine.h"
#include "core/baselines/generative.h"
#include "core/problems/dataset.h"
#include "core/problems/problem.h"
#include "core/problems/registry.h"
#include "core/train/evaluation.h"
#include "core/train/inverse_preview.h"
#include "core/train/trainer.h"

namespace ml {

struct Engine::Impl {
  Config config;
  torch::Device device{torch::kCPU};
  int threads = 1;
  std::unique_ptr<Problem> problem;
  Dataset data;
  Mlp f{nullptr};
  bool forward_done = false;
  std::vector<Mlp> nets;
  Mlp direct{nullptr};
  bool direct_done = false;
  std::map<std::string, std::shared_ptr<GenerativeImpl>> generative;  ///< trained ones only
  std::map<std::string, double> generative_seconds;
  bool done = false;
  std::string stop_reason;
  Metrics metrics;
  std::vector<LossRow> history;
  bool preview_wanted = false;
  std::unique_ptr<InversePreview> preview;  ///< while f trains, when wanted and a core is spare
  /// Per inverse network, its own re-simulation MSE on the validation targets per attempt (and,
  /// in validation_coverage, its coverage there)
  /// (sequential schedule, inverse_retries > 0): copied into the metrics.
  std::vector<std::vector<double>> validation;
  std::vector<std::vector<double>> validation_coverage;  ///< the same attempts' coverage
  /// Where f was fit (the training inputs), for trust-aware selection; made on first use.
  TrustRegion trust;

  /// The training rows' mean and spread per column when the problem asks for standardised
  /// networks (ProblemSpec::standardize); empty otherwise.
  Scaling x_scaling, y_scaling;

  MlpOptions forward_options() const {
    return forward_net_options(config, problem->x_dim(), problem->y_dim(), x_scaling, y_scaling);
  }
  MlpOptions inverse_options() const {
    return inverse_net_options(config, problem->x_dim(), problem->y_dim(), x_scaling, y_scaling);
  }
  void set_standardization();
  bool true_forward() const { return config.forward == "true"; }
  /// What g trains through and proposals are ranked by (frozen).
  ForwardFn forward_fn() const {
    if (true_forward()) return [p = problem.get()](const torch::Tensor& x) { return p->simulate_for_training(x); };
    return f;
  }
  /// Initial weights come from LibTorch's global generator: seed and draw under this lock so
  /// engines training side by side (sweep --jobs) stay reproducible.
  static std::mutex& global_generator() {
    static std::mutex m;
    return m;
  }
  Mlp new_net(const MlpOptions& options, SeedStream stream, int network = 0) const {
    return new_net(options, derive_seed(config.seed, stream, network));
  }
  Mlp new_net(const MlpOptions& options, std::int64_t seed) const {
    std::lock_guard<std::mutex> lock(global_generator());
    torch::manual_seed(static_cast<uint64_t>(seed));
    Mlp net(options);
    net->to(device);
    return net;
  }
  // Training and load make their networks here, so both draw from the same streams.
  Mlp new_forward() const { return new_net(forward_options(), SeedStream::ForwardInit); }
  Mlp new_inverse(int m) const { return new_net(inverse_options(), SeedStream::InverseInit, m); }
  Mlp new_direct() const { return new_net(inverse_options(), SeedStream::DirectInit); }
  /// The preview's networks, drawn with the global generator's state put back afterwards, so the
  /// run draws exactly what it would without a preview.
  void start_preview();
  /// progress, plus a copy of f for the preview a few times a second while f trains.
  ProgressFn offering_to_preview(const ProgressFn& progress);
  /// The run seed that attempt `attempt` (0: the first) of an inverse network draws its weights
  /// and batch order from: the configured seed, or a derived one per retry, so the first attempt
  /// is exactly the run without retries.
  std::int64_t attempt_seed(int attempt) const {
    return attempt == 0 ? config.seed : derive_seed(config.seed, SeedStream::InverseRetry, attempt - 1);
  }
  /// The problem's validity threshold tau (as the metrics judge networks by).
  double valid_tau() const {
    const ProblemSpec* spec = find_problem_spec(config.problem);
    return spec ? spec->valid_tau : kValidTau;
  }
  /// Network g's own coverage of targets y and its re-simulation MSE there, as the metrics compute
  /// per_network_coverage and per_network_resim_mse (the MSE infinite when no proposal is valid).
  std::pair<double, double> own_validity(Mlp& g, const ForwardFn& forward, const torch::Tensor& y) const;
  /// The targets a retry judges an inverse network by: fresh draws from the prior (their own seeded
  /// stream, as many as the test targets) where the problem has a simulator, else the training
  /// targets (a data set). Never the test targets, so the metrics stay an honest measure; and not
  /// the training targets where avoidable: a network fits them, and on the arm some that failed on
  /// the test targets passed there (seed 3's fourth network: 4.8e-4 there, 2.3e-3 on the test).
  torch::Tensor validation_targets() const;
  /// Trains inverse network m (the last of nets, freshly made) and, while its coverage of the
  /// validation targets stays below kMinNetworkCoverage, retrains it from fresh weights up to
  /// inverse_retries times, keeping the attempt with the highest coverage (ties: the lower MSE). A network that misses
  /// tau does so on a few targets where its continuous map must switch branches; a fresh start
  /// often places that switch better (issue 13).
  /// How proposals are refined and selected: the configuration's, with refine_steps steps.
  ProposalRules rules(int refine_steps);
  /// The mixture's proposals for targets y under rules(refine_steps), as plain numbers, selected
  /// through the simulator where the configuration says so.
  ProposalSet propose(const torch::Tensor& y, int refine_steps);
  TrainStatus train_inverse_retrying(int m, const std::vector<Mlp>& earlier, const ForwardFn& forward,
                                     const torch::Tensor& y, TrainContext& ctx);
  torch::Tensor from_flat(const std::vector<double>& v, int dim, const char* what) const {
    if (v.empty() || v.size() % dim != 0)
      throw std::invalid_argument(std::string(what) + " must hold a multiple of " + std::to_string(dim) +
                                  " values (got " + std::to_string(v.size()) + ")");
    return torch::tensor(v, torch::kFloat64).reshape({-1, dim}).to(device, torch::kFloat32);
  }
  /// y = f(x) for n fresh draws from the prior (its own seeded stream).
  torch::Tensor synthesize_targets(long n);
  /// The metrics on the test targets, diversity included.
  void evaluate();
  void add_diversity(const ProposalTensors& p);
};

}  // namespace ml
