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

ProposalTensors propose(const ForwardFn& f, std::vector<Mlp>& nets, const Problem& problem, const torch::Tensor& y) {
  TORCH_CHECK(!nets.empty(), "propose needs at least one inverse network");
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
  return score_proposals(f, problem, y, torch::cat(xs, 1));
}

ProposalTensors score_proposals(const ForwardFn& f, const Problem& problem, const torch::Tensor& y,
                                const torch::Tensor& x) {
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
  p.rank = p.fit;
  return p;
}

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
}  // namespace

Metrics compute_metrics(const ProposalTensors& p, const Box& box) {
  Metrics m;
  const int K = static_cast<int>(p.x.size(0));
  m.test_targets = p.x.size(1);
  // An invalid proposal's re-simulation is NaN: oracle selection treats it as infinitely bad.
  const auto resim_or_inf =
      p.resim.nan_to_num(std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity());
  for (int k = 1; k <= K; ++k) {
    const auto sel = select_best(p.fit, k);
    const auto selected = p.resim.gather(0, sel.unsqueeze(0)).squeeze(0);
    m.selected_resim_mse_by_k.push_back(mean_valid(selected));
    m.selected_invalid_share_by_k.push_back(invalid_share(selected));
    const auto oracle = std::get<0>(resim_or_inf.slice(0, 0, k).min(0));
    m.oracle_resim_mse_by_k.push_back(mean_valid(oracle));
    m.oracle_invalid_share_by_k.push_back(invalid_share(oracle));
  }
  for (int net = 0; net < K; ++net) {
    m.per_network_resim_mse.push_back(mean_valid(p.resim[net]));
    m.per_network_invalid_share.push_back(invalid_share(p.resim[net]));
  }
  if (torch::isfinite(p.resim).all().item<bool>()) m.per_network_resim_mse = to_doubles(p.resim.mean(1));
  const auto counts = torch::bincount(select_best(p.fit, K), /*weights=*/{}, /*minlength=*/K);
  for (double c : to_doubles(counts)) m.selection_counts.push_back(static_cast<long>(c));
  const auto lo = torch::tensor(box.lo, torch::kFloat64).to(p.x.options());
  const auto hi = torch::tensor(box.hi, torch::kFloat64).to(p.x.options());
  m.outside_box_fraction = ((p.x < lo) | (p.x > hi)).any(-1).to(torch::kFloat64).mean().item<double>();
  return m;
}

ProposalSet to_proposal_set(const ProposalTensors& p) {
  ProposalSet s;
  s.networks = static_cast<int>(p.x.size(0));
  s.targets = static_cast<int>(p.x.size(1));
  s.x_dim = static_cast<int>(p.x.size(2));
  s.y_dim = static_cast<int>(p.y.size(1));
  s.y = to_doubles(p.y);
  s.x = to_doubles(p.x);
  s.fy = to_doubles(p.fy);
  s.sy = to_doubles(p.sy);
  s.fit_error = to_doubles(p.fit);
  s.resim_error = to_doubles(p.resim);
  s.rank_score = to_doubles(p.rank);
  s.selected = to_ints(select_best(p.rank, s.networks));
  s.oracle = to_ints(select_best(p.resim, s.networks));
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
