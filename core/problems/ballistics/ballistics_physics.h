#pragma once
/// The inverse-ballistics problem's physics in plain doubles (PROBLEMS.md section 1), torch-free:
/// a projectile with linear drag launched from (x0, y0) at angle a (rad) with speed v0 (m/s);
/// y = where it lands on the ground y = 0. Every function is pure and thread-safe.
#include <array>
#include <vector>

namespace ml::ballistics {

inline constexpr double kGravity = 9.81;  // g, m/s^2
inline constexpr double kDrag = 0.25;     // k, kg/s
inline constexpr double kMass = 0.2;      // m, kg

/// The box for the boundary loss, x = (x0 m, y0 m, a rad, v0 m/s). We keep MMN's box: it is in
/// m/s, as we show v0, and its angle range [0.157, 1.414] is the prior's U(0.1 pi/2, 0.9 pi/2);
/// BDIMNNA's tandem box stops the angle at 1.256 and so cuts off a fifth of the prior.
inline constexpr std::array<double, 4> kBoxLow{-1.0, 0.5, 0.157, 6.75};
inline constexpr std::array<double, 4> kBoxHigh{1.0, 2.5, 1.414, 23.25};

/// Position at time t (s) for launch x = (x0, y0, a, v0): x(t) = x0 - (vx m / k) e(t),
/// y(t) = y0 - (m / k^2) ((g m + vy k) e(t) + g k t), e(t) = exp(-k t / m) - 1.
double x_at(const double* x, double t);
double y_at(const double* x, double t);
/// When dy/dt = 0, clamped at 0 for a launch that goes downward (vy <= 0).
double apex_time(const double* x);

/// Where a launch lands. lands is false when the apex is below ground (y(t_apex) < 0) or x is not
/// finite; then t, x and dx are 0.
struct Landing {
  bool lands = false;
  double t = 0.0;  // t* >= t_apex with y(t*) = 0, s
  double x = 0.0;  // x(t*), m
  /// d x(t*) / d (x0, y0, a, v0) by the implicit-function rule; infinite only for a landing that
  /// grazes the ground at its apex (dy/dt = 0 at t*).
  std::array<double, 4> dx{};
};
/// The exact root of y(t) = 0 after the apex (bracketed, then safeguarded Newton, to double
/// precision) for x = (x0, y0, a, v0), and its gradient.
Landing landing(const double* x);

/// The flight of x = (x0, y0, a, v0) as `samples` (>= 2) points (x(t), y(t)) evenly spaced in time
/// from the launch to the landing, for drawing it; empty when it never lands (see landing()).
std::vector<std::array<double, 2>> trajectory(const double* x, int samples);

/// The benchmark's grid approximation, for comparison only: y(t) on 1500 points in [0, 6] s,
/// samples before the highest one (by x, as its code compares x) set to 0.1, and x at the last
/// sample before the first sign flip; kGridInvalid when there is none (e.g. flights longer than
/// 6 s). Biased short by up to one grid step of flight; a launch from below ground can report a
/// false landing at its apex.
inline constexpr int kGridPoints = 1500;
inline constexpr double kGridEndS = 6.0;
inline constexpr double kGridInvalid = -999.0;
double grid_landing(const double* x);

}  // namespace ml::ballistics
