#pragma once
// A data set for the tests of failed trials, in the core and the CLI: 200 rows of the sine
// problem and one mistyped row (x1 = 1e30). Where the seeded split puts that row in training the
// forward loss overflows; among the test rows the forward test MSE is infinite.
#include <cmath>
#include <filesystem>
#include <fstream>

namespace ml::test_data {

/// Writes the rows (columns x1,x2,y) to path.
inline void write_sine_rows_with_an_absurd_one(const std::filesystem::path& path) {
  std::ofstream out(path);
  out << "x1,x2,y\n";
  for (int i = 0; i < 200; ++i) {
    const double a = -1 + 2.0 * ((i * 37) % 200) / 199, b = -1 + 2.0 * ((i * 91) % 200) / 199;
    out << a << ',' << b << ',' << std::sin(3 * M_PI * a) + std::cos(3 * M_PI * b) << '\n';
  }
  out << "1e30,0.5,0.3\n";
}

}  // namespace ml::test_data
