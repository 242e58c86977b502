#pragma once
/// The one Adam: torch::optim::Adam's arithmetic (its default betas and eps, L2 weight decay added
/// to the gradient), fused: one pass over each CPU float parameter instead of LibTorch's eight
/// tensor operations, each of which reads and writes the whole parameter. On a paper-size network
/// that is about a tenth of a training step. Elsewhere (CUDA, other types) it runs LibTorch's
/// operations. The learning rate is one number or one per row (dim 0): k networks stacked as
/// [k, ...] (BatchedMlp) or per-target candidates [N, ...] (neural adjoint), each row stepped
/// exactly as a single-row optimiser with its own learning rate would step it.
#include <torch/torch.h>

#include <vector>

namespace ml {

/// LibTorch's AdamOptions defaults; every Adam in the project uses these.
constexpr double kAdamBeta1 = 0.9, kAdamBeta2 = 0.999, kAdamEps = 1e-8;

/// One Adam update, in place, of p and its moments exp_avg, exp_avg_sq (zeros before step 1, p's
/// shape) from grad, at step t (1 for the first).
void adam_update(const torch::Tensor& p, const torch::Tensor& grad, const torch::Tensor& exp_avg,
                 const torch::Tensor& exp_avg_sq, long t, double lr, double weight_decay = 0.0);
/// The same with a learning rate per row of p: row_lr [p.size(0)], any floating type, on p's
/// device (read in double, as the single number above is).
void adam_update(const torch::Tensor& p, const torch::Tensor& grad, const torch::Tensor& exp_avg,
                 const torch::Tensor& exp_avg_sq, long t, const torch::Tensor& row_lr, double weight_decay = 0.0);

class FusedAdam {
 public:
  FusedAdam(std::vector<torch::Tensor> params, double weight_decay = 0.0);
  void set_lr(double lr) { lr_ = lr; }
  /// Drops the gradients, so that backward writes them rather than adding to zeros (the same
  /// numbers, one pass less).
  void zero_grad();
  /// One step at the learning rate set_lr gave.
  void step();
  /// One step with a learning rate per row of every parameter (stacked networks: row_lr [k]).
  void step(const torch::Tensor& row_lr);

 private:
  template <class Lr>
  void step_with(const Lr& lr);
  std::vector<torch::Tensor> params_, exp_avg_, exp_avg_sq_;
  double lr_ = 1e-3, weight_decay_ = 0.0;
  long t_ = 0;
};

}  // namespace ml
