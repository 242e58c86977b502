#pragma once
/// The training losses, each a small pure function, batched over k networks: proposals x
/// [k, B, x_dim] of targets y [B, y_dim] give one value per network ([k]). The sequential
/// schedule calls them with k = 1, the joint steppers with all k networks (or a group of them),
/// neural adjoint uses box_excess: one formula for every path.
#include <torch/torch.h>

#include <vector>

#include "core/api/box.h"
#include "core/train/forward_fn.h"

namespace ml {

/// Box bounds as [1, x_dim] tensors on a device.
struct BoxTensors {
  torch::Tensor mid, half;
  BoxTensors() = default;
  BoxTensors(const Box& box, torch::Device device);
};

/// relu(|x - mid| - half): how far each coordinate lies outside the box, zero inside; x [..., x_dim].
torch::Tensor box_excess(const torch::Tensor& x, const BoxTensors& box);

/// B = mean over batch and dims of box_excess(x): x [k, B, x_dim] gives [k], x [B, x_dim] a scalar.
torch::Tensor boundary_loss(const torch::Tensor& x, const BoxTensors& box);

/// Fit = mean over batch and dims of (fy - y)^2: fy [k, B, d] gives [k], fy [B, d] a scalar; y [B, d].
torch::Tensor fit_loss(const torch::Tensor& fy, const torch::Tensor& y);

/// The poster's repulsion, R_m = -lambda * sum_r mask[m, r] * mean_b(1 - exp(-||(x[m, b] - others[r, b]) / s||^2 /
/// sigma2)), for x [k, B, d] and others [R, B, d]: [k]. `others` are detached here, so no gradient reaches the networks
/// that made them; an undefined `mask` [k, R] counts every r. Zero without others. s = x_scale [d]: the distance is
/// measured in the standardised x the networks work in (a problem that standardises x, such as the Shell's nanometres),
/// so that sigma2 means the same on every problem; undefined: x's own units (s = 1).
torch::Tensor repulsion_loss(const torch::Tensor& x, const torch::Tensor& others, const torch::Tensor& mask,
                             double lambda, double sigma2, const torch::Tensor& x_scale = {});

/// Proposals [B, x_dim] of networks 0..m-1 as one network's `others` for repulsion_loss: [m, B, x_dim],
/// undefined when m = 0. Latest first: the order in which the sequential schedule has always summed
/// their gradients, so its results at a seed stay as they were.
torch::Tensor earlier_proposals(const std::vector<torch::Tensor>& earlier);

struct InverseLossWeights {
  double boundary = 0;  ///< w_b
  double lambda = 0, sigma2 = 1;
  torch::Tensor x_scale;  ///< repulsion_loss's s; undefined: x's units
};

/// The inverse loss of k networks' proposals x [k, B, x_dim] for targets y [B, y_dim], through the
/// frozen f and repelled from `others` (see repulsion_loss): terms [k, 4] = total, fit(f(x), y),
/// boundary, repulsion, where total = fit + w_b * boundary + repulsion is what each network minimises.
torch::Tensor inverse_terms(const torch::Tensor& x, const torch::Tensor& y, const ForwardFn& f,
                            const torch::Tensor& others, const torch::Tensor& mask, const BoxTensors& box,
                            const InverseLossWeights& weights);

}  // namespace ml
