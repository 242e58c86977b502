#pragma once
/// Training-mode BatchNorm1d followed by ReLU as one autograd node, for the paper preset's
/// Linear-BN-ReLU blocks on the CPU. torch runs them as four kernels (batch statistics, normalise,
/// ReLU, and two backward kernels) that each stream the [N, C] activations through memory; this
/// reads them twice forward and twice backward. Same formulas, running statistics and
/// num_batches_tracked as torch::nn::BatchNorm1d; rounding differs (the statistics are summed in
/// double in one pass).
#include <torch/torch.h>

namespace ml {

/// Whether batchnorm_relu can take `x` through `bn`: a CPU float [N > 1, C] batch, an affine
/// layer that tracks running statistics with a fixed momentum. Otherwise run the modules.
bool batchnorm_relu_applies(const torch::Tensor& x, const torch::nn::BatchNorm1dImpl& bn);

/// relu(bn(x)) in training mode; updates bn's running statistics as bn.forward(x) would.
torch::Tensor batchnorm_relu(const torch::Tensor& x, torch::nn::BatchNorm1dImpl& bn);

}  // namespace ml
