#pragma once
/// Proposals, selection and metrics for a trained mixture, batched over targets and networks.
#include <torch/torch.h>

#include <vector>

#include "core/api/box.h"
#include "core/train/forward_fn.h"
#include "core/train/refine.h"
#include "core/train/trust.h"
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
  torch::Tensor rank;   ///< [K, N] what selection through f ranks by, lowest first: fit + trust penalty
  /// With refinement: each network's own proposal before it ([K, N, xd]) and that proposal's
  /// re-simulation error and rank ([K, N]); x, fit, resim and rank above are then each network's
  /// better candidate by rank, its proposal or its refined point. Undefined without refinement.
  torch::Tensor start, start_resim, start_rank;
  /// rank, or fit where rank was not set (proposals scored by hand).
  const torch::Tensor& ranking() const { return rank.defined() ? rank : fit; }
  /// The network's own proposals' re-simulation errors (start_resim, or resim without refinement).
  const torch::Tensor& own_resim() const { return start.defined() ? start_resim : resim; }
};

/// How proposals are improved and chosen (Config: refine_steps, refine_lr, trust_weight).
struct ProposalRules {
  RefineSettings refine;  ///< steps 0: the networks' proposals as they are
  Box box;                ///< what refinement keeps x inside
  TrustRegion trust;      ///< not active: selection by fit alone
  /// Refine through the true simulator (simulate_for_training) and keep each network's better
  /// candidate by its re-simulation error: the answer where the simulator is at hand and carries
  /// gradients (select_through simulator). Otherwise through f, kept by rank.
  bool through_simulator = false;
};

/// Every network on every target, in blocks of targets, then score_proposals on all K*N proposals.
/// Runs the networks in eval mode without gradients and restores their training flags; f must be
/// frozen already.
/// With refinement, each proposal is refined through f (core/train/refine.h) and each network keeps
/// the better of the two by rank.
ProposalTensors propose(const ForwardFn& f, std::vector<Mlp>& nets, const Problem& problem, const torch::Tensor& y,
                        const ProposalRules& rules = {});

/// Scores given proposals x [K, N, xd] for targets y [N, yd] with the frozen f and the simulator
/// (no gradients), in blocks of targets, ranked by fit + trust.penalty(x). The one place proposals
/// are scored.
ProposalTensors score_proposals(const ForwardFn& f, const Problem& problem, const torch::Tensor& y,
                                const torch::Tensor& x, const TrustRegion& trust = {});

/// Refines p's proposals (rules.refine) and keeps, per network and target, the better of proposal
/// and refined point by rank; p's own proposals move to start. Unchanged when steps is 0.
ProposalTensors refine_proposals(const ForwardFn& f, const Problem& problem, ProposalTensors p,
                                 const ProposalRules& rules);

/// Per target, whether a re-simulation error is within tau (NaN, an invalid proposal, is not): bool, same shape.
torch::Tensor within_tau(const torch::Tensor& resim, double tau);

/// Per target, the index of the lowest `score` among the first k networks ([K, N] -> [N]).
torch::Tensor select_best(const torch::Tensor& score, int k);

/// Metrics for every prefix k = 1..K with validity threshold tau (forward test MSE is set by the
/// caller): selection through f by p.rank; the oracle and the mixture's coverage over each
/// network's proposal and refined point.
Metrics compute_metrics(const ProposalTensors& p, const Box& box, double tau);

/// Copies to plain numbers; `selected` and `oracle` are over all networks in `p`. `selected` is
/// by rank, or by the true simulator's error where through_simulator (then equal to `oracle`).
ProposalSet to_proposal_set(const ProposalTensors& p, bool through_simulator = false);

/// A tensor's values as plain doubles (copied to the CPU, row-major).
std::vector<double> to_doubles(const torch::Tensor& t);

/// net(x) in eval mode without gradients, its training flag put back: safe in the middle of its
/// own training (batch norm's running statistics are not touched).
torch::Tensor predict(Mlp& net, const torch::Tensor& x);

/// Mean squared error of f on (x, y), evaluated without gradients in eval mode.
double forward_mse(Mlp& f, const torch::Tensor& x, const torch::Tensor& y);

}  // namespace ml
