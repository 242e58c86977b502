// The baselines the mixture is compared with: direct regression, neural adjoint and the
// generative models. None is saved with a run.
#include "core/api/engine.h"

#include <chrono>
#include <mutex>
#include <stdexcept>

#include "core/baselines/generative.h"
#include "core/baselines/neural_adjoint.h"
#include "core/engine/engine_impl.h"
#include "core/engine/thread_count.h"
#include "core/platform/runtime.h"

namespace ml {

const std::vector<std::string>& generative_methods() { return generative_method_names(); }

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

}  // namespace ml
