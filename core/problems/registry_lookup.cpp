// The registry's lookup, apart from its table (registry.cpp, which builds torch plug-ins), so the
// torch-free fuzz builds link it beside their stub table.
#include "core/problems/registry.h"

namespace ml {

const ProblemSpec* find_problem_spec(const std::string& name) {
  for (const auto& spec : problem_registry())
    if (spec.name == name) return &spec;
  return nullptr;
}

}  // namespace ml
