#include "core/nn/residual_layer.h"

namespace ml {

ResidualLayerImpl::ResidualLayerImpl(int width, Activation activation, bool batchnorm) : activation_(activation) {
  linear_ = register_module("linear", torch::nn::Linear(width, width));
  if (batchnorm) norm_ = register_module("norm", torch::nn::BatchNorm1d(width));
}

torch::Tensor ResidualLayerImpl::forward(const torch::Tensor& h) {
  auto z = linear_->forward(h);
  if (norm_) z = norm_->forward(z);
  return h + activate(activation_, z);
}

}  // namespace ml
