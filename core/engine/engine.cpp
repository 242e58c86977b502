#include "core/api/engine.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/baselines/generative.h"
#include "core/baselines/neural_adjoint.h"
#include "core/train/coverage.h"
#include "core/problems/dataset.h"
#include "core/train/evaluation.h"
#include "core/train/inverse_preview.h"
#include "core/train/joint_trainer.h"
#include "core/problems/problem.h"
#include "core/problems/registry.h"
#include "core/platform/run_io.h"
#include "core/platform/runtime.h"
#include "core/export/torchscript_export.h"
#include "core/problems/torchscript/torchscript_problem.h"
#include "core/train/trainer.h"

namespace ml {

namespace fs = std::filesystem;
using json = nlohmann::json;

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
  /// Per inverse network, its own re-simulation MSE on the validation targets per attempt
  /// (sequential schedule, inverse_retries > 0): copied into the metrics.
  std::vector<std::vector<double>> validation;

  /// The training rows' mean and spread per column when the problem asks for standardised
  /// networks (ProblemSpec::standardize); empty otherwise.
  Scaling x_scaling, y_scaling;

  MlpOptions forward_options() const {
    return forward_net_options(config, problem->x_dim(), problem->y_dim(), x_scaling, y_scaling);
  }
  MlpOptions inverse_options() const {
    return inverse_net_options(config, problem->x_dim(), problem->y_dim(), x_scaling, y_scaling);
  }
  void set_standardization() {
    const ProblemSpec* spec = find_problem_spec(config.problem);
    if (!spec || !spec->standardize) return;
    const auto stats = [](const torch::Tensor& t) {
      return Scaling{to_doubles(t.mean(0)), to_doubles(t.std(0).clamp_min(1e-6))};
    };
    x_scaling = stats(data.x_train);
    y_scaling = stats(data.y_train);
  }
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
  void start_preview() {
    preview.reset();
    if (!preview_wanted || !f || device.is_cuda() || threads != 1 || hardware_threads() < 2) return;
    std::vector<Mlp> made;
    {
      std::lock_guard<std::mutex> lock(global_generator());
      auto generator = at::detail::getDefaultCPUGenerator();
      const auto state = generator.get_state();
      torch::manual_seed(static_cast<uint64_t>(derive_seed(config.seed, SeedStream::PreviewInit)));
      for (int i = 0; i < 5; ++i) {
        made.emplace_back(i < 3 ? forward_options() : inverse_options());
        made.back()->to(device);
      }
      generator.set_state(state);
    }
    InversePreviewSetup setup;
    setup.targets = data.y_train;
    setup.box = data.box;
    setup.boundary_weight = config.boundary_weight;
    setup.batch = config.batch;
    setup.seed = derive_seed(config.seed, SeedStream::PreviewBatches);
    preview = std::make_unique<InversePreview>(made[0], made[1], made[2], made[3], made[4], setup);
  }
  /// progress, plus a copy of f for the preview a few times a second while f trains.
  ProgressFn offering_to_preview(const ProgressFn& progress) {
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    return [this, progress, last](const Progress& p) {
      const auto now = std::chrono::steady_clock::now();
      if (preview && p.phase == Phase::Forward && now - *last >= std::chrono::milliseconds(100)) {
        preview->offer(f);
        *last = now;
      }
      if (progress) progress(p);
    };
  }
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
  /// Network g's own re-simulation MSE on targets y, as the metrics compute per_network_resim_mse
  /// (invalid proposals left out); infinite when none is valid.
  double own_resim_mse(Mlp& g, const ForwardFn& forward, const torch::Tensor& y) const {
    std::vector<Mlp> one{g};
    const double mse = compute_metrics(ml::propose(forward, one, *problem, y), data.box).per_network_resim_mse[0];
    return std::isnan(mse) ? std::numeric_limits<double>::infinity() : mse;
  }
  /// The targets a retry judges an inverse network by: fresh draws from the prior (their own seeded
  /// stream, as many as the test targets) where the problem has a simulator, else the training
  /// targets (a data set). Never the test targets, so the metrics stay an honest measure; and not
  /// the training targets where avoidable: a network fits them, and on the arm some that failed on
  /// the test targets passed there (seed 3's fourth network: 4.8e-4 there, 2.3e-3 on the test).
  torch::Tensor validation_targets() const {
    if (!problem->has_simulator()) return data.y_train;
    return problem->draw_rows(data.y_test.size(0), derive_seed(config.seed, SeedStream::ValidationTargets))
        .second.to(device);
  }
  /// Trains inverse network m (the last of nets, freshly made) and, while its own re-simulation
  /// MSE on the validation targets stays above tau, retrains it from fresh weights up to
  /// inverse_retries times, keeping the attempt with the lowest such error. A network that misses
  /// tau does so on a few targets where its continuous map must switch branches; a fresh start
  /// often places that switch better (issue 13).
  TrainStatus train_inverse_retrying(int m, const std::vector<Mlp>& earlier, const ForwardFn& forward,
                                     const torch::Tensor& y, TrainContext& ctx) {
    if (config.inverse_retries == 0) return train_inverse(nets.back(), m, earlier, forward, ctx);
    const long attempt_steps = batches_per_epoch(ctx.data.y_train.size(0), config.batch) * config.epochs_inverse;
    auto& errors = validation.emplace_back();
    Mlp best = nets.back();
    double best_error = std::numeric_limits<double>::infinity();
    for (int attempt = 0;; ++attempt) {
      const auto status = train_inverse(nets.back(), m, earlier, forward, ctx, attempt_seed(attempt));
      if (attempt > 0 && status == TrainStatus::Diverged) {
        ctx.stop_reason.clear();  // a retry that diverged is one more failed attempt (its last good weights)
      } else if (status != TrainStatus::Finished) {
        if (attempt > 0) nets.back() = best;  // a stop keeps the best attempt so far
        return status;
      }
      errors.push_back(own_resim_mse(nets.back(), forward, y));
      if (errors.back() < best_error) {
        best = nets.back();
        best_error = errors.back();
      }
      if (best_error < valid_tau() || attempt >= config.inverse_retries) break;
      ctx.run_steps += attempt_steps;  // the run grows by the retry, so progress stays within 100 %
      nets.back() = new_net(inverse_options(), derive_seed(attempt_seed(attempt + 1), SeedStream::InverseInit, m));
    }
    nets.back() = best;
    return TrainStatus::Finished;
  }
  torch::Tensor from_flat(const std::vector<double>& v, int dim, const char* what) const {
    if (v.empty() || v.size() % dim != 0)
      throw std::invalid_argument(std::string(what) + " must hold a multiple of " + std::to_string(dim) +
                                  " values (got " + std::to_string(v.size()) + ")");
    return torch::tensor(v, torch::kFloat64).reshape({-1, dim}).to(device, torch::kFloat32);
  }
  /// y = f(x) for n fresh draws from the prior (its own seeded stream).
  torch::Tensor synthesize_targets(long n) {
    auto gen = seeded_generator(derive_seed(config.seed, SeedStream::SyntheticTargets));
    const auto x = problem->sample(n, gen).to(device);
    torch::NoGradGuard no_grad;
    return forward_fn()(x);
  }
  void evaluate() {
    auto p = ml::propose(forward_fn(), nets, *problem, data.y_test);
    metrics = compute_metrics(p, data.box);
    metrics.validation_resim_mse_by_attempt = validation;
    if (const ProblemSpec* spec = find_problem_spec(config.problem)) metrics.invalid_meaning = spec->invalid_meaning;
    if (!problem->has_simulator()) metrics.resim_through = "forward model";
    if (true_forward())
      metrics.forward_model = "true simulator";
    else
      metrics.forward_test_mse = forward_mse(f, data.x_test, data.y_test);
    add_diversity(p);
  }
  void add_diversity(const ProposalTensors& p) {
    CoverageSettings cs;
    cs.tau = valid_tau();
    metrics.coverage_tau = cs.tau;
    metrics.coverage_epsilon = cs.epsilon;
    metrics.coverage_delta = cs.delta;
    const bool has_grid = problem->x_dim() == 2 && problem->y_dim() == 1 && problem->has_simulator();
    const auto simulate = [&](const torch::Tensor& x) { return problem->simulate(x.to(device)).to(torch::kCPU); };
    for (int k = 1; k <= static_cast<int>(p.x.size(0)); ++k) {
      metrics.valid_distinct_by_k.push_back(
          valid_distinct(p.x, p.resim, k, cs).to(torch::kFloat64).mean().item<double>());
      if (has_grid)
        metrics.coverage_by_k.push_back(solution_set_coverage(p.x, p.resim, p.y, k, data.box, simulate, cs));
    }
  }
};

Engine::Engine(const Config& config) : impl_(std::make_unique<Impl>()) {
  validate(config);
  impl_->config = config;
  impl_->device = torch::Device(resolve_device(config.device));
  impl_->threads = configure_threads(threads_for(config));
  impl_->problem = make_problem(config);
  impl_->data = make_dataset(*impl_->problem, config.samples, config.train_fraction, config.seed, impl_->device);
  impl_->set_standardization();
}

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

const Config& Engine::config() const { return impl_->config; }

namespace {
ProblemInfo info_from_spec(const ProblemSpec& spec) {
  ProblemInfo info;
  info.name = spec.name;
  info.x_names = spec.x_names;
  info.y_names = spec.y_names;
  info.x_dim = static_cast<int>(spec.x_names.size());
  info.y_dim = static_cast<int>(spec.y_names.size());
  info.x_units = spec.x_units;
  info.y_units = spec.y_units;
  info.description = spec.description;
  info.differentiable = spec.differentiable;
  info.invalid_meaning = spec.invalid_meaning;
  return info;
}
}  // namespace

const std::vector<std::string>& generative_methods() { return generative_method_names(); }

std::vector<ProblemInfo> problem_catalog() {
  std::vector<ProblemInfo> out;
  for (const auto& spec : problem_registry()) out.push_back(info_from_spec(spec));
  return out;
}

ProblemInfo Engine::problem_info() const {
  const auto& p = *impl_->problem;
  ProblemInfo info;
  if (const ProblemSpec* spec = find_problem_spec(impl_->config.problem)) info = info_from_spec(*spec);
  info.name = p.name();
  info.x_names = p.x_names();
  info.y_names = p.y_names();
  info.x_dim = p.x_dim();
  info.y_dim = p.y_dim();
  info.box = impl_->data.box;
  info.has_simulator = p.has_simulator();
  info.arm_poses = p.arm_poses();
  if (const auto* script = dynamic_cast<const TorchScriptProblem*>(&p)) info.differentiable = script->differentiable();
  if (info.x_units.empty()) info.x_units.assign(info.x_dim, "");
  if (info.y_units.empty()) info.y_units.assign(info.y_dim, "");
  return info;
}

std::string Engine::device() const { return impl_->device.is_cuda() ? "cuda" : "cpu"; }
int Engine::threads() const { return impl_->threads; }

bool Engine::train(const ProgressFn& progress, TrainControl& control) {
  Impl& s = *impl_;
  warn_if_slow_blas();
  s.threads = configure_threads(threads_for(s.config));
  s.history.clear();
  s.stop_reason.clear();
  s.nets.clear();
  s.validation.clear();
  s.done = false;
  s.forward_done = false;
  s.metrics = Metrics{};
  const long n = s.data.x_train.size(0);
  Dataset view = s.data;  // the inverse phase may swap in synthesized targets
  s.f = s.true_forward() ? Mlp(nullptr) : s.new_forward();
  s.start_preview();
  const ProgressFn reported = s.preview ? s.offering_to_preview(progress) : progress;
  TrainContext ctx{s.config, view, control, reported, s.history};
  const long forward_epochs = s.true_forward() ? 0 : s.config.epochs_forward;
  ctx.run_steps =
      batches_per_epoch(n, s.config.batch) * (forward_epochs + static_cast<long>(s.config.k) * s.config.epochs_inverse);

  if (!s.true_forward()) {
    const auto status = train_forward(s.f, ctx);
    s.preview.reset();  // the inverse networks themselves come next
    if (status == TrainStatus::Diverged) {
      s.forward_done = true;  // its last good weights: worth saving and inspecting
      s.stop_reason = ctx.stop_reason;
    }
    if (status != TrainStatus::Finished) return false;
  }
  s.forward_done = true;
  const ForwardFn forward = s.forward_fn();
  if (s.config.inverse_targets == "synthetic") view.y_train = s.synthesize_targets(n);
  if (s.config.schedule == "joint") {
    for (int m = 0; m < s.config.k; ++m) s.nets.push_back(s.new_inverse(m));
    const auto status = train_inverse_joint(s.nets, forward, ctx, s.threads);
    s.stop_reason = ctx.stop_reason;
    if (status != TrainStatus::Finished) return false;
  } else {
    // Drawn only for retries: a simulator such as the shell's takes seconds for them.
    const auto validation_y = s.config.inverse_retries > 0 ? s.validation_targets() : torch::Tensor();
    for (int m = 0; m < s.config.k; ++m) {
      const std::vector<Mlp> earlier(s.nets.begin(), s.nets.end());
      s.nets.push_back(s.new_inverse(m));
      const auto status = s.train_inverse_retrying(m, earlier, forward, validation_y, ctx);
      s.stop_reason = ctx.stop_reason;
      if (status != TrainStatus::Finished) return false;
    }
  }
  Progress p;
  p.phase = Phase::Evaluate;
  p.networks = s.config.k;
  p.run_step = p.run_steps = ctx.run_steps;
  p.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - ctx.start).count();
  if (progress) progress(p);
  s.evaluate();
  s.metrics.train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - ctx.start).count();
  s.done = true;
  p.phase = Phase::Done;
  p.elapsed_s = s.metrics.train_seconds;
  if (progress) progress(p);
  return true;
}

AdjointOptions AdjointOptions::from(const Config& config) {
  AdjointOptions o;
  o.starts = config.na_starts;
  o.steps = config.na_steps;
  o.lr = config.na_lr;
  o.seed = derive_seed(config.seed, SeedStream::AdjointStarts);
  o.threads = config.threads;
  return o;
}

bool Engine::train_direct(const ProgressFn& progress, TrainControl& control) {
  Impl& s = *impl_;
  s.threads = configure_threads(threads_for(s.config));
  s.direct_done = false;
  std::vector<LossRow> history;  // progress reports carry the curve; the run's history is f and g
  TrainContext ctx{s.config, s.data, control, progress, history};
  ctx.run_steps = batches_per_epoch(s.data.x_train.size(0), s.config.batch) * s.config.epochs_inverse;
  s.direct = s.new_direct();
  const auto status = ml::train_direct(s.direct, ctx);
  s.stop_reason = ctx.stop_reason;
  if (status != TrainStatus::Finished) return false;
  s.direct_done = true;
  return true;
}

const std::string& Engine::stop_reason() const { return impl_->stop_reason; }

bool Engine::direct_trained() const { return impl_->direct_done; }

ProposalSet Engine::propose_direct(const std::vector<double>& y) const {
  Impl& s = *impl_;
  if (!s.direct_done) throw std::logic_error("the direct regression has not been trained yet");
  if (!s.forward_done) throw std::logic_error("the forward model has not been trained yet");
  std::vector<Mlp> direct{s.direct};  // a one-network "mixture"
  return to_proposal_set(
      ml::propose(s.forward_fn(), direct, *s.problem, s.from_flat(y, s.problem->y_dim(), "targets")));
}

ProposalSet Engine::neural_adjoint(const std::vector<double>& y, const AdjointOptions& options,
                                   const ProgressFn& progress, TrainControl& control) const {
  Impl& s = *impl_;
  if (!s.forward_done) throw std::logic_error("the forward model has not been trained yet");
  if (options.starts < 1 || options.steps < 1 || options.keep < 1 || !(options.lr > 0))
    throw std::invalid_argument("neural adjoint needs starts, steps and keep >= 1 and lr > 0");
  configure_threads(options.threads);  // B starts per target: large batches use every core by default
  const auto yt = s.from_flat(y, s.problem->y_dim(), "targets");
  const auto starts = adjoint_starts(*s.problem, yt.size(0), options.starts, options.seed, s.device);
  AdjointSettings settings;
  settings.steps = options.steps;
  settings.lr = options.lr;
  settings.keep = options.keep;
  settings.boundary_weight = s.config.boundary_weight;
  const auto start = std::chrono::steady_clock::now();
  Progress p;
  p.phase = Phase::Adjoint;
  auto last = start;
  const auto tick = [&](long step, long steps) {
    if (!control.proceed()) return false;
    const auto now = std::chrono::steady_clock::now();
    if (progress && (step == steps || now - last > std::chrono::milliseconds(100))) {
      last = now;
      p.step = p.run_step = step;
      p.steps = p.run_steps = steps;
      p.elapsed_s = std::chrono::duration<double>(now - start).count();
      progress(p);
    }
    return true;
  };
  const auto r = ml::neural_adjoint(s.forward_fn(), yt, starts, s.data.box, settings, tick);
  if (!r.x.defined()) return ProposalSet{};
  auto scored = score_proposals(s.forward_fn(), *s.problem, yt, r.x.transpose(0, 1).contiguous());
  scored.rank = r.loss.transpose(0, 1).contiguous();  // its own ranking (fit + boundary), best first
  return to_proposal_set(scored);
}

bool Engine::train_generative(const std::string& method, const ProgressFn& progress, TrainControl& control) {
  Impl& s = *impl_;
  const int index = generative_method_index(method);
  if (index < 0)
    throw std::invalid_argument("unknown generative method '" + printable(method, 40) + "' (known: mdn, cvae, cinn)");
  if (method == "cinn" && s.problem->x_dim() < 2)
    throw std::invalid_argument("cinn needs at least 2 x dimensions to split in its coupling blocks; " +
                                s.problem->name() + " has 1");
  s.threads = configure_threads(threads_for(s.config));
  s.generative.erase(method);
  s.generative_seconds.erase(method);
  s.stop_reason.clear();
  const auto settings = GenerativeSettings::from(s.config);
  std::shared_ptr<GenerativeImpl> model;
  {
    std::lock_guard<std::mutex> lock(Impl::global_generator());
    model = make_generative(method, settings, s.data.x_train, s.data.y_train,
                            derive_seed(s.config.seed, SeedStream::GenerativeInit, index));
  }
  model->to(s.device);
  Config config = s.config;  // the epoch loop reads the batch size from the configuration
  config.batch = settings.batch;
  std::vector<LossRow> history;  // progress reports carry the curve
  TrainContext ctx{config, s.data, control, progress, history};
  ctx.run_steps = batches_per_epoch(s.data.x_train.size(0), config.batch) * settings.epochs;
  const auto status = ml::train_generative(*model, index, settings,
                                           derive_seed(s.config.seed, SeedStream::GenerativeShuffle, index), ctx);
  s.stop_reason = ctx.stop_reason;
  if (status != TrainStatus::Finished) return false;
  s.generative[method] = model;
  s.generative_seconds[method] = std::chrono::duration<double>(std::chrono::steady_clock::now() - ctx.start).count();
  return true;
}

bool Engine::generative_trained(const std::string& method) const { return impl_->generative.count(method) > 0; }

double Engine::generative_train_seconds(const std::string& method) const {
  const auto it = impl_->generative_seconds.find(method);
  return it == impl_->generative_seconds.end() ? 0.0 : it->second;
}

std::int64_t Engine::generative_seed(const std::string& method) const {
  const int index = generative_method_index(method);
  if (index < 0) throw std::invalid_argument("unknown generative method '" + printable(method, 40) + "'");
  return derive_seed(impl_->config.seed, SeedStream::GenerativeSamples, index);
}

ProposalSet Engine::propose_generative(const std::string& method, const std::vector<double>& y, int samples,
                                       std::int64_t seed) const {
  Impl& s = *impl_;
  const auto it = s.generative.find(method);
  if (it == s.generative.end()) throw std::logic_error(method + " has not been trained yet");
  if (!s.forward_done) throw std::logic_error("the forward model has not been trained yet");
  if (samples < 1) throw std::invalid_argument("samples must be >= 1 (got " + std::to_string(samples) + ")");
  const auto yt = s.from_flat(y, s.problem->y_dim(), "targets");
  const auto x = it->second->sample(yt, samples, seed);  // [T, N, xd]
  auto scored = score_proposals(s.forward_fn(), *s.problem, yt, x);
  torch::NoGradGuard no_grad;
  // Neural adjoint's ranking, so both iterative and generative candidates are ranked alike.
  scored.rank = adjoint_rank_score(s.forward_fn(), x.transpose(0, 1), yt, s.data.box, s.config.boundary_weight)
                    .transpose(0, 1)
                    .contiguous();
  return to_proposal_set(scored);
}

bool Engine::forward_trained() const { return impl_->forward_done; }
int Engine::inverse_networks_ready() const { return static_cast<int>(impl_->nets.size()); }
bool Engine::trained() const { return impl_->done; }
const Metrics& Engine::metrics() const { return impl_->metrics; }
const std::vector<LossRow>& Engine::loss_history() const { return impl_->history; }

ProposalSet Engine::propose(const std::vector<double>& y) const {
  Impl& s = *impl_;
  if (s.nets.empty() || !s.forward_done) throw std::logic_error("no inverse network has been trained yet");
  const auto yt = s.from_flat(y, s.problem->y_dim(), "targets");
  return to_proposal_set(ml::propose(s.forward_fn(), s.nets, *s.problem, yt));
}

void Engine::set_inverse_preview(bool on) { impl_->preview_wanted = on; }

ProposalSet Engine::propose_preview(const std::vector<double>& y) const {
  Impl& s = *impl_;
  if (!s.preview) return {};
  const auto p = s.preview->propose(*s.problem, s.from_flat(y, s.problem->y_dim(), "targets"));
  return p.x.defined() ? to_proposal_set(p) : ProposalSet{};
}

ProposalSet Engine::propose_test() const {
  Impl& s = *impl_;
  if (s.nets.empty() || !s.forward_done) throw std::logic_error("no inverse network has been trained yet");
  return to_proposal_set(ml::propose(s.forward_fn(), s.nets, *s.problem, s.data.y_test));
}

std::vector<double> Engine::simulate(const std::vector<double>& x) const {
  torch::NoGradGuard no_grad;
  return to_doubles(impl_->problem->simulate(impl_->from_flat(x, impl_->problem->x_dim(), "x")));
}

std::vector<double> Engine::forward_model(const std::vector<double>& x) const {
  Impl& s = *impl_;
  const auto xt = s.from_flat(x, s.problem->x_dim(), "x");
  if (s.f) return to_doubles(predict(s.f, xt));  // also mid-training: predict keeps its training flag
  if (!s.forward_done) throw std::logic_error("the forward model has not been trained yet");
  torch::NoGradGuard no_grad;
  return to_doubles(s.forward_fn()(xt));
}

std::vector<double> Engine::test_targets() const { return to_doubles(impl_->data.y_test); }
std::vector<double> Engine::train_inputs() const { return to_doubles(impl_->data.x_train); }

namespace {
template <typename Module>
void save_module(const Module& m, const fs::path& path) {
  const std::string tmp = path.string() + ".tmp";
  torch::save(m, tmp);
  commit_file(tmp, path.string());
}
}  // namespace

void Engine::save(const std::string& dir) const {
  const Impl& s = *impl_;
  if (!s.forward_done) throw std::logic_error("nothing to save: the forward model is not trained");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error("cannot create " + dir + ": " + ec.message());
  const fs::path d(dir);
  write_text_atomic((d / "config.json").string(), config_to_json(s.config) + "\n");
  json model;
  model["format"] = "manifoldlab-model";
  model["version"] = 1;
  model["problem"] = s.problem->name();
  model["x_dim"] = s.problem->x_dim();
  model["y_dim"] = s.problem->y_dim();
  model["box_lo"] = s.data.box.lo;
  model["box_hi"] = s.data.box.hi;
  model["inverse_networks"] = s.nets.size();
  model["direct"] = s.direct_done;
  model["complete"] = s.done;
  write_text_atomic((d / "model.json").string(), model.dump(2) + "\n");
  if (s.f) save_module(s.f, d / "forward.pt");  // none when g trained through the true simulator
  for (size_t m = 0; m < s.nets.size(); ++m) save_module(s.nets[m], d / ("inverse_" + std::to_string(m) + ".pt"));
  if (s.direct_done) save_module(s.direct, d / "direct.pt");
  write_text_atomic((d / "losses.csv").string(), losses_to_csv(s.history));
  if (s.done) write_text_atomic((d / "metrics.json").string(), s.metrics.to_json() + "\n");
}

void Engine::export_torchscript(const std::string& path) const {
  const Impl& s = *impl_;
  if (s.nets.empty() || !s.forward_done) throw std::logic_error("no inverse network has been trained yet");
  MixtureParts parts;
  parts.inverse = s.nets;
  parts.forward = s.f;
  if (!s.f)
    if (const auto* script = dynamic_cast<const TorchScriptProblem*>(s.problem.get()))
      parts.simulator = &script->module();
  parts.x_names = s.problem->x_names();
  parts.y_names = s.problem->y_names();
  parts.box = s.data.box;
  save_script_module(build_mixture_module(parts), path);
}

Engine Engine::load(const std::string& dir, const std::string& device, int threads) {
  const fs::path d(dir);
  if (!fs::is_directory(d)) throw std::runtime_error("model folder " + dir + " does not exist");
  Config config;
  try {
    config = config_from_json(read_text((d / "config.json").string()));
  } catch (const ConfigError& e) {
    throw std::runtime_error((d / "config.json").string() + ": " + e.what());
  }
  config.device = device;
  config.threads = threads;
  json model;
  try {
    model = json::parse(read_text((d / "model.json").string()));
  } catch (const json::exception& e) {
    throw std::runtime_error((d / "model.json").string() + ": not valid JSON");
  }
  Engine engine(config);
  Impl& s = *engine.impl_;
  try {
    s.data.box.lo = model.at("box_lo").get<std::vector<double>>();
    s.data.box.hi = model.at("box_hi").get<std::vector<double>>();
    const int nets = model.at("inverse_networks").get<int>();
    if (nets < 0 || nets > config.k) throw std::runtime_error("inverse_networks out of range");
    const auto load_one = [&](auto& module, const fs::path& path) {
      if (!fs::is_regular_file(path)) throw std::runtime_error(path.string() + " is missing");
      try {
        torch::load(module, path.string(), s.device);
      } catch (const c10::Error&) {
        throw std::runtime_error(path.string() + " is corrupt or does not match config.json");
      }
    };
    if (!s.true_forward()) {
      s.f = s.new_forward();
      load_one(s.f, d / "forward.pt");
      s.f->eval();
      set_trainable(*s.f, false);
    }
    s.forward_done = true;
    for (int m = 0; m < nets; ++m) {
      s.nets.push_back(s.new_inverse(m));
      load_one(s.nets.back(), d / ("inverse_" + std::to_string(m) + ".pt"));
      s.nets.back()->eval();
    }
    if (model.value("direct", false)) {
      s.direct = s.new_direct();
      load_one(s.direct, d / "direct.pt");
      s.direct->eval();
      s.direct_done = true;
    }
    s.done = model.value("complete", false) && nets == config.k;
  } catch (const json::exception& e) {
    throw std::runtime_error((d / "model.json").string() + ": " + e.what());
  }
  if (fs::is_regular_file(d / "metrics.json")) s.metrics = Metrics::from_json(read_text((d / "metrics.json").string()));
  if (fs::is_regular_file(d / "losses.csv")) s.history = losses_from_csv(read_text((d / "losses.csv").string()));
  return engine;
}

}  // namespace ml
