#pragma once
/// A hidden layer that adds its input: h + act([BN](W h + b)). Stacked, these train a deep
/// forward model on a smooth many-output spectrum further in the same time than plain layers
/// (the Shell's figures in the README); MlpOptions::residual turns them on.
#include <torch/torch.h>

#include "core/nn/activation.h"

namespace ml {

class ResidualLayerImpl : public torch::nn::Module {
 public:
  ResidualLayerImpl(int width, Activation activation, bool batchnorm);
  torch::Tensor forward(const torch::Tensor& h);

  const torch::nn::Linear& linear() const { return linear_; }
  /// Empty (null) without batch norm.
  const torch::nn::BatchNorm1d& norm() const { return norm_; }
  Activation activation() const { return activation_; }

 private:
  torch::nn::Linear linear_{nullptr};
  torch::nn::BatchNorm1d norm_{nullptr};
  Activation activation_;
};
TORCH_MODULE(ResidualLayer);

}  // namespace ml
