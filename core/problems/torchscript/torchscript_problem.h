#pragma once
/// A user's TorchScript simulator as a problem (--problem torchscript:FILE): forward(x[N, D]) ->
/// y[N, M] is the true simulator, D comes from the domain, M from one probe call, and x is drawn
/// from a prior that is uniform in the domain unless the configuration's prior says otherwise.
#include <torch/script.h>

#include "core/problems/problem.h"

namespace ml {

class TorchScriptProblem : public Problem {
 public:
  /// Loads and probes the module (forward on two prior draws). Throws ConfigError with one line
  /// naming the file: missing, not a TorchScript archive, no forward method, forward throwing,
  /// an output that is not [2, M], names or prior that disagree with the domain, or
  /// `forward_true` with a simulator whose output carries no gradient.
  TorchScriptProblem(const std::string& path, const std::string& domain, const std::string& prior, bool forward_true);
  std::string name() const override { return "torchscript:" + path_; }
  std::vector<std::string> x_names() const override { return x_names_; }
  std::vector<std::string> y_names() const override { return y_names_; }
  /// forward(x) in x's dtype and on x's device (the module runs on the CPU). Throws
  /// std::runtime_error (one line) when the module throws.
  torch::Tensor simulate(const torch::Tensor& x) const override;
  torch::Tensor sample(std::int64_t n, at::Generator& gen) const override;
  Box domain(const torch::Tensor&) const override { return box_; }
  /// The base draw, then a ConfigError when forward gives NaN or Inf on any of the draws.
  std::pair<torch::Tensor, torch::Tensor> draw_rows(std::int64_t n, std::int64_t seed) const override;
  /// Whether the probe's output required grad for an input that did.
  bool differentiable() const override { return differentiable_; }
  /// The loaded module (in eval mode), for the TorchScript export to embed.
  const torch::jit::Module& module() const { return module_; }

 private:
  std::string path_;
  mutable torch::jit::Module module_;  ///< forward is not const in LibTorch; calling it changes nothing
  Box box_;
  std::vector<PriorDim> prior_;  ///< one per x dimension
  std::vector<std::string> x_names_, y_names_;
  bool differentiable_ = false;
};

}  // namespace ml
