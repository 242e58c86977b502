#include "core/api/target.h"

#include "core/platform/text.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ml {
namespace {

std::string number_text(double v) {
  std::ostringstream os;
  os.precision(6);
  os << v;
  return os.str();
}

/// The fields of one line, split at commas, semicolons, tabs and spaces.
std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : line) {
    if (c == ',' || c == ';' || c == '\t' || c == ' ' || c == '\r') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

/// A field as a number: the whole field, finite. False when it is not a number at all.
bool to_number(const std::string& s, double* v) {
  char* end = nullptr;
  *v = std::strtod(s.c_str(), &end);
  return end != s.c_str() && *end == '\0';
}

}  // namespace

std::vector<double> resample_target(std::vector<double> at, std::vector<double> values,
                                    const std::vector<double>& grid) {
  if (at.size() != values.size() || at.size() < 2)
    throw TargetError("needs at least two (coordinate, value) points to resample");
  std::vector<size_t> order(at.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return at[a] < at[b]; });
  std::vector<double> a, v;
  for (size_t i : order) {
    if (!a.empty() && at[i] == a.back()) throw TargetError("coordinate " + number_text(at[i]) + " appears twice");
    a.push_back(at[i]);
    v.push_back(values[i]);
  }
  const double step = grid.size() > 1 ? (grid.back() - grid.front()) / static_cast<double>(grid.size() - 1) : 0;
  const double slack = 0.5 * std::abs(step);
  if (grid.front() < a.front() - slack || grid.back() > a.back() + slack)
    throw TargetError("covers " + number_text(a.front()) + " to " + number_text(a.back()) + "; the target needs " +
                      number_text(grid.front()) + " to " + number_text(grid.back()));
  std::vector<double> out;
  out.reserve(grid.size());
  for (double g : grid) {
    const double x = std::clamp(g, a.front(), a.back());
    const size_t hi = std::min(a.size() - 1, static_cast<size_t>(std::upper_bound(a.begin(), a.end(), x) - a.begin()));
    const size_t lo = hi - 1;
    const double t = (x - a[lo]) / (a[hi] - a[lo]);
    out.push_back((1 - t) * v[lo] + t * v[hi]);  // never overflows between finite values
  }
  return out;
}

std::vector<double> parse_target(const std::string& text, const std::string& source, int y_dim,
                                 const std::vector<double>& grid) {
  std::vector<std::vector<double>> rows;
  std::istringstream in(text);
  std::string line;
  bool first = true;
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    const auto f = fields(line);
    if (f.empty() || f[0][0] == '#') continue;
    std::vector<double> row;
    for (size_t c = 0; c < f.size(); ++c) {
      double v = 0;
      if (!to_number(f[c], &v)) {
        if (first) break;  // a header
        throw TargetError(source + ":" + std::to_string(line_no) + ": '" + printable(f[c], 40) + "' is not a number");
      }
      if (!std::isfinite(v))
        throw TargetError(source + ":" + std::to_string(line_no) + ": " + printable(f[c], 40) +
                          " is not a finite number");
      row.push_back(v);
    }
    const bool header = first && row.size() < f.size();
    first = false;
    if (!header) rows.push_back(std::move(row));
  }
  if (rows.empty()) throw TargetError(source + ": holds no numbers");
  const size_t d = static_cast<size_t>(y_dim);
  if (rows[0].size() == d) return rows[0];  // a row of y*
  const bool one_column = std::all_of(rows.begin(), rows.end(), [](const auto& r) { return r.size() == 1; });
  if (one_column && rows.size() == d) {
    std::vector<double> y;
    for (const auto& r : rows) y.push_back(r[0]);
    return y;
  }
  const bool two_columns = std::all_of(rows.begin(), rows.end(), [](const auto& r) { return r.size() == 2; });
  if (two_columns && rows.size() >= 2 && !grid.empty()) {
    std::vector<double> at, v;
    for (const auto& r : rows) {
      at.push_back(r[0]);
      v.push_back(r[1]);
    }
    try {
      return resample_target(at, v, grid);
    } catch (const TargetError& e) {
      throw TargetError(source + ": " + e.what());
    }
  }
  const size_t found = one_column ? rows.size() : rows[0].size();
  throw TargetError(source + ": has " + std::to_string(found) + " value(s) where the target needs " +
                    std::to_string(y_dim) +
                    (grid.empty() ? std::string(" (one row or one column)")
                                  : " (one row, one column, or two columns coordinate,value to resample)"));
}

std::vector<double> read_target_file(const std::string& path, int y_dim, const std::vector<double>& grid) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TargetError("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_target(text.str(), path, y_dim, grid);
}

std::vector<double> peak_target(const PeakTarget& peak, const std::vector<double>& grid) {
  if (!(peak.width > 0) || !std::isfinite(peak.width)) throw TargetError("peak width must be > 0");
  if (!std::isfinite(peak.centre) || !std::isfinite(peak.height) || !std::isfinite(peak.baseline))
    throw TargetError("peak centre, height and baseline must be finite");
  std::vector<double> y;
  y.reserve(grid.size());
  const double half = peak.width / 2;
  for (double g : grid) {
    const double u = (g - peak.centre) / half;  // ±1 at half maximum
    const double shape = peak.gaussian ? std::exp(-std::log(2.0) * u * u) : 1.0 / (1.0 + u * u);
    y.push_back(peak.baseline + peak.height * shape);
  }
  return y;
}

std::vector<double> drawn_target(std::vector<std::pair<double, double>> points, const std::vector<double>& grid) {
  for (const auto& [x, v] : points)
    if (!std::isfinite(x) || !std::isfinite(v)) throw TargetError("a drawn point is not finite");
  std::sort(points.begin(), points.end());
  points.erase(
      std::unique(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
      points.end());
  if (points.size() < 2) throw TargetError("draw at least two points at different wavelengths");
  const size_t n = points.size();
  std::vector<double> h(n - 1), delta(n - 1), m(n);
  for (size_t i = 0; i + 1 < n; ++i) {
    h[i] = points[i + 1].first - points[i].first;
    delta[i] = (points[i + 1].second - points[i].second) / h[i];
  }
  // Fritsch-Carlson tangents: zero at a local extremum, limited so the curve stays monotone
  // between points (no overshoot above a drawn peak or below zero).
  m[0] = delta[0];
  m[n - 1] = delta[n - 2];
  for (size_t i = 1; i + 1 < n; ++i) m[i] = delta[i - 1] * delta[i] <= 0 ? 0.0 : (delta[i - 1] + delta[i]) / 2;
  for (size_t i = 0; i + 1 < n; ++i) {
    if (delta[i] == 0) {
      m[i] = m[i + 1] = 0;
      continue;
    }
    const double a = m[i] / delta[i], b = m[i + 1] / delta[i];
    const double s = a * a + b * b;
    if (s > 9) {
      const double t = 3 / std::sqrt(s);
      m[i] = t * a * delta[i];
      m[i + 1] = t * b * delta[i];
    }
  }
  std::vector<double> y;
  y.reserve(grid.size());
  for (double g : grid) {
    if (g <= points.front().first) {
      y.push_back(points.front().second);
      continue;
    }
    if (g >= points.back().first) {
      y.push_back(points.back().second);
      continue;
    }
    const size_t i = static_cast<size_t>(std::upper_bound(points.begin(), points.end(), g,
                                                          [](double v, const auto& p) { return v < p.first; }) -
                                         points.begin()) -
                     1;
    const double t = (g - points[i].first) / h[i], t2 = t * t, t3 = t2 * t;
    y.push_back((2 * t3 - 3 * t2 + 1) * points[i].second + (t3 - 2 * t2 + t) * h[i] * m[i] +
                (-2 * t3 + 3 * t2) * points[i + 1].second + (t3 - t2) * h[i] * m[i + 1]);
  }
  return y;
}

}  // namespace ml
