#pragma once
/// A forward problem x -> y with a true, differentiable simulator.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/api/box.h"
#include "core/api/config.h"

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
  /// False for a data set without one: simulate() throws, and errors are measured through the
  /// forward model instead.
  virtual bool has_simulator() const { return true; }
  /// A data set's fixed rows (x, y); undefined tensors for problems that draw from a prior.
  virtual std::pair<torch::Tensor, torch::Tensor> rows() const { return {}; }
  /// The true simulator carries gradients, so g may train through it (`forward true`).
  virtual bool differentiable() const { return has_simulator(); }
  /// n training rows (x, y = simulate(x)), CPU float32, reproducible from seed. The default draws
  /// sample(n) with a generator seeded by `seed`; a problem may keep only valid rows or cache.
  virtual std::pair<torch::Tensor, torch::Tensor> draw_rows(std::int64_t n, std::int64_t seed) const;
  /// What g trains through when it trains through the true simulator: simulate(), or for a
  /// problem with invalid inputs a finite continuation of it there (evaluation still uses
  /// simulate(), where an invalid input gives NaN).
  virtual torch::Tensor simulate_for_training(const torch::Tensor& x) const { return simulate(x); }
};

/// The box spanned by x's rows (per dimension min and max).
Box bounding_box(const torch::Tensor& x);

/// Throws ConfigError for an unknown name.
std::unique_ptr<Problem> make_problem(const std::string& name);
/// The configuration's problem, data sets ("csv:FILE" with x_cols, y_cols) and user simulators
/// ("torchscript:FILE" with domain, prior) included. Throws ConfigError (CsvError naming file,
/// line and column for bad data).
std::unique_ptr<Problem> make_problem(const Config& config);

}  // namespace ml
