#pragma once
/// The last good weights of a training, for divergence: when a loss turns NaN or infinite, the
/// trainer puts these back and stops, so the networks stay usable and nothing trained is lost.
#include <torch/torch.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/control.h"

namespace ml {

class WeightSnapshot {
 public:
  explicit WeightSnapshot(std::vector<torch::Tensor> params) : params_(std::move(params)) {
    torch::NoGradGuard no_grad;
    for (const auto& p : params_) saved_.push_back(p.detach().clone());
  }
  /// Records the current weights as good.
  void save() {
    torch::NoGradGuard no_grad;
    for (size_t i = 0; i < params_.size(); ++i) saved_[i].copy_(params_[i]);
  }
  /// Puts the last good weights back.
  void restore() {
    torch::NoGradGuard no_grad;
    for (size_t i = 0; i < params_.size(); ++i) params_[i].copy_(saved_[i]);
  }

 private:
  std::vector<torch::Tensor> params_, saved_;
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
