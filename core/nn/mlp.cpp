#include "core/nn/mlp.h"

#include "core/nn/activation.h"
#include "core/api/config.h"
#include "core/nn/batchnorm_relu.h"
#include "core/nn/residual_layer.h"

namespace ml {

MlpImpl::MlpImpl(const MlpOptions& options) : options_(options) {
  TORCH_CHECK(!options.hidden.empty(), "an MLP needs at least one hidden layer");
  const Activation activation = activation_named(options.activation);
  int width = options.in;
  for (int h : options.hidden) {
    if (options.residual && h == width) {
      layers_->push_back(ResidualLayer(h, activation, options.batchnorm));
      continue;
    }
    torch::nn::Linear linear(width, h);
    layers_->push_back(linear);
    if (options.batchnorm) {
      torch::nn::BatchNorm1d norm(h);
      layers_->push_back(norm);
      // The fused path runs plain blocks only.
      if (activation == Activation::Relu && !options.residual) fusable_blocks_.push_back({linear.ptr(), norm.ptr()});
    }
    switch (activation) {
      case Activation::Relu:  // in place: neither Linear's nor BatchNorm's backward needs their output
        layers_->push_back(torch::nn::ReLU(torch::nn::ReLUOptions().inplace(true)));
        break;
      case Activation::Silu:
        layers_->push_back(torch::nn::SiLU());
        break;
      case Activation::Tanh:
        layers_->push_back(torch::nn::Tanh());
        break;
    }
    width = h;
  }
  torch::nn::Linear output(width, options.out);
  output_ = output.ptr();
  layers_->push_back(output);
  register_module("layers", layers_);
  // In a child module registered after the layers, so buffers() lists the layers' own first
  // (BatchedMlp::copy_from relies on that order).
  std::shared_ptr<torch::nn::Module> scaling;
  const auto buffer = [&](const char* name, const std::vector<double>& v, int size) {
    if (v.empty()) return torch::Tensor();
    TORCH_CHECK(static_cast<int>(v.size()) == size, "MLP scaling ", name, " needs ", size, " values");
    if (!scaling) scaling = register_module("scaling", std::make_shared<torch::nn::Module>());
    return scaling->register_buffer(name, torch::tensor(v, torch::kFloat32));
  };
  in_shift_ = buffer("in_shift", options.in_shift, options.in);
  in_scale_ = buffer("in_scale", options.in_scale, options.in);
  out_shift_ = buffer("out_shift", options.out_shift, options.out);
  out_scale_ = buffer("out_scale", options.out_scale, options.out);
}

torch::Tensor MlpImpl::run_layers(const torch::Tensor& x) {
  if (fusable_blocks_.empty() || !is_training()) return layers_->forward(x);
  auto h = x;
  for (const auto& block : fusable_blocks_) {
    h = block.linear->forward(h);
    h = batchnorm_relu_applies(h, *block.norm) ? batchnorm_relu(h, *block.norm) : block.norm->forward(h).relu_();
  }
  return output_->forward(h);
}

torch::Tensor MlpImpl::forward(const torch::Tensor& x) {
  if (!in_shift_.defined() && !out_shift_.defined()) return run_layers(x);
  auto h = in_shift_.defined() ? (x - in_shift_) / in_scale_ : x;
  h = run_layers(h);
  return out_shift_.defined() ? h * out_scale_ + out_shift_ : h;
}

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

namespace {
MlpOptions net_options(int in, const Scaling& in_scaling, int out, const Scaling& out_scaling,
                       const std::vector<int>& hidden, const std::string& activation, bool batchnorm, bool residual) {
  MlpOptions o(in, out, hidden, activation, batchnorm);
  o.residual = residual;
  o.in_shift = in_scaling.shift;
  o.in_scale = in_scaling.scale;
  o.out_shift = out_scaling.shift;
  o.out_scale = out_scaling.scale;
  return o;
}
}  // namespace

MlpOptions forward_net_options(const Config& c, int x_dim, int y_dim, const Scaling& x, const Scaling& y) {
  return net_options(x_dim, x, y_dim, y, c.hidden_forward, c.activation_forward, c.batchnorm_forward,
                     c.residual_forward);
}
MlpOptions inverse_net_options(const Config& c, int x_dim, int y_dim, const Scaling& x, const Scaling& y) {
  return net_options(y_dim, y, x_dim, x, c.hidden_inverse, c.activation_inverse, c.batchnorm_inverse,
                     /*residual=*/false);
}

}  // namespace ml
