#include "core/nn/batched_mlp.h"

#include <cmath>

namespace ml {
namespace {

constexpr double kBnMomentum = 0.1;  // torch::nn::BatchNorm1d's defaults
constexpr double kBnEps = 1e-5;

}  // namespace

BatchedMlpImpl::BatchedMlpImpl(const MlpOptions& options, int k)
    : options_(options), activation_(activation_named(options.activation)), k_(k) {
  TORCH_CHECK(k >= 1, "a batched MLP needs at least one network");
  TORCH_CHECK(!options.hidden.empty(), "an MLP needs at least one hidden layer");
  std::vector<int> widths{options.in};
  widths.insert(widths.end(), options.hidden.begin(), options.hidden.end());
  widths.push_back(options.out);
  for (size_t l = 0; l + 1 < widths.size(); ++l) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(widths[l]));
    const auto name = std::to_string(l);
    weights_.push_back(
        register_parameter("weight" + name, torch::empty({k, widths[l], widths[l + 1]}).uniform_(-bound, bound)));
    biases_.push_back(register_parameter("bias" + name, torch::empty({k, 1, widths[l + 1]}).uniform_(-bound, bound)));
    if (options.batchnorm && l + 2 < widths.size()) {
      bn_weight_.push_back(register_parameter("bn_weight" + name, torch::ones({k, widths[l + 1]})));
      bn_bias_.push_back(register_parameter("bn_bias" + name, torch::zeros({k, widths[l + 1]})));
      running_mean_.push_back(register_buffer("running_mean" + name, torch::zeros({k, widths[l + 1]})));
      running_var_.push_back(register_buffer("running_var" + name, torch::ones({k, widths[l + 1]})));
    }
  }
  const auto buffer = [&](const char* name, const std::vector<double>& v) {
    return v.empty() ? torch::Tensor() : register_buffer(name, torch::tensor(v, torch::kFloat32));
  };
  in_shift_ = buffer("in_shift", options.in_shift);
  in_scale_ = buffer("in_scale", options.in_scale);
  out_shift_ = buffer("out_shift", options.out_shift);
  out_scale_ = buffer("out_scale", options.out_scale);
}

torch::Tensor BatchedMlpImpl::forward(const torch::Tensor& x) {
  torch::Tensor h = x.dim() == 2 ? x.unsqueeze(0).expand({k_, x.size(0), x.size(1)}) : x;
  if (in_shift_.defined()) h = (h - in_shift_) / in_scale_;
  TORCH_CHECK(h.dim() == 3 && h.size(0) == k_, "batched MLP input must be [B, in] or [k, B, in]");
  const size_t hidden = options_.hidden.size();
  for (size_t l = 0; l < hidden; ++l) {
    h = torch::baddbmm(biases_[l], h, weights_[l]);
    if (options_.batchnorm) {
      // Per network and feature over the batch: BatchNorm1d on [B, k*h] is exactly that.
      const auto b = h.size(1), width = h.size(2);
      auto flat = h.transpose(0, 1).reshape({b, k_ * width});
      flat = torch::batch_norm(flat, bn_weight_[l].view({-1}), bn_bias_[l].view({-1}), running_mean_[l].view({-1}),
                               running_var_[l].view({-1}), is_training(), kBnMomentum, kBnEps,
                               /*cudnn_enabled=*/true);
      h = flat.view({b, k_, width}).transpose(0, 1);
    }
    h = activate(activation_, h);
  }
  const auto out = torch::baddbmm(biases_[hidden], h, weights_[hidden]);
  return out_shift_.defined() ? out * out_scale_ + out_shift_ : out;
}

void BatchedMlpImpl::copy_from(const std::vector<Mlp>& nets) {
  TORCH_CHECK(static_cast<int>(nets.size()) == k_, "copy_from needs ", k_, " networks, got ", nets.size());
  torch::NoGradGuard no_grad;
  for (int m = 0; m < k_; ++m) {
    const auto params = nets[m]->parameters();
    const auto buffers = nets[m]->buffers();
    size_t p = 0, b = 0;
    for (size_t l = 0; l < weights_.size(); ++l) {
      weights_[l][m].copy_(params.at(p++).t());
      biases_[l][m][0].copy_(params.at(p++));
      if (l < bn_weight_.size()) {
        bn_weight_[l][m].copy_(params.at(p++));
        bn_bias_[l][m].copy_(params.at(p++));
        running_mean_[l][m].copy_(buffers.at(b++));
        running_var_[l][m].copy_(buffers.at(b++));
        ++b;  // num_batches_tracked: unused with a fixed momentum
      }
    }
    TORCH_CHECK(p == params.size(), "copy_from: network ", m, " has a different shape");
  }
}

void BatchedMlpImpl::copy_to(std::vector<Mlp>& nets) const {
  TORCH_CHECK(static_cast<int>(nets.size()) == k_, "copy_to needs ", k_, " networks, got ", nets.size());
  torch::NoGradGuard no_grad;
  for (int m = 0; m < k_; ++m) {
    auto params = nets[m]->parameters();
    auto buffers = nets[m]->buffers();
    size_t p = 0, b = 0;
    for (size_t l = 0; l < weights_.size(); ++l) {
      params.at(p++).copy_(weights_[l][m].t());
      params.at(p++).copy_(biases_[l][m][0]);
      if (l < bn_weight_.size()) {
        params.at(p++).copy_(bn_weight_[l][m]);
        params.at(p++).copy_(bn_bias_[l][m]);
        buffers.at(b++).copy_(running_mean_[l][m]);
        buffers.at(b++).copy_(running_var_[l][m]);
        ++b;
      }
    }
    TORCH_CHECK(p == params.size(), "copy_to: network ", m, " has a different shape");
  }
}

}  // namespace ml
