#include "core/api/engine.h"

#include <chrono>
#include <stdexcept>

#include "core/engine/engine_impl.h"
#include "core/engine/thread_count.h"
#include "core/platform/runtime.h"
#include "core/train/joint_trainer.h"

namespace ml {

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
  info.valid_tau = spec.valid_tau;
  info.y_grid = spec.y_grid;
  info.y_grid_label = spec.y_grid_label;
  return info;
}
}  // namespace

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
  info.differentiable = p.differentiable();
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
  s.validation_coverage.clear();
  s.trust = TrustRegion();
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

const std::string& Engine::stop_reason() const { return impl_->stop_reason; }

bool Engine::forward_trained() const { return impl_->forward_done; }
int Engine::inverse_networks_ready() const { return static_cast<int>(impl_->nets.size()); }
bool Engine::trained() const { return impl_->done; }
const Metrics& Engine::metrics() const { return impl_->metrics; }
const std::vector<LossRow>& Engine::loss_history() const { return impl_->history; }

ProposalSet Engine::propose(const std::vector<double>& y) const { return propose(y, impl_->config.refine_steps); }

ProposalSet Engine::propose(const std::vector<double>& y, int refine_steps) const {
  Impl& s = *impl_;
  if (s.nets.empty() || !s.forward_done) throw std::logic_error("no inverse network has been trained yet");
  if (refine_steps < 0) throw std::invalid_argument("refine steps must be 0 or more");
  return s.propose(s.from_flat(y, s.problem->y_dim(), "targets"), s.done ? refine_steps : 0);
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
  return s.propose(s.data.y_test, s.done ? s.config.refine_steps : 0);
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
std::vector<double> Engine::test_inputs() const { return to_doubles(impl_->data.x_test); }
std::vector<double> Engine::train_inputs() const { return to_doubles(impl_->data.x_train); }

}  // namespace ml
