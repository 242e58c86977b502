#pragma once
/// k MLPs of the same shape as one module: stacked weights [k, in, out] multiplied with
/// torch::baddbmm, and per-network batch-norm statistics. Mathematically the same as k separate
/// `Mlp`s (tests/core/test_batched.cpp compares outputs and gradients). It pays where kernel
/// launches dominate (GPU); on a CPU k separate networks on k threads are faster (see the bench).
#include <torch/torch.h>

#include <vector>

#include "core/nn/activation.h"
#include "core/nn/mlp.h"

namespace ml {

class BatchedMlpImpl : public torch::nn::Module {
 public:
  /// k >= 1 networks with `options`' shape, initialised like torch::nn::Linear / BatchNorm1d.
  BatchedMlpImpl(const MlpOptions& options, int k);
  /// x: [B, in] (every network gets the same input) or [k, B, in]. Returns [k, B, out].
  /// In train mode batch norm uses each network's batch statistics and updates its running ones.
  torch::Tensor forward(const torch::Tensor& x);

  int networks() const { return k_; }
  const MlpOptions& options() const { return options_; }
  /// Copies weights and batch-norm statistics from/to k separate networks of the same shape
  /// (throws c10::Error on a shape or count mismatch). Grads are not copied.
  void copy_from(const std::vector<Mlp>& nets);
  void copy_to(std::vector<Mlp>& nets) const;

  /// Per layer, in order: weight [k, in, out], bias [k, 1, out]; with batch norm after every
  /// hidden layer also gamma [k, h], beta [k, h]. Same order as Mlp's parameters().
  const std::vector<torch::Tensor>& weights() const { return weights_; }
  const std::vector<torch::Tensor>& biases() const { return biases_; }

 private:
  MlpOptions options_;
  Activation activation_;  ///< options_.activation, parsed once
  int k_ = 1;
  std::vector<torch::Tensor> weights_, biases_;                // one per linear layer
  std::vector<torch::Tensor> bn_weight_, bn_bias_;             // [k, h], one per hidden layer
  std::vector<torch::Tensor> running_mean_, running_var_;      // [k, h] buffers
  torch::Tensor in_shift_, in_scale_, out_shift_, out_scale_;  // options' fixed scaling; undefined: none
};
TORCH_MODULE(BatchedMlp);

}  // namespace ml
