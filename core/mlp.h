#pragma once
/// Configurable multilayer perceptron: hidden blocks Linear [-> BatchNorm1d] -> activation,
/// then a plain Linear output.
#include <torch/torch.h>

#include <string>
#include <vector>

namespace ml {

struct MlpOptions {
  int in = 1;
  int out = 1;
  std::vector<int> hidden{128, 128, 128};
  std::string activation = "silu";  ///< relu | silu | tanh
  bool batchnorm = false;
};

class MlpImpl : public torch::nn::Module {
 public:
  explicit MlpImpl(const MlpOptions& options);
  torch::Tensor forward(const torch::Tensor& x);
  const MlpOptions& options() const { return options_; }

 private:
  MlpOptions options_;
  torch::nn::Sequential layers_;
};
TORCH_MODULE(Mlp);

/// Multiply-accumulate count of one sample's forward pass through the linear layers.
double mlp_macs(const MlpOptions& options);

/// Sets requires_grad on every parameter.
void set_trainable(torch::nn::Module& module, bool trainable);

}  // namespace ml
