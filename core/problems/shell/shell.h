#pragma once
/// The nanophotonic shell (PROBLEMS.md section 2) as a plug-in: x = 8 thicknesses in nm ->
/// y = 201 scattering efficiencies at 400, 402, ..., 800 nm, by core/problems/shell/shell_physics.h
/// in double precision. Its simulator is not differentiable: g trains through the learned f.
#include "core/problems/spec_problem.h"

namespace ml {

class ShellProblem : public SpecProblem {
 public:
  ShellProblem();
  /// Spectra computed in double on the CPU (rows in parallel), returned on x's device and dtype,
  /// without gradient. A row with a thickness that is not finite and > 0 is invalid: NaN.
  torch::Tensor simulate(const torch::Tensor& x) const override;
  /// t_i ~ U(30, 70) nm, rounded to 0.1 nm.
  torch::Tensor sample(std::int64_t n, at::Generator& gen) const override;
  /// Prior draws and their spectra; from n = kCacheMinRows on, cached in data_cache_dir()
  /// (core/problems/data_cache.h) by sample count and seed, so the 0.6 ms per spectrum is paid once. A
  /// corrupt cache file is regenerated with a warning on stderr.
  std::pair<torch::Tensor, torch::Tensor> draw_rows(std::int64_t n, std::int64_t seed) const override;
  /// [30, 70] nm for every thickness: the prior's support.
  Box domain(const torch::Tensor& x_train) const override;

  static constexpr std::int64_t kCacheMinRows = 1000;
};

/// The registry entry: not differentiable, names ("t1".."t8" in nm, "y400".."y800"), presets.
const ProblemSpec& shell_spec();

}  // namespace ml
