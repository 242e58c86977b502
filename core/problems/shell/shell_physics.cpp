#include "core/problems/shell/shell_physics.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ml::shell {

namespace {

constexpr double kPi = 3.14159265358979323846;
/// Orders above max(lmax, x) where the downward recurrence for j starts.
constexpr int kMillerMargin = 20;
constexpr double kBig = 1e250;

/// Per-wavelength constants computed once: k0 (1/nm) and TiO2's permittivity.
struct WavelengthTable {
  std::array<double, kOutputs> lambda_nm{}, k0{}, tio2{};
  WavelengthTable() {
    for (int w = 0; w < kOutputs; ++w) {
      lambda_nm[w] = kFirstWavelengthNm + kWavelengthStepNm * w;
      k0[w] = 2.0 * kPi / lambda_nm[w];
      tio2[w] = tio2_eps(lambda_nm[w]);
    }
  }
};

const WavelengthTable& table() {
  static const WavelengthTable t;
  return t;
}

/// z_l and psi'_z(x) = d/dx [x z_l(x)] = x z_{l-1} - l z_l (the same as z_l + x z_l' with the
/// spec's z_l') for z = j and y, l = 1..kOrders, at one argument: shared by TE and TM.
struct Riccati {
  double j[kOrders + 1], y[kOrders + 1], jb[kOrders + 1], yb[kOrders + 1];
  explicit Riccati(double x) {
    spherical_bessel(x, kOrders, j, y);
    for (int l = 1; l <= kOrders; ++l) {
      jb[l] = x * j[l - 1] - l * j[l];
      yb[l] = x * y[l - 1] - l * y[l];
    }
  }
};

void check_thicknesses(const double* t_nm) {
  for (int i = 0; i < kLayers; ++i)
    if (!(std::isfinite(t_nm[i]) && t_nm[i] > 0.0))
      throw std::invalid_argument("shell: thickness t" + std::to_string(i + 1) + " must be finite and > 0");
}

/// sigma_sca / (pi R^2) with k0 (1/nm) and the permittivities eps[0..kLayers] (the host last).
double efficiency_at(const double* t_nm, double k0, const double* eps) {
  double a[kLayers];  // interface radii
  double r = 0.0;
  for (int i = 0; i < kLayers; ++i) a[i] = (r += t_nm[i]);
  double n[kLayers + 1];
  for (int i = 0; i <= kLayers; ++i) n[i] = std::sqrt(eps[i]);

  // (A, B) per order for TE and TM; the core is regular: (1, 0).
  double ate[kOrders + 1], bte[kOrders + 1], atm[kOrders + 1], btm[kOrders + 1];
  for (int l = 1; l <= kOrders; ++l) ate[l] = atm[l] = 1.0, bte[l] = btm[l] = 0.0;

  for (int i = 0; i < kLayers; ++i) {
    const Riccati in(k0 * n[i] * a[i]), out(k0 * n[i + 1] * a[i]);
    const double e1 = eps[i], e2 = eps[i + 1];
    for (int l = 1; l <= kOrders; ++l) {
      // TE: [[ybar2, -y2], [-jbar2, j2]] [[j1, y1], [jbar1, ybar1]] (A, B)
      double w0 = in.j[l] * ate[l] + in.y[l] * bte[l];
      double w1 = in.jb[l] * ate[l] + in.yb[l] * bte[l];
      ate[l] = out.yb[l] * w0 - out.y[l] * w1;
      bte[l] = out.j[l] * w1 - out.jb[l] * w0;
      // TM: [[eps1 ybar2, -y2], [-eps1 jbar2, j2]] [[j1, y1], [eps2 jbar1, eps2 ybar1]] (A, B)
      w0 = in.j[l] * atm[l] + in.y[l] * btm[l];
      w1 = e2 * (in.jb[l] * atm[l] + in.yb[l] * btm[l]);
      atm[l] = e1 * out.yb[l] * w0 - out.y[l] * w1;
      btm[l] = out.j[l] * w1 - e1 * out.jb[l] * w0;
    }
    // Only the ratio B/A matters: keep the pairs in range.
    for (int l = 1; l <= kOrders; ++l) {
      if (std::abs(ate[l]) + std::abs(bte[l]) > kBig) ate[l] /= kBig, bte[l] /= kBig;
      if (std::abs(atm[l]) + std::abs(btm[l]) > kBig) atm[l] /= kBig, btm[l] /= kBig;
    }
  }

  // |1 - S|^2 = 4 B^2 / (A^2 + B^2) with S = (A - iB) / (A + iB); sigma_l,p = (2l + 1) pi / (2 kh^2) |1 - S|^2.
  double sum = 0.0;
  for (int l = 1; l <= kOrders; ++l) {
    sum += (2 * l + 1) * (bte[l] * bte[l] / (ate[l] * ate[l] + bte[l] * bte[l]) +
                          btm[l] * btm[l] / (atm[l] * atm[l] + btm[l] * btm[l]));
  }
  const double kh2 = k0 * k0 * eps[kLayers], big_r = a[kLayers - 1];
  return 2.0 * sum / (kh2 * big_r * big_r);
}

void fill_eps(double* eps, double tio2, const Options& options) {
  for (int i = 0; i < kLayers; ++i) eps[i] = options.layer_eps[i] ? *options.layer_eps[i] : (i % 2 ? tio2 : kSilicaEps);
  eps[kLayers] = kWaterEps;
}

}  // namespace

double tio2_eps(double lambda_nm) {
  const double um = lambda_nm * 1e-3;
  return 5.913 + 0.2441 / (um * um - 0.0803);
}

double layer_eps(int layer, double lambda_nm) { return layer % 2 ? tio2_eps(lambda_nm) : kSilicaEps; }

const std::array<double, kOutputs>& wavelengths_nm() { return table().lambda_nm; }

double efficiency(const double* t_nm, double lambda_nm, const Options& options) {
  check_thicknesses(t_nm);
  double eps[kLayers + 1];
  fill_eps(eps, tio2_eps(lambda_nm), options);
  return efficiency_at(t_nm, 2.0 * kPi / lambda_nm, eps);
}

void spectrum(const double* t_nm, double* out, const Options& options) {
  check_thicknesses(t_nm);
  const WavelengthTable& tab = table();
  double eps[kLayers + 1];
  for (int w = 0; w < kOutputs; ++w) {
    fill_eps(eps, tab.tio2[w], options);
    out[w] = efficiency_at(t_nm, tab.k0[w], eps);
  }
}

std::vector<double> spectrum(const std::array<double, kLayers>& t_nm, const Options& options) {
  std::vector<double> out(kOutputs);
  spectrum(t_nm.data(), out.data(), options);
  return out;
}

void spectra(const double* t_nm, int n, double* out, const Options& options) {
  for (int s = 0; s < n; ++s)
    spectrum(t_nm + static_cast<long>(s) * kLayers, out + static_cast<long>(s) * kOutputs, options);
}

void spherical_bessel(double x, int lmax, double* j, double* y) {
  const double s = std::sin(x), c = std::cos(x), inv = 1.0 / x;
  const double j0 = s * inv, j1 = (j0 - c) * inv;
  y[0] = -c * inv;
  j[0] = j0;
  if (lmax < 1) return;
  y[1] = (y[0] - s) * inv;
  for (int l = 1; l < lmax; ++l) y[l + 1] = (2 * l + 1) * inv * y[l] - y[l - 1];
  j[1] = j1;
  if (x > lmax) {  // upward is stable while l < x
    for (int l = 1; l < lmax; ++l) j[l + 1] = (2 * l + 1) * inv * j[l] - j[l - 1];
    return;
  }
  // Miller: f_{N+1} = 0, f_N = 1, f_{l-1} = (2l + 1)/x f_l - f_{l+1}, then scale to j0 or j1.
  const int start = lmax + kMillerMargin + static_cast<int>(x);
  double fp = 0.0, f = 1.0;
  for (int l = start; l >= 1; --l) {
    if (l <= lmax) j[l] = f;
    const double fm = (2 * l + 1) * inv * f - fp;
    fp = f;
    f = fm;
    if (std::abs(f) > kBig) {
      f /= kBig, fp /= kBig;
      for (int i = l; i <= lmax; ++i) j[i] /= kBig;
    }
  }
  j[0] = f;
  const double scale = std::abs(j0) >= std::abs(j1) ? j0 / j[0] : j1 / j[1];
  for (int l = 0; l <= lmax; ++l) j[l] *= scale;
}

}  // namespace ml::shell
