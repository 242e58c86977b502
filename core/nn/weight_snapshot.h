#pragma once
/// The last good state of a training, for divergence: when a loss turns NaN or infinite, the
/// trainer puts it back and stops, so the networks stay usable and nothing trained is lost.
#include <torch/torch.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/api/control.h"

namespace ml {

/// Parameters and buffers (BatchNorm's running statistics are part of the state: statistics
/// gathered in the bad steps would spoil eval-mode outputs). A state counts as good once a
/// finite loss was computed with it, so the state at a checkpoint is only a candidate until the
/// next checkpoint vouches for it.
class WeightSnapshot {
 public:
  explicit WeightSnapshot(const std::vector<torch::nn::Module*>& modules) {
    torch::NoGradGuard no_grad;
    for (auto* m : modules) {
      for (const auto& p : m->parameters()) state_.push_back(p);
      for (const auto& b : m->buffers()) state_.push_back(b);
    }
    for (const auto& t : state_) {
      good_.push_back(t.detach().clone());
      candidate_.push_back(t.detach().clone());
    }
  }
  /// Call when every loss since the last checkpoint was finite; `step` counts the optimisation
  /// steps so far. The first of those losses used the candidate, which becomes the good state;
  /// the current state becomes the candidate. A checkpoint without a step in between does nothing.
  void checkpoint(long step) {
    if (step == last_step_) return;
    last_step_ = step;
    torch::NoGradGuard no_grad;
    for (size_t i = 0; i < state_.size(); ++i) {
      good_[i].copy_(candidate_[i]);
      candidate_[i].copy_(state_[i]);
    }
  }
  /// Puts the last good state back.
  void restore() {
    torch::NoGradGuard no_grad;
    for (size_t i = 0; i < state_.size(); ++i) state_[i].copy_(good_[i]);
  }

 private:
  std::vector<torch::Tensor> state_, good_, candidate_;
  long last_step_ = 0;
};

inline bool finite(const LossTerms& t) {
  return std::isfinite(t.total) && std::isfinite(t.fit) && std::isfinite(t.boundary) && std::isfinite(t.repulsion);
}

/// The one-line stop reason for a diverged network (`network` < 0: the forward model, else the
/// 0-based inverse network).
inline std::string divergence_reason(int network, int epoch) {
  return (network < 0 ? std::string("the forward model's") : "inverse network " + std::to_string(network + 1) + "'s") +
         " loss became NaN or infinite in epoch " + std::to_string(epoch) +
         "; stopped and kept its last good weights (try a lower learning rate)";
}

}  // namespace ml
