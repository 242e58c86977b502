#pragma once
/// A target y* the user brings rather than picks among the test targets: read from a file,
/// described as a peak, or drawn as points on the spectrum. Every form ends as y_dim values on
/// the problem's y grid (ProblemInfo::y_grid: a spectrum's wavelengths); a form that cannot give
/// them throws TargetError with one line that says why. Torch-free: the GUI and the CLI share it.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ml {

struct TargetError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// `values` given at coordinates `at` (strictly increasing after sorting, at least two),
/// linearly interpolated onto `grid`. A grid point outside [at.front(), at.back()] (beyond half a
/// grid step) cannot be resampled and throws.
std::vector<double> resample_target(std::vector<double> at, std::vector<double> values,
                                    const std::vector<double>& grid);

/// A target from text in one of three forms, separated by commas, tabs, semicolons or spaces
/// (a first row that is not numeric is a header and skipped):
///  - one row of y_dim values (the first such row, as `infer --csv` writes them);
///  - one column of y_dim values;
///  - two columns (coordinate, value) of at least two rows, resampled onto `grid` (a problem
///    with a y grid only, e.g. wavelength in nm, value).
/// `source` names the text in messages (a file name).
std::vector<double> parse_target(const std::string& text, const std::string& source, int y_dim,
                                 const std::vector<double>& grid);
/// The same, read from a file.
std::vector<double> read_target_file(const std::string& path, int y_dim, const std::vector<double>& grid);

/// A described spectral target: a Lorentzian or Gaussian peak on a flat baseline.
struct PeakTarget {
  bool gaussian = false;  ///< else Lorentzian
  double centre = 600;    ///< in the grid's units (nm)
  double width = 50;      ///< full width at half maximum, same units
  double height = 1;      ///< above the baseline
  double baseline = 0;
};
/// The peak's values on `grid`: baseline + height · shape((g - centre) / width), shape 1 at the centre
/// and 1/2 at ±width/2. Throws TargetError for a width that is not > 0 or a value that is not finite.
std::vector<double> peak_target(const PeakTarget& peak, const std::vector<double>& grid);

/// A drawn target: a smooth curve through the points (coordinate, value), in any order, that never
/// overshoots them (monotone cubic Hermite, Fritsch-Carlson), held flat beyond the first and last
/// point. Throws TargetError for fewer than two points with distinct coordinates or a non-finite one.
std::vector<double> drawn_target(std::vector<std::pair<double, double>> points, const std::vector<double>& grid);

}  // namespace ml
