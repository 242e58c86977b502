#pragma once
/// The candidates for one target: every network's proposal with its errors and validity, the
/// selected one first, as the GUI's candidates table and `infer` show them and as CSV.
/// Torch-free.
#include <string>
#include <vector>

#include "core/api/engine.h"

namespace ml {

struct Candidate {
  int network = 0;
  std::vector<double> x;  ///< [x_dim], the problem's units
  double resim_mse = 0;   ///< the true simulator's y against the target, mean over y (NaN: invalid input)
  double f_mse = 0;       ///< the forward model's y against the target, mean over y
  bool valid = false;     ///< resim_mse below the problem's tau
  bool selected = false;
};

/// Target `n`'s candidates in `p`: the selected one first, then the others by re-simulation
/// error, lowest first (an invalid one, NaN, last; ties by network).
std::vector<Candidate> candidates_for(const ProposalSet& p, int n, double tau);
/// One line on how close the target is reached: "reached: re-simulation error 1.2e-04 (valid
/// below tau = 1e-03)" or "not reached: closest reachable re-simulation error 3.2e-02 (tau = 1e-03)".
std::string reach_summary(const std::vector<Candidate>& candidates, double tau);
/// The table as CSV: network (1-based), selected, each x with its unit in the header
/// ("t1 (nm)"), resim_mse, f_mse, valid.
std::string candidates_csv(const std::vector<Candidate>& candidates, const ProblemInfo& info);
/// A column header for x dimension i: its name, with its unit in brackets when it has one.
std::string x_header(const ProblemInfo& info, int i);

}  // namespace ml
