#include "core/problems/ballistics/ballistics_physics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace ml::ballistics {

namespace {

constexpr double kRate = kDrag / kMass;  // k / m, 1/s

/// e(t) = exp(-k t / m) - 1, without cancellation for small t.
double decay_m1(double t) { return std::expm1(-kRate * t); }

/// dy/dt = ((g m + vy k) / k) exp(-k t / m) - g m / k.
double y_rate(double vy, double t) {
  return (kGravity * kMass + vy * kDrag) / kDrag * std::exp(-kRate * t) - kGravity * kMass / kDrag;
}

double y_of(double y0, double vy, double t) {
  return y0 - kMass / (kDrag * kDrag) * ((kGravity * kMass + vy * kDrag) * decay_m1(t) + kGravity * kDrag * t);
}

}  // namespace

double x_at(const double* x, double t) { return x[0] - x[3] * std::cos(x[2]) * kMass / kDrag * decay_m1(t); }

double y_at(const double* x, double t) { return y_of(x[1], x[3] * std::sin(x[2]), t); }

double apex_time(const double* x) {
  const double vy = x[3] * std::sin(x[2]);
  return vy > 0.0 ? std::log1p(vy * kDrag / (kGravity * kMass)) / kRate : 0.0;
}

Landing landing(const double* x) {
  Landing out;
  for (int i = 0; i < 4; ++i)
    if (!std::isfinite(x[i])) return out;
  const double y0 = x[1], a = x[2], v0 = x[3];
  const double vx = v0 * std::cos(a), vy = v0 * std::sin(a);
  const double apex = apex_time(x);
  const double y_apex = y_of(y0, vy, apex);
  if (!(y_apex >= 0.0)) return out;

  // After the apex y falls monotonically to -infinity: bracket the root, lo above ground, hi below.
  double lo = apex, hi = apex, step = 1.0;
  for (int i = 0; i < 200 && y_of(y0, vy, hi) > 0.0; ++i, step *= 2.0) lo = hi, hi = apex + step;
  if (y_of(y0, vy, hi) > 0.0) return out;  // not below ground after ~1e60 s: inputs out of range

  // Newton from the bracket's top; a step that leaves the bracket is replaced by bisection.
  double t = y_apex == 0.0 ? apex : hi;
  for (int i = 0; i < 200 && y_apex != 0.0; ++i) {
    const double f = y_of(y0, vy, t);
    if (f == 0.0) break;
    (f > 0.0 ? lo : hi) = t;
    double next = t - f / y_rate(vy, t);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    const bool done = std::abs(next - t) <= 4.0 * std::numeric_limits<double>::epsilon() * std::max(t, 1.0);
    t = next;
    if (done || hi - lo <= 4.0 * std::numeric_limits<double>::epsilon() * std::max(t, 1.0)) break;
  }

  out.lands = true;
  out.t = t;
  out.x = x_at(x, t);
  // Implicit-function rule: dt*/dx_i = -(dy/dx_i) / (dy/dt); dx(t*)/dx_i = dx/dx_i + vx(t*) dt*/dx_i.
  const double e = decay_m1(t), c = kMass / kDrag * e;
  const double dy[4] = {0.0, 1.0, -c * v0 * std::cos(a), -c * std::sin(a)};
  const double dxp[4] = {1.0, 0.0, c * v0 * std::sin(a), -c * std::cos(a)};
  const double rate = y_rate(vy, t), vx_t = vx * (e + 1.0);
  for (int i = 0; i < 4; ++i) out.dx[i] = dxp[i] + vx_t * (-dy[i] / rate);
  return out;
}

double grid_landing(const double* x) {
  std::vector<double> xs(kGridPoints), ys(kGridPoints);
  const double vx = x[3] * std::cos(x[2]), vy = x[3] * std::sin(x[2]);
  const double dt = kGridEndS / (kGridPoints - 1);
  int peak = 0;
  for (int i = 0; i < kGridPoints; ++i) {
    const double t = i == kGridPoints - 1 ? kGridEndS : i * dt;  // numpy's linspace
    const double e = std::exp(-kRate * t) - 1.0;                 // as the benchmark writes it
    xs[i] = x[0] - vx * kMass / kDrag * e;
    ys[i] = x[1] - kMass / (kDrag * kDrag) * ((kGravity * kMass + vy * kDrag) * e + kGravity * t * kDrag);
    if (ys[i] > ys[peak]) peak = i;
  }
  for (int i = 0; i < kGridPoints; ++i)
    if (xs[i] < xs[peak]) ys[i] = 0.1;
  for (int i = 0; i + 1 < kGridPoints; ++i)
    if (std::signbit(ys[i]) != std::signbit(ys[i + 1])) return xs[i];
  return kGridInvalid;
}

std::vector<std::array<double, 2>> trajectory(const double* x, int samples) {
  std::vector<std::array<double, 2>> points;
  const Landing end = landing(x);
  if (!end.lands || samples < 2) return points;
  points.reserve(static_cast<size_t>(samples));
  for (int i = 0; i < samples; ++i) {
    const double t = end.t * i / (samples - 1);
    points.push_back({x_at(x, t), i + 1 == samples ? 0.0 : y_at(x, t)});  // the last point exactly on the ground
  }
  return points;
}

}  // namespace ml::ballistics
