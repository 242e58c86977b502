#pragma once
/// A built-in problem whose names come from its registry entry, so they are stated once.
#include "core/problems/problem.h"
#include "core/problems/registry.h"

namespace ml {

class SpecProblem : public Problem {
 public:
  /// `spec` is a registry entry (static storage), so the reference outlives the problem.
  explicit SpecProblem(const ProblemSpec& spec) : spec_(spec) {}
  std::string name() const override { return spec_.name; }
  std::vector<std::string> x_names() const override { return spec_.x_names; }
  std::vector<std::string> y_names() const override { return spec_.y_names; }
  bool differentiable() const override { return spec_.differentiable; }

 private:
  const ProblemSpec& spec_;
};

}  // namespace ml
