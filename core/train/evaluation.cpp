#include "core/train/evaluation.h"

#include "core/train/losses.h"

#include <limits>

namespace ml {
namespace {

/// Evaluates modules in eval mode and puts their training flags back on scope exit.
class EvalScope {
 public:
  explicit EvalScope(std::vector<torch::nn::Module*> modules) : modules_(std::move(modules)) {
    for (auto* m : modules_) {
      was_training_.push_back(m->is_training());
      m->eval();
    }
  }
  ~EvalScope() {
    for (size_t i = 0; i < modules_.size(); ++i) modules_[i]->train(was_training_[i]);
  }

 private:
  std::vector<torch::nn::Module*> modules_;
  std::vector<bool> was_training_;
};

std::vector<int> to_ints(const torch::Tensor& t) {
  const auto c = t.to(torch::kCPU, torch::kInt32).contiguous();
  return std::vector<int>(c.data_ptr<int>(), c.data_ptr<int>() + c.numel());
}

}  // namespace

std::vector<double> to_doubles(const torch::Tensor& t) {
  const auto c = t.to(torch::kCPU, torch::kFloat64).contiguous();
  return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

namespace {
// Blocks of targets small enough that each layer's activations stay in cache (measured by
// manifoldlab-cli bench); every op is row-wise in eval mode, so blocking changes no value.
constexpr long kBlock = 2048;
}  // namespace

ProposalTensors propose(const ForwardFn& f, std::vector<Mlp>& nets, const Problem& problem, const torch::Tensor& y,
                        const ProposalRules& rules) {
  TORCH_CHECK(!nets.empty(), "propose needs at least one inverse network");
  torch::Tensor x;
  {
    std::vector<torch::nn::Module*> modules;
    for (auto& g : nets) modules.push_back(g.get());
    EvalScope scope(modules);
    torch::NoGradGuard no_grad;
    const long N = y.size(0);
    std::vector<torch::Tensor> xs;
    for (long start = 0; start < N; start += kBlock) {
      const auto yb = y.slice(0, start, std::min(N, start + kBlock));
      std::vector<torch::Tensor> xb;
      for (auto& g : nets) xb.push_back(g->forward(yb));
      xs.push_back(torch::stack(xb));  // [K, n, xd]
    }
    x = torch::cat(xs, 1);
  }
  return refine_proposals(f, problem, score_proposals(f, problem, y, x, rules.trust), rules);
}

ProposalTensors score_proposals(const ForwardFn& f, const Problem& problem, const torch::Tensor& y,
                                const torch::Tensor& x, const TrustRegion& trust) {
  torch::NoGradGuard no_grad;
  const long K = x.size(0), N = x.size(1);
  std::vector<torch::Tensor> fys, sys;
  for (long start = 0; start < N; start += kBlock) {
    const auto xb = x.slice(1, start, std::min(N, start + kBlock));
    const auto flat = xb.reshape({-1, x.size(2)});
    fys.push_back(f(flat).reshape({K, xb.size(1), -1}));
    // Without a simulator (a data set) the forward model is the only judge: sy = fy.
    sys.push_back(problem.has_simulator() ? problem.simulate(flat).reshape({K, xb.size(1), -1}) : fys.back());
  }
  ProposalTensors p;
  p.y = y;
  p.x = x;
  p.fy = torch::cat(fys, 1);
  p.sy = torch::cat(sys, 1);
  p.fit = (p.fy - y.unsqueeze(0)).pow(2).sum(-1);
  p.resim = (p.sy - y.unsqueeze(0)).pow(2).mean(-1);
  p.rank = trust.active() ? p.fit + trust.penalty(x) : p.fit;
  return p;
}

ProposalTensors refine_proposals(const ForwardFn& f, const Problem& problem, ProposalTensors p,
                                 const ProposalRules& rules) {
  if (rules.refine.steps <= 0) return p;
  const bool sim = rules.through_simulator && problem.differentiable();
  const ForwardFn through =
      sim ? ForwardFn([&](const torch::Tensor& x) { return problem.simulate_for_training(x); }) : f;
  const auto xr = refine(through, p.y, p.x, rules.box, rules.refine);
  auto r = score_proposals(f, problem, p.y, xr, rules.trust);
  torch::NoGradGuard no_grad;
  const auto inf = std::numeric_limits<double>::infinity();
  const auto better = [&](const torch::Tensor& a, const torch::Tensor& b) {
    return a.nan_to_num(inf, inf, inf) < b.nan_to_num(inf, inf, inf);
  };
  const auto take = sim ? better(r.resim, p.resim) : better(r.rank, p.rank);  // [K, N]
  r.start = p.x;
  r.start_resim = p.resim;
  r.start_rank = p.rank;
  const auto pick = [&](const torch::Tensor& refined, const torch::Tensor& own) {
    return torch::where(refined.dim() == 3 ? take.unsqueeze(-1) : take, refined, own);
  };
  r.x = pick(r.x, p.x);
  r.fy = pick(r.fy, p.fy);
  r.sy = pick(r.sy, p.sy);
  r.fit = pick(r.fit, p.fit);
  r.resim = pick(r.resim, p.resim);
  r.rank = pick(r.rank, p.rank);
  return r;
}

torch::Tensor within_tau(const torch::Tensor& resim, double tau) { return resim < tau; }

torch::Tensor select_best(const torch::Tensor& score, int k) {
  const auto s = score.slice(0, 0, k);
  // A NaN score (an invalid proposal ranked through the true simulator) never wins.
  if (!s.isnan().any().item<bool>()) return s.argmin(0);
  return s.nan_to_num(std::numeric_limits<double>::infinity()).argmin(0);
}

namespace {
/// Mean over the finite entries of a 1-D tensor (NaN when none is); bit for bit the plain mean
/// when every entry is finite.
double mean_valid(const torch::Tensor& t) {
  const auto valid = torch::isfinite(t);
  if (valid.all().item<bool>()) return t.mean().item<double>();
  if (!valid.any().item<bool>()) return std::numeric_limits<double>::quiet_NaN();
  return t.masked_select(valid).mean().item<double>();
}
double invalid_share(const torch::Tensor& t) { return (~torch::isfinite(t)).to(torch::kFloat64).mean().item<double>(); }
double share(const torch::Tensor& flags) { return flags.to(torch::kFloat64).mean().item<double>(); }
}  // namespace

Metrics compute_metrics(const ProposalTensors& p, const Box& box, double tau) {
  Metrics m;
  const int K = static_cast<int>(p.x.size(0));
  m.test_targets = p.x.size(1);
  m.coverage_tau = tau;
  // An invalid proposal's re-simulation is NaN: oracle selection treats it as infinitely bad. The
  // oracle picks among each network's proposal and its refined point.
  const auto inf = std::numeric_limits<double>::infinity();
  auto best = p.resim.nan_to_num(inf, inf, inf);
  if (p.start.defined()) best = torch::minimum(best, p.start_resim.nan_to_num(inf, inf, inf));
  for (int k = 1; k <= K; ++k) {
    const auto sel = select_best(p.ranking(), k);
    const auto selected = p.resim.gather(0, sel.unsqueeze(0)).squeeze(0);
    m.selected_resim_mse_by_k.push_back(mean_valid(selected));
    m.selected_invalid_share_by_k.push_back(invalid_share(selected));
    m.selected_valid_share_by_k.push_back(share(within_tau(selected, tau)));
    const auto oracle = std::get<0>(best.slice(0, 0, k).min(0));
    m.oracle_resim_mse_by_k.push_back(mean_valid(oracle));
    m.oracle_invalid_share_by_k.push_back(invalid_share(oracle));
    m.mixture_coverage_by_k.push_back(share(within_tau(oracle, tau)));
  }
  const auto& own = p.own_resim();
  for (int net = 0; net < K; ++net) {
    m.per_network_resim_mse.push_back(mean_valid(own[net]));
    m.per_network_invalid_share.push_back(invalid_share(own[net]));
    m.per_network_coverage.push_back(share(within_tau(own[net], tau)));
  }
  if (torch::isfinite(own).all().item<bool>()) m.per_network_resim_mse = to_doubles(own.mean(1));
  if (p.start.defined()) {
    const auto own_selected = p.start_resim.gather(0, select_best(p.start_rank, K).unsqueeze(0)).squeeze(0);
    m.unrefined_selected_resim_mse = mean_valid(own_selected);
    m.unrefined_selected_valid_share = share(within_tau(own_selected, tau));
  }
  const auto counts = torch::bincount(select_best(p.ranking(), K), /*weights=*/{}, /*minlength=*/K);
  for (double c : to_doubles(counts)) m.selection_counts.push_back(static_cast<long>(c));
  const auto lo = torch::tensor(box.lo, torch::kFloat64).to(p.x.options());
  const auto hi = torch::tensor(box.hi, torch::kFloat64).to(p.x.options());
  m.outside_box_fraction = ((p.x < lo) | (p.x > hi)).any(-1).to(torch::kFloat64).mean().item<double>();
  return m;
}

ProposalSet to_proposal_set(const ProposalTensors& p, bool through_simulator) {
  ProposalSet s;
  s.networks = static_cast<int>(p.x.size(0));
  s.targets = static_cast<int>(p.x.size(1));
  s.x_dim = static_cast<int>(p.x.size(2));
  s.y_dim = static_cast<int>(p.y.size(1));
  s.y = to_doubles(p.y);
  s.x = to_doubles(p.x);
  if (p.start.defined()) {
    s.start_x = to_doubles(p.start);
    s.start_resim_error = to_doubles(p.start_resim);
  }
  s.fy = to_doubles(p.fy);
  s.sy = to_doubles(p.sy);
  s.fit_error = to_doubles(p.fit);
  s.resim_error = to_doubles(p.resim);
  s.rank_score = to_doubles(p.ranking());
  s.oracle = to_ints(select_best(p.resim, s.networks));
  s.selected = through_simulator ? s.oracle : to_ints(select_best(p.ranking(), s.networks));
  s.selected_through_simulator = through_simulator;
  return s;
}

torch::Tensor predict(Mlp& net, const torch::Tensor& x) {
  EvalScope scope({net.get()});
  torch::NoGradGuard no_grad;
  return net->forward(x);
}

double forward_mse(Mlp& f, const torch::Tensor& x, const torch::Tensor& y) {
  return fit_loss(predict(f, x), y).item<double>();
}

}  // namespace ml
