#pragma once
/// The inverse training's loss terms, each a small pure function.
#include <torch/torch.h>

#include <vector>

#include "core/box.h"

namespace ml {

/// Box bounds as [1, x_dim] tensors on a device.
struct BoxTensors {
  torch::Tensor mid, half;
  BoxTensors() = default;
  BoxTensors(const Box& box, torch::Device device);
};

/// Mean over batch and dims of relu(|x - mid| - half): zero inside the box, linear outside.
torch::Tensor boundary_loss(const torch::Tensor& x, const BoxTensors& box);

/// The poster's repulsion: -lambda * sum_r mean_batch(1 - exp(-||x - x_r||^2 / sigma2)).
/// `earlier` are the proposals of networks r < m for the same targets; they are detached here,
/// so no gradient reaches the earlier networks. Returns a zero scalar when `earlier` is empty.
torch::Tensor repulsion_loss(const torch::Tensor& x, const std::vector<torch::Tensor>& earlier, double lambda,
                             double sigma2);

/// Per-target squared distance ||a - b||^2 summed over the last dimension.
torch::Tensor squared_distance(const torch::Tensor& a, const torch::Tensor& b);

}  // namespace ml
