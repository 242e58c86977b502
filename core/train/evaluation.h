#pragma once
/// Proposals, selection and metrics for a trained mixture, batched over targets and networks.
#include <torch/torch.h>

#include <vector>

#include "core/api/box.h"
#include "core/train/forward_fn.h"
#include "core/nn/mlp.h"
#include "core/problems/problem.h"
#include "core/api/results.h"

namespace ml {

/// K networks' proposals for N targets.
struct ProposalTensors {
  torch::Tensor y;      ///< [N, yd]
  torch::Tensor x;      ///< [K, N, xd]
  torch::Tensor fy;     ///< [K, N, yd] forward model
  torch::Tensor sy;     ///< [K, N, yd] true simulator
  torch::Tensor fit;    ///< [K, N] ||f(x) - y||^2
  torch::Tensor resim;  ///< [K, N] mean over dims (sim(x) - y)^2
  torch::Tensor rank;   ///< [K, N] what the proposals are ranked by, lowest first (fit unless set otherwise)
};

/// Every network on every target, in blocks of targets, then score_proposals on all K*N proposals.
/// Runs the networks in eval mode without gradients and restores their training flags; f must be
/// frozen already.
ProposalTensors propose(const ForwardFn& f, std::vector<Mlp>& nets, const Problem& problem, const torch::Tensor& y);

/// Scores given proposals x [K, N, xd] for targets y [N, yd] with the frozen f and the simulator
/// (no gradients), in blocks of targets. The one place proposals are scored.
ProposalTensors score_proposals(const ForwardFn& f, const Problem& problem, const torch::Tensor& y,
                                const torch::Tensor& x);

/// Per target, the index of the lowest `score` among the first k networks ([K, N] -> [N]).
torch::Tensor select_best(const torch::Tensor& score, int k);

/// Metrics for every prefix k = 1..K (forward test MSE is set by the caller).
Metrics compute_metrics(const ProposalTensors& p, const Box& box);

/// Copies to plain numbers; `selected` (by rank) and `oracle` are over all networks in `p`.
ProposalSet to_proposal_set(const ProposalTensors& p);

/// A tensor's values as plain doubles (copied to the CPU, row-major).
std::vector<double> to_doubles(const torch::Tensor& t);

/// net(x) in eval mode without gradients, its training flag put back: safe in the middle of its
/// own training (batch norm's running statistics are not touched).
torch::Tensor predict(Mlp& net, const torch::Tensor& x);

/// Mean squared error of f on (x, y), evaluated without gradients in eval mode.
double forward_mse(Mlp& f, const torch::Tensor& x, const torch::Tensor& y);

}  // namespace ml
