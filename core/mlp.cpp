#include "core/mlp.h"

namespace ml {

MlpImpl::MlpImpl(const MlpOptions& options) : options_(options) {
  TORCH_CHECK(!options.hidden.empty(), "an MLP needs at least one hidden layer");
  int width = options.in;
  for (int h : options.hidden) {
    layers_->push_back(torch::nn::Linear(width, h));
    if (options.batchnorm) layers_->push_back(torch::nn::BatchNorm1d(h));
    if (options.activation == "relu")
      layers_->push_back(torch::nn::ReLU());
    else if (options.activation == "silu")
      layers_->push_back(torch::nn::SiLU());
    else if (options.activation == "tanh")
      layers_->push_back(torch::nn::Tanh());
    else
      TORCH_CHECK(false, "unknown activation '", options.activation, "'");
    width = h;
  }
  layers_->push_back(torch::nn::Linear(width, options.out));
  register_module("layers", layers_);
}

torch::Tensor MlpImpl::forward(const torch::Tensor& x) { return layers_->forward(x); }

double mlp_macs(const MlpOptions& options) {
  double macs = 0;
  int width = options.in;
  for (int h : options.hidden) {
    macs += static_cast<double>(width) * h;
    width = h;
  }
  return macs + static_cast<double>(width) * options.out;
}

void set_trainable(torch::nn::Module& module, bool trainable) {
  for (auto& p : module.parameters()) p.set_requires_grad(trainable);
}

}  // namespace ml
