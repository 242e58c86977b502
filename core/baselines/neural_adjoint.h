#pragma once
/// Neural adjoint (METHOD.md section 6): per target, gradient descent on x through the frozen
/// forward model from many starts, candidates ranked by the same loss. Batched over targets and
/// starts; every target's optimisation is independent of the others (own learning rate and
/// plateau counter), so batching changes no result.
#include <torch/torch.h>

#include <functional>

#include "core/api/box.h"
#include "core/api/config.h"
#include "core/train/forward_fn.h"
#include "core/problems/problem.h"

namespace ml {

/// Defaults from Config (na_steps, na_lr, boundary_weight), written once there.
struct AdjointSettings {
  int steps = Config{}.na_steps;
  double lr = Config{}.na_lr;  ///< per target, halved on a plateau
  double boundary_weight = Config{}.boundary_weight;
  int keep = 50;              ///< best candidates kept per target
  int plateau_patience = 10;  ///< steps without a relative gain of 1e-4 before halving lr
  long max_rows = 1L << 16;   ///< targets x starts per block, bounds memory
};

struct AdjointResult {
  torch::Tensor x;     ///< [N, keep, xd] best first
  torch::Tensor loss;  ///< [N, keep] ||f(x) - y||^2 + boundary_weight * boundary(x)
};

/// Called after every step with (steps done, steps in all); return false to stop.
using AdjointTick = std::function<bool(long, long)>;

/// starts: [N, B, xd] on y's device; f frozen (eval mode: candidates must not interact through
/// batch statistics). Returns an undefined result (x undefined) when stopped.
AdjointResult neural_adjoint(const ForwardFn& f, const torch::Tensor& y, const torch::Tensor& starts, const Box& box,
                             const AdjointSettings& settings, const AdjointTick& tick = {});

/// Neural adjoint's ranking score of candidates x [N, B, xd] for targets y [N, yd]: ||f(x) - y||^2
/// + boundary_weight * mean over dims of box_excess(x): [N, B]. Generative baselines rank their
/// samples with it too.
torch::Tensor adjoint_rank_score(const ForwardFn& f, const torch::Tensor& x, const torch::Tensor& y, const Box& box,
                                 double boundary_weight);

/// B starts per target drawn from the problem's prior, reproducible from seed: [N, B, xd].
torch::Tensor adjoint_starts(const Problem& problem, long targets, int starts, std::int64_t seed, torch::Device device);

}  // namespace ml
