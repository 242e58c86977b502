#pragma once
/// The valid x domain as per-dimension bounds. Torch-free.
#include <cstddef>
#include <vector>

namespace ml {
struct Box {
  std::vector<double> lo, hi;
  bool contains(const double* x) const {
    for (std::size_t i = 0; i < lo.size(); ++i)
      if (x[i] < lo[i] || x[i] > hi[i]) return false;
    return true;
  }
};
}  // namespace ml
