#pragma once
/// Gradient-norm clipping for the inverse networks, in one arithmetic for a plain network and for
/// k networks stacked along dim 0 (BatchedMlp), so the sequential and joint schedules agree.
#include <torch/torch.h>

#include <vector>

namespace ml {

/// Scales the gradients of `params` so that their joint L2 norm is at most max_norm
/// (torch::nn::utils::clip_grad_norm_'s rule: factor max_norm / (norm + 1e-6) when below 1).
/// With `stacked`, every tensor's dim 0 indexes one of k networks and each network is clipped on
/// its own norm. max_norm <= 0 leaves the gradients alone; undefined gradients are skipped.
void clip_grad_norm(const std::vector<torch::Tensor>& params, double max_norm, bool stacked = false);

}  // namespace ml
