#include "core/experiments/bench.h"

#include "core/platform/blas_core.h"
#include "core/platform/process_env.h"

#include <sys/resource.h>
#include <unistd.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/nn/adam.h"
#include "core/train/evaluation.h"
#include "core/experiments/sweep.h"
#include "core/train/joint_step.h"
#include "core/problems/dataset.h"
#include "core/problems/problem.h"
#include "core/platform/runtime.h"

namespace ml {
namespace {

using Clock = std::chrono::steady_clock;

struct Size {
  std::string name;
  MlpOptions forward, inverse;  // the sine preset's shapes: x 2-D, y 1-D
  int batch;
};

Size size_of(const std::string& preset) {
  const Config c = preset_config("sine", preset);
  return Size{preset, forward_net_options(c, 2, 1), inverse_net_options(c, 2, 1), c.batch};
}

/// Mean seconds per call of `step` over at least `min_steps` calls and about `budget_s`, after
/// one warm-up call. `step` returns a tensor that is read back at the end (a device sync).
double time_steps(const std::function<torch::Tensor()>& step, double budget_s, int min_steps) {
  step().sum().item<double>();
  const auto start = Clock::now();
  int n = 0;
  torch::Tensor last;
  double elapsed = 0;
  while (n < min_steps || (elapsed < budget_s && n < 500)) {
    last = step();
    ++n;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  }
  last.sum().item<double>();
  return std::chrono::duration<double>(Clock::now() - start).count() / n;
}

double sgemm_peak(int threads, torch::Device device) {
  configure_threads(threads);
  const int n = 1024;
  const auto a = torch::randn({n, n}, torch::TensorOptions().device(device));
  const auto b = torch::randn({n, n}, torch::TensorOptions().device(device));
  double best = 1e9;
  for (int rep = 0; rep < 3; ++rep) best = std::min(best, time_steps([&] { return torch::mm(a, b); }, 0.15, 2));
  return 2.0 * n * n * n / best / 1e9;
}

std::vector<Mlp> make_nets(const MlpOptions& o, int k, torch::Device device) {
  torch::manual_seed(1);
  std::vector<Mlp> nets;
  for (int m = 0; m < k; ++m) {
    nets.emplace_back(o);
    nets.back()->to(device);
    nets.back()->train();
  }
  return nets;
}

BenchCase forward_case(const Size& s, int threads, torch::Device device, double budget) {
  configure_threads(threads);
  auto nets = make_nets(s.forward, 1, device);
  auto& f = nets.front();
  FusedAdam opt(f->parameters());  // what training steps with (core/train/trainer.cpp)
  const auto x = torch::rand({s.batch, 2}, torch::TensorOptions().device(device)) * 2 - 1;
  const auto y = torch::randn({s.batch, 1}, torch::TensorOptions().device(device));
  const double sec = time_steps(
      [&] {
        opt.zero_grad();
        const auto loss = torch::mse_loss(f->forward(x), y);
        loss.backward();
        opt.step();
        return loss.detach();
      },
      budget, 3);
  const double flops = 3.0 * 2.0 * mlp_macs(s.forward) * s.batch;  // forward + two backward matmuls
  return BenchCase{s.name, "forward", "loop", 1, threads, s.batch, sec * 1e3, flops / sec / 1e9, 0};
}

BenchCase inverse_case(const Size& s, const std::string& path, int k, int threads, torch::Device device,
                       double budget) {
  configure_threads(threads);
  auto nets = make_nets(s.inverse, k, device);
  torch::manual_seed(2);
  Mlp f(s.forward);
  f->to(device);
  f->eval();
  set_trainable(*f, false);
  Box box;
  box.lo = {-1, -1};
  box.hi = {1, 1};
  const JointStepOptions options{BoxTensors(box, device), 100.0, 0.0, 0.0, {}};
  std::unique_ptr<JointStepper> stepper;
  if (path == "batched")
    stepper = make_batched_stepper(nets, f, options, split_threads(threads, k));
  else if (path == "parallel")
    stepper = make_parallel_stepper(nets, f, options, split_threads(threads, k));
  else
    stepper = make_parallel_stepper(nets, f, options, ThreadSplit{1, threads});
  const auto y = torch::rand({s.batch, 1}, torch::TensorOptions().device(device)) * 4 - 2;
  const std::vector<double> lrs(k, 1e-3);
  const double sec = time_steps([&] { return stepper->step(y, 0.02, 0.04, lrs)[0]; }, budget, 2);
  // Per network: g forward + backward (3x), f forward + input-gradient backward (2x).
  const double flops = 2.0 * s.batch * k * (3.0 * mlp_macs(s.inverse) + 2.0 * mlp_macs(s.forward));
  return BenchCase{s.name, "inverse", path, k, threads, s.batch, sec * 1e3, flops / sec / 1e9, 0};
}

double inference_rate(int threads, torch::Device device) {
  configure_threads(threads);
  const Size s = size_of("quick");
  auto nets = make_nets(s.inverse, 4, device);
  Mlp f(s.forward);
  f->to(device);
  const auto problem = make_problem("sine");
  const long n = 20000;
  const auto y = torch::rand({n, 1}, torch::TensorOptions().device(device)) * 4 - 2;
  const double sec = time_steps(
      [&] {
        const auto p = propose(f, nets, *problem, y);
        return select_best(p.fit, 4).to(torch::kFloat32);
      },
      0.5, 3);
  return n / sec;
}

/// Milliseconds per target that refinement adds to propose + select: the robot arm's quick sizes
/// (x 4-D, y 2-D), k = 4, the quick preset's refine_steps, 2000 targets.
double refine_ms_per_target(int threads, torch::Device device) {
  configure_threads(threads);
  const Config c = preset_config("robot-arm", "quick");
  torch::manual_seed(1);
  std::vector<Mlp> nets;
  for (int m = 0; m < 4; ++m) nets.emplace_back(inverse_net_options(c, 4, 2));
  Mlp f(forward_net_options(c, 4, 2));
  f->to(device);
  f->eval();
  set_trainable(*f, false);
  for (auto& g : nets) g->to(device);
  const auto problem = make_problem("robot-arm");
  const long n = 2000;
  const auto y = torch::rand({n, 2}, torch::TensorOptions().device(device)) * 2 - 1;
  ProposalRules rules;
  auto gen = seeded_generator(1);
  rules.box = problem->domain(problem->sample(10000, gen));
  const auto timed = [&](int steps) {
    rules.refine.steps = steps;
    return time_steps([&] { return select_best(propose(f, nets, *problem, y, rules).rank, 4).to(torch::kFloat32); },
                      0.5, 2);
  };
  return (timed(c.refine_steps) - timed(0)) / n * 1e3;
}

/// Trials per hour of a short reference sweep at `jobs` trials at once.
double sweep_rate(int jobs, int trials, const std::map<std::string, std::string>& base) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("manifoldlab_bench_sweep_" + std::to_string(::getpid()) + "_" + std::to_string(jobs));
  std::filesystem::remove_all(dir);
  SweepSpec spec;
  spec.base = base;
  spec.trials = trials;
  spec.jobs = jobs;
  const auto start = Clock::now();
  run_sweep(spec, dir.string(), {});
  const double sec = std::chrono::duration<double>(Clock::now() - start).count();
  std::filesystem::remove_all(dir);
  return trials / sec * 3600.0;
}

}  // namespace

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

BenchReport run_bench(const BenchOptions& options) {
  const auto log = [&](const std::string& line) {
    if (options.log) options.log(line);
  };
  const auto start = Clock::now();
  const int saved_threads = configure_threads(0);
  BenchReport r;
  const torch::Device device(resolve_device("auto"));
  r.device = device.is_cuda() ? "cuda" : "cpu";
  r.blas = blas_library();
  r.blas_summary = ml::blas_summary();
  r.allocator = allocator_name();
  r.blas_core = openblas_core();
  r.cores = hardware_threads();
  std::vector<int> thread_counts{1};
  if (r.cores > 1) thread_counts.push_back(r.cores);
  for (int t : thread_counts) {
    r.sgemm_peak_gflops[t] = sgemm_peak(t, device);
    log("sgemm peak at " + std::to_string(t) + " thread(s): " + std::to_string(r.sgemm_peak_gflops[t]) + " GFLOP/s");
  }
  std::vector<std::string> sizes{"quick"};
  if (!options.quick_only) sizes.push_back("paper");
  for (const auto& name : sizes) {
    const Size s = size_of(name);
    const bool paper = name == "paper";
    const double budget = paper ? 0.5 : 0.3;
    for (int t : thread_counts) r.cases.push_back(forward_case(s, t, device, budget));
    for (int k : {1, 2, 4, 8}) {
      log(name + " size, k = " + std::to_string(k));
      for (int t : thread_counts) {
        if (paper && t == 1 && k > 1) continue;  // paper steps are slow; the 1-thread loop at k = 1 is enough
        r.cases.push_back(inverse_case(s, "loop", k, t, device, budget));
        r.cases.push_back(inverse_case(s, "batched", k, t, device, budget));
      }
      if (!device.is_cuda() && r.cores > 1 && k > 1)
        r.cases.push_back(inverse_case(s, "parallel", k, r.cores, device, budget));
    }
  }
  for (auto& c : r.cases) c.peak_fraction = c.gflops / r.sgemm_peak_gflops.at(c.threads);
  log("inference");
  for (int t : thread_counts) {
    r.inference_targets_per_s_by_threads[t] = inference_rate(t, device);
    r.inference_targets_per_s = std::max(r.inference_targets_per_s, r.inference_targets_per_s_by_threads[t]);
  }
  log("refinement");
  r.refine_steps = preset_config("robot-arm", "quick").refine_steps;
  for (int t : thread_counts) r.refine_ms_per_target_by_threads[t] = refine_ms_per_target(t, device);
  log("sweep throughput");
  const std::map<std::string, std::string> trial{{"problem", "sine"},     {"samples", "2000"}, {"epochs_forward", "10"},
                                                 {"epochs_inverse", "4"}, {"k", "2"},          {"device", r.device}};
  const int trials = 2 * r.cores;
  r.sweep_trials_per_hour[1] = sweep_rate(1, trials, trial);
  if (r.cores > 1) r.sweep_trials_per_hour[r.cores] = sweep_rate(r.cores, trials, trial);
  r.sweep_note = "run_sweep of " + std::to_string(trials) +
                 " short sine trials (quick preset, samples 2000, epochs 10 forward / 4 inverse, k 2); "
                 "jobs N gives each trial cores / N threads";
  configure_threads(saved_threads);
  r.peak_rss_mb = peak_rss_mb();
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return r;
}

std::string BenchReport::to_json() const {
  nlohmann::json j;
  j["device"] = device;
  j["blas"] = blas;
  j["blas_summary"] = blas_summary;
  j["blas_core"] = blas_core;
  j["allocator"] = allocator;
  j["cores"] = cores;
  const char* wait_policy = std::getenv("OMP_WAIT_POLICY");
  j["omp_wait_policy"] = wait_policy ? wait_policy : "";
  j["sgemm_peak_gflops"] = sgemm_peak_gflops.empty() ? 0.0 : sgemm_peak_gflops.rbegin()->second;
  for (const auto& [t, g] : sgemm_peak_gflops) j["sgemm_peak_gflops_by_threads"][std::to_string(t)] = g;
  j["cases"] = nlohmann::json::array();
  for (const auto& c : cases)
    j["cases"].push_back({{"size", c.size},
                          {"phase", c.phase},
                          {"path", c.path},
                          {"k", c.k},
                          {"threads", c.threads},
                          {"batch", c.batch},
                          {"step_ms", c.step_ms},
                          {"gflops", c.gflops},
                          {"peak_fraction", c.peak_fraction}});
  j["flops_note"] =
      "matmul FLOPs only: forward step 6*MACs(f)*batch; inverse step per network "
      "2*batch*(3*MACs(g) + 2*MACs(f)) (f is frozen: no weight gradients)";
  j["inference_targets_per_s"] = inference_targets_per_s;
  for (const auto& [t, rate] : inference_targets_per_s_by_threads)
    j["inference_targets_per_s_by_threads"][std::to_string(t)] = rate;
  j["refine_steps"] = refine_steps;
  for (const auto& [t, ms] : refine_ms_per_target_by_threads)
    j["refine_ms_per_target_by_threads"][std::to_string(t)] = ms;
  j["refine_note"] =
      "added by refinement to propose + select, robot arm quick sizes, k = 4, 2000 targets, refine_steps steps";
  for (const auto& [jobs, rate] : sweep_trials_per_hour) j["sweep_trials_per_hour"][std::to_string(jobs)] = rate;
  j["sweep_note"] = sweep_note;
  j["peak_rss_mb"] = peak_rss_mb;
  j["seconds"] = seconds;
  return j.dump(2);
}

}  // namespace ml
