#pragma once
/// Refinement from the k proposals: each network's proposal for a target is a warm start for
/// gradient descent on x through the frozen forward model, on neural adjoint's objective
/// (fit + boundary loss) but from k good starts instead of thousands of random ones.
#include <torch/torch.h>

#include <functional>

#include "core/api/box.h"
#include "core/train/forward_fn.h"
#include "core/train/losses.h"

namespace ml {

/// Neural adjoint's objective per candidate: ||f(x) - y||^2 + boundary_weight * mean over dims of
/// box_excess(x), for x [n, B, xd] and y [n, 1, yd]: [n, B]. Refinement descends it;
/// neural adjoint descends and ranks by it.
torch::Tensor adjoint_loss(const ForwardFn& f, const torch::Tensor& x, const torch::Tensor& y, const BoxTensors& box,
                           double boundary_weight);

struct RefineSettings {
  int steps = 0;  ///< Adam steps on x; 0 leaves the proposals as they are
  /// Adam's step size as a share of the box's width on each axis, so one setting means the same
  /// on every problem whatever its units (the arm's radians, the ballistics' metres).
  double lr = 0.005;
  double boundary_weight = 100;
  /// Added to each candidate's objective where set (x [N, K, xd] -> [N, K]): the selection's trust
  /// penalty, so refinement slides along the solutions towards where f can be believed.
  std::function<torch::Tensor(const torch::Tensor&)> penalty;
};

/// Proposals x0 [K, N, xd] for targets y [N, yd], each refined on its own (Adam, constant step
/// size) and kept inside the box after every step: [K, N, xd]. Starts outside the box are moved
/// onto it first. f must be frozen (eval mode): rows must not interact through batch statistics.
torch::Tensor refine(const ForwardFn& f, const torch::Tensor& y, const torch::Tensor& x0, const Box& box,
                     const RefineSettings& settings);

}  // namespace ml
