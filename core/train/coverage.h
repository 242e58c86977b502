#pragma once
/// Diversity of the mixture's answers: how many distinct valid solutions each target gets, and how
/// much of the sine wave's true solution set those solutions cover.
#include <torch/torch.h>

#include "core/api/box.h"
#include "core/api/results.h"

namespace ml {

/// The documented thresholds (x and y in the problem's own units).
struct CoverageSettings {
  double tau = kValidTau;  ///< a proposal is valid when its re-simulation MSE is below tau
  double epsilon = 0.1;    ///< proposals closer than epsilon in x count once; a solution point within
                           ///< epsilon of a valid proposal is covered
  double delta = 0.02;     ///< the solution set of y is the grid points with |sim(x) - y| < delta
  int grid = 300;          ///< grid points per axis for the sine wave's solution set
  int targets = 200;       ///< test targets used for coverage (the first ones; coverage is costly)
};

/// Per target, the number of distinct valid proposals among the first k networks: valid ones
/// merged greedily (in network order) when closer than epsilon. x [K, N, xd], resim [K, N] -> [N].
torch::Tensor valid_distinct(const torch::Tensor& x, const torch::Tensor& resim, int k, const CoverageSettings& s);

/// Mean over targets of the fraction of the 2-D solution set {x in box : |sim(x) - y| < delta}
/// within epsilon of a valid proposal among the first k networks. `simulate` maps [M, 2] -> [M, 1].
/// Targets whose grid solution set is empty are skipped; returns NaN when none remain.
double solution_set_coverage(const torch::Tensor& x, const torch::Tensor& resim, const torch::Tensor& y, int k,
                             const Box& box, const std::function<torch::Tensor(const torch::Tensor&)>& simulate,
                             const CoverageSettings& s);

}  // namespace ml
