#pragma once
/// Configurable multilayer perceptron: hidden blocks Linear [-> BatchNorm1d] -> activation,
/// then a plain Linear output. With `residual`, a hidden block as wide as its input adds the input
/// (core/nn/residual_layer.h). In training on the CPU, BatchNorm1d -> ReLU runs as one fused
/// node (core/nn/batchnorm_relu.h); the modules, and so saved weights and exports, stay the same.
#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace ml {

struct MlpOptions {
  MlpOptions() = default;
  /// The shape in one line, as tests and sub-networks write it; the affine maps stay empty.
  MlpOptions(int in_, int out_, std::vector<int> hidden_, std::string activation_ = "silu", bool batchnorm_ = false)
      : in(in_), out(out_), hidden(std::move(hidden_)), activation(std::move(activation_)), batchnorm(batchnorm_) {}
  int in = 1;
  int out = 1;
  std::vector<int> hidden{128, 128, 128};
  std::string activation = "silu";  ///< relu | silu | tanh
  bool batchnorm = false;
  bool residual = false;  ///< hidden blocks as wide as their input add it: h + act(W h + b)
  /// Fixed affine maps around the layers (empty: none): the input becomes (x - in_shift) / in_scale,
  /// the output out * out_scale + out_shift. Stored as buffers, so saved weights carry them.
  std::vector<double> in_shift, in_scale, out_shift, out_scale;
};

class MlpImpl : public torch::nn::Module {
 public:
  explicit MlpImpl(const MlpOptions& options);
  torch::Tensor forward(const torch::Tensor& x);
  const MlpOptions& options() const { return options_; }
  /// The hidden blocks and output layer in order (what an export walks).
  const torch::nn::Sequential& layers() const { return layers_; }
  /// The fixed affine maps' buffers; undefined when not set.
  const torch::Tensor& in_shift() const { return in_shift_; }
  const torch::Tensor& in_scale() const { return in_scale_; }
  const torch::Tensor& out_shift() const { return out_shift_; }
  const torch::Tensor& out_scale() const { return out_scale_; }

 private:
  torch::Tensor run_layers(const torch::Tensor& x);

  struct LinearBatchNorm {
    std::shared_ptr<torch::nn::LinearImpl> linear;
    std::shared_ptr<torch::nn::BatchNorm1dImpl> norm;
  };
  MlpOptions options_;
  torch::nn::Sequential layers_;
  std::vector<LinearBatchNorm> fusable_blocks_;  ///< filled when every block is Linear-BN-ReLU
  std::shared_ptr<torch::nn::LinearImpl> output_;
  torch::Tensor in_shift_, in_scale_, out_shift_, out_scale_;  ///< undefined when not set
};
TORCH_MODULE(Mlp);

struct Config;

/// One side's standardisation (x or y) inside a network: (v - shift) / scale; empty: none.
struct Scaling {
  std::vector<double> shift, scale;
};
/// f: x -> y and each g: y -> x, shaped by the configuration; the scalings go on the side they
/// describe (an input's scaling standardises it, an output's restores units).
MlpOptions forward_net_options(const Config& c, int x_dim, int y_dim, const Scaling& x = {}, const Scaling& y = {});
MlpOptions inverse_net_options(const Config& c, int x_dim, int y_dim, const Scaling& x = {}, const Scaling& y = {});

/// Multiply-accumulate count of one sample's forward pass through the linear layers.
double mlp_macs(const MlpOptions& options);

/// Sets requires_grad on every parameter.
void set_trainable(torch::nn::Module& module, bool trainable);

}  // namespace ml
