#pragma once
/// Adam with torch::optim::Adam's arithmetic (betas 0.9/0.999, eps 1e-8, L2 weight decay added to
/// the gradient), fused: one pass over each CPU float parameter instead of LibTorch's eight
/// tensor operations, each of which reads and writes the whole parameter. On a paper-size network
/// that is about a tenth of a training step. Elsewhere (CUDA, other types) it runs LibTorch's
/// operations.
#include <torch/torch.h>

#include <vector>

namespace ml {

class FusedAdam {
 public:
  FusedAdam(std::vector<torch::Tensor> params, double weight_decay = 0.0);
  void set_lr(double lr) { lr_ = lr; }
  /// Drops the gradients, so that backward writes them rather than adding to zeros (the same
  /// numbers, one pass less).
  void zero_grad();
  void step();

 private:
  std::vector<torch::Tensor> params_, exp_avg_, exp_avg_sq_;
  double lr_ = 1e-3, weight_decay_ = 0.0;
  long t_ = 0;
};

}  // namespace ml
