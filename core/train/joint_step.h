#pragma once
/// One optimisation step of the `joint` schedule for k inverse networks, in two interchangeable
/// implementations: `parallel` (k separate networks, each with its own Adam, spread over worker
/// threads) and `batched` (BatchedMlp groups with stacked weights and a stacked Adam, one group
/// per worker thread). Both train network m on inverse_terms (core/train/losses.h), repelled from the
/// detached proposals of the networks r < m on the same batch, and give the same updates up to
/// floating-point rounding.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "core/train/forward_fn.h"
#include "core/train/losses.h"
#include "core/nn/mlp.h"
#include "core/platform/worker_pool.h"

namespace ml {

struct JointStepOptions {
  BoxTensors box;
  double boundary_weight = 0;
  double weight_decay = 0;   ///< Adam's L2 penalty
  double max_grad_norm = 0;  ///< each network's gradient norm is clipped to this (0: off)
  torch::Tensor x_scale;     ///< the repulsion's distance scale (InverseLossWeights::x_scale)
};

class JointStepper {
 public:
  virtual ~JointStepper() = default;
  /// One step on targets yb [B, y_dim] with per-network learning rates (size k). Returns the
  /// networks' detached terms [k, 4] (total, fit, boundary, repulsion) on the device; no host sync.
  virtual torch::Tensor step(const torch::Tensor& yb, double lambda, double sigma2, const std::vector<double>& lrs) = 0;
  /// Writes the trained weights back into the k networks (the parallel stepper trains them in place).
  virtual void write_back(std::vector<Mlp>& nets) { (void)nets; }
  /// "parallel" or "batched".
  virtual std::string path() const = 0;
};

/// Trains `nets` in place (they must be in train mode with trainable parameters; f frozen, eval
/// mode). Network m runs on worker m % split.workers, each with split.intra intra-op threads
/// (split_threads(threads, k) fills a thread budget; one worker means the caller's thread and
/// thread count: the `loop` path), so results do not depend on timing. Keeps references to nets and f.
std::unique_ptr<JointStepper> make_parallel_stepper(std::vector<Mlp>& nets, const ForwardFn& f,
                                                    JointStepOptions options, ThreadSplit split);

/// Copies `nets` into split.workers BatchedMlp groups of consecutive networks (one group, on the
/// caller's thread and thread count, when split.workers is 1), each with a stacked Adam, and
/// trains those on worker threads; call write_back to put the weights into `nets`. Group
/// boundaries depend only on k and split.workers. Keeps a reference to f.
std::unique_ptr<JointStepper> make_batched_stepper(const std::vector<Mlp>& nets, const ForwardFn& f,
                                                   JointStepOptions options, ThreadSplit split = {});

}  // namespace ml
