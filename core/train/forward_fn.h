#pragma once
/// What the inverse networks train through and proposals are scored with: the learned forward
/// model f (an Mlp converts implicitly: its holder is callable) or the problem's true simulator.
/// Callers freeze it first (eval mode, no parameter gradients); it must be safe to call from
/// several threads at once.
#include <torch/torch.h>

#include <functional>

namespace ml {

using ForwardFn = std::function<torch::Tensor(const torch::Tensor&)>;

}  // namespace ml
