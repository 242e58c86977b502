#pragma once
/// A forward problem x -> y with a true, differentiable simulator.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "core/box.h"

namespace ml {

class Problem {
 public:
  virtual ~Problem() = default;
  virtual std::string name() const = 0;
  virtual std::vector<std::string> x_names() const = 0;
  virtual std::vector<std::string> y_names() const = 0;
  int x_dim() const { return static_cast<int>(x_names().size()); }
  int y_dim() const { return static_cast<int>(y_names().size()); }
  /// Batched true simulator: x [N, x_dim] -> y [N, y_dim], on x's device, differentiable.
  virtual torch::Tensor simulate(const torch::Tensor& x) const = 0;
  /// N draws from the problem's prior (CPU, float32), reproducible from `gen`.
  virtual torch::Tensor sample(std::int64_t n, at::Generator& gen) const = 0;
  /// The domain box for the boundary loss, given the training inputs.
  virtual Box domain(const torch::Tensor& x_train) const = 0;
};

/// Throws ConfigError for an unknown name.
std::unique_ptr<Problem> make_problem(const std::string& name);

}  // namespace ml
