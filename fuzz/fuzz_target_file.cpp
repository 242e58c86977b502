// libFuzzer target: parse_target (a user's y* from a file) on any input returns exactly y_dim
// finite values or throws TargetError with a one-line message; anything else (crash, other
// exception, sanitizer report) is a finding. Input: a first byte choosing y_dim (1..64) and
// whether the problem has a y grid (the shell's 400-800 nm at y_dim points), then the file's text.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/api/target.h"

namespace {
void check(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const int y_dim = 1 + data[0] % 64;
  std::vector<double> grid;
  if (data[0] & 0x80)
    for (int i = 0; i < y_dim; ++i) grid.push_back(y_dim > 1 ? 400.0 + 400.0 * i / (y_dim - 1) : 600.0);
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    const auto y = ml::parse_target(text, "fuzz.csv", y_dim, grid);
    check(y.size() == static_cast<size_t>(y_dim));
    for (const double v : y) check(std::isfinite(v));
  } catch (const ml::TargetError& e) {
    const std::string m = e.what();
    check(m.rfind("fuzz.csv", 0) == 0 && m.size() < 600);
    for (const char c : m) check(static_cast<unsigned char>(c) >= 0x20 || c == '\t');
  }
  return 0;
}
