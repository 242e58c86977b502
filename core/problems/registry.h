#pragma once
/// The problem registry: every built-in problem as one plug-in (core/problems/<name>/), listed
/// once in registry.cpp's table. Torch-free: the configuration, the CLI and the GUI read names,
/// units and presets from here; only `make` builds a torch Problem.
#include <memory>
#include <string>
#include <vector>

#include "core/api/results.h"

namespace ml {

struct Config;
class Problem;

/// What a problem is, stated once. Owned by the registry (static storage); never null pointers
/// except where noted.
struct ProblemSpec {
  std::string name;         ///< the CLI's and the configuration's spelling, e.g. "robot-arm"
  std::string description;  ///< one sentence for help texts
  std::vector<std::string> x_names, x_units, y_names, y_units;  ///< units "" for dimensionless
  /// Where y is a curve (a spectrum): each y value's coordinate and the axis's label, e.g. the
  /// wavelengths in nm. A target from a file or a drawing is resampled onto it. Empty: none.
  std::vector<double> y_grid;
  std::string y_grid_label;
  /// The true simulator carries gradients: --forward true (training g through it) is allowed.
  bool differentiable = true;
  /// What an invalid input means (its simulate() returns NaN there), e.g. "never lands"; empty
  /// when every input is valid.
  std::string invalid_meaning;
  /// Why one x (x_names.size() finite values) is outside the valid set, in words with the value,
  /// e.g. "thickness t1 must be > 0 (got -5)"; "" when it is valid. nullptr: every finite x is.
  /// `simulate` refuses such an x; training and evaluation count it as an invalid proposal.
  std::string (*invalid_reason)(const double* x) = nullptr;
  /// The networks see x and y standardised by the training rows' mean and spread (an affine
  /// layer inside f and g; users and every result keep the problem's units).
  bool standardize = false;
  /// A proposal is valid when its re-simulation MSE is below this (y's units squared). The
  /// poster's 1e-3 is about 1e-3 of the sine's y variance; a problem whose y spreads wider states
  /// its own at the same relative level.
  double valid_tau = kValidTau;
  /// Adjustments over the generic quick and paper presets (config.cpp); nullptr: none.
  void (*quick)(Config&) = nullptr;
  void (*paper)(Config&) = nullptr;
  /// Extra lines `manifoldlab-cli simulate` prints for one x (x_names.size() values), e.g. the
  /// arm's joints; nullptr: none.
  std::vector<std::string> (*simulate_notes)(const double* x) = nullptr;
  /// Builds the torch problem for a configuration (never null in the library's table).
  std::unique_ptr<Problem> (*make)(const Config&) = nullptr;
};

/// Every built-in problem, in display order.
const std::vector<ProblemSpec>& problem_registry();
/// nullptr for an unknown name (csv: data sets are not registered problems).
const ProblemSpec* find_problem_spec(const std::string& name);

}  // namespace ml
