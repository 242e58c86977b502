#include "core/engine/engine_impl.h"

#include <chrono>
#include <cmath>
#include <limits>

#include "core/platform/runtime.h"
#include "core/train/coverage.h"

namespace ml {

void Engine::Impl::set_standardization() {
  const ProblemSpec* spec = find_problem_spec(config.problem);
  if (!spec || !spec->standardize) return;
  const auto stats = [](const torch::Tensor& t) {
    return Scaling{to_doubles(t.mean(0)), to_doubles(t.std(0).clamp_min(1e-6))};
  };
  x_scaling = stats(data.x_train);
  y_scaling = stats(data.y_train);
}

void Engine::Impl::start_preview() {
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

ProgressFn Engine::Impl::offering_to_preview(const ProgressFn& progress) {
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

std::pair<double, double> Engine::Impl::own_validity(Mlp& g, const ForwardFn& forward, const torch::Tensor& y) const {
  std::vector<Mlp> one{g};
  const Metrics m = compute_metrics(ml::propose(forward, one, *problem, y), data.box, valid_tau());
  const double mse = m.per_network_resim_mse[0];
  return {m.per_network_coverage[0], std::isnan(mse) ? std::numeric_limits<double>::infinity() : mse};
}

ProposalRules Engine::Impl::rules(int refine_steps) {
  ProposalRules r;
  r.refine.steps = refine_steps;
  r.refine.lr = config.refine_lr;
  r.refine.boundary_weight = config.boundary_weight;
  r.box = data.box;
  if (config.trust_weight > 0) {
    if (!trust.mean.defined()) trust = TrustRegion::from_inputs(data.x_train, config.trust_weight * valid_tau());
    r.trust = trust;
    if (config.refine_trust) r.refine.penalty = [t = trust](const torch::Tensor& x) { return t.penalty(x); };
  }
  return r;
}

ProposalSet Engine::Impl::propose(const torch::Tensor& y, int refine_steps) {
  const bool by_sim = config.select_through == "simulator" && problem->has_simulator();
  auto r = rules(refine_steps);
  r.through_simulator = by_sim;
  return to_proposal_set(ml::propose(forward_fn(), nets, *problem, y, r), by_sim);
}

torch::Tensor Engine::Impl::validation_targets() const {
  if (!problem->has_simulator()) return data.y_train;
  return problem->draw_rows(data.y_test.size(0), derive_seed(config.seed, SeedStream::ValidationTargets))
      .second.to(device);
}

TrainStatus Engine::Impl::train_inverse_retrying(int m, const std::vector<Mlp>& earlier, const ForwardFn& forward,
                                                 const torch::Tensor& y, TrainContext& ctx) {
  if (config.inverse_retries == 0) return train_inverse(nets.back(), m, earlier, forward, ctx);
  const long attempt_steps = batches_per_epoch(ctx.data.y_train.size(0), config.batch) * config.epochs_inverse;
  auto& errors = validation.emplace_back();
  auto& coverages = validation_coverage.emplace_back();
  Mlp best = nets.back();
  double best_coverage = -1, best_error = std::numeric_limits<double>::infinity();
  for (int attempt = 0;; ++attempt) {
    const auto status = train_inverse(nets.back(), m, earlier, forward, ctx, attempt_seed(attempt));
    if (attempt > 0 && status == TrainStatus::Diverged) {
      ctx.stop_reason.clear();  // a retry that diverged is one more failed attempt (its last good weights)
    } else if (status != TrainStatus::Finished) {
      if (attempt > 0) nets.back() = best;  // a stop keeps the best attempt so far
      return status;
    }
    const auto [coverage, error] = own_validity(nets.back(), forward, y);
    coverages.push_back(coverage);
    errors.push_back(error);
    if (coverage > best_coverage || (coverage == best_coverage && error < best_error)) {
      best = nets.back();
      best_coverage = coverage;
      best_error = error;
    }
    if (best_coverage >= kMinNetworkCoverage || attempt >= config.inverse_retries) break;
    ctx.run_steps += attempt_steps;  // the run grows by the retry, so progress stays within 100 %
    nets.back() = new_net(inverse_options(), derive_seed(attempt_seed(attempt + 1), SeedStream::InverseInit, m));
  }
  nets.back() = best;
  return TrainStatus::Finished;
}

torch::Tensor Engine::Impl::synthesize_targets(long n) {
  auto gen = seeded_generator(derive_seed(config.seed, SeedStream::SyntheticTargets));
  const auto x = problem->sample(n, gen).to(device);
  torch::NoGradGuard no_grad;
  return forward_fn()(x);
}

void Engine::Impl::evaluate() {
  auto p = ml::propose(forward_fn(), nets, *problem, data.y_test, rules(config.refine_steps));
  metrics = compute_metrics(p, data.box, valid_tau());
  metrics.refine_steps = config.refine_steps;
  metrics.trust_weight = config.trust_weight;
  metrics.select_through = config.select_through;
  if (problem->has_simulator()) {
    // The answer where the simulator is at hand, reported apart from selection through f. Only
    // refinement through the simulator gives other candidates than p's: without it, the answer
    // is p's oracle, and a second pass would repeat p's work (the shell's simulator is slow).
    Metrics by_sim = metrics;
    if (config.refine_steps > 0 && problem->differentiable()) {
      auto sim_rules = rules(config.refine_steps);
      sim_rules.through_simulator = true;
      by_sim =
          compute_metrics(ml::propose(forward_fn(), nets, *problem, data.y_test, sim_rules), data.box, valid_tau());
    }
    metrics.simulator_selected_resim_mse = by_sim.oracle_resim_mse_by_k.back();
    metrics.simulator_selected_valid_share = by_sim.mixture_coverage_by_k.back();
  }
  metrics.validation_resim_mse_by_attempt = validation;
  metrics.validation_coverage_by_attempt = validation_coverage;
  if (const ProblemSpec* spec = find_problem_spec(config.problem)) metrics.invalid_meaning = spec->invalid_meaning;
  if (!problem->has_simulator()) metrics.resim_through = "forward model";
  if (true_forward())
    metrics.forward_model = "true simulator";
  else
    metrics.forward_test_mse = forward_mse(f, data.x_test, data.y_test);
  add_diversity(p);
}

void Engine::Impl::add_diversity(const ProposalTensors& p) {
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
    if (has_grid) metrics.coverage_by_k.push_back(solution_set_coverage(p.x, p.resim, p.y, k, data.box, simulate, cs));
  }
}

}  // namespace ml
