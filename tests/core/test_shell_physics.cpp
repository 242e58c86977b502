// The Shell problem's physics (core/problems/shell/shell_physics.h) against PROBLEMS.md section 2's
// check value and an independently written homogeneous-sphere Mie series.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <vector>

#include "core/problems/shell/shell_physics.h"

namespace ml::shell {
namespace {

constexpr double kPi = 3.14159265358979323846;

/// The benchmark's draw: t_i ~ U(30, 70) nm, rounded to 0.1 nm.
std::array<double, kLayers> draw_thicknesses(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(30.0, 70.0);
  std::array<double, kLayers> t;
  for (double& v : t) v = std::round(u(rng) * 10.0) / 10.0;
  return t;
}

/// Classical Mie efficiency Q_sca = 2 / x^2 sum_{n=1}^{nmax} (2n + 1)(|a_n|^2 + |b_n|^2) of a
/// homogeneous sphere (Bohren & Huffman's a_n, b_n through the logarithmic derivative D_n(mx)),
/// written apart from the library: m = relative refractive index, x = k_host R.
double homogeneous_mie(double m, double x, int nmax) {
  // D_n(z) = psi_n'(z) / psi_n(z), downward: D_{n-1} = n/z - 1 / (D_n + n/z).
  const double z = m * x;
  const int top = nmax + 40 + static_cast<int>(z);
  std::vector<double> d(top + 1, 0.0);
  for (int n = top; n >= 1; --n) d[n - 1] = n / z - 1.0 / (d[n] + n / z);
  // Same for the host argument, to get psi_n(x) = x j_n(x) by ratios where upward is unstable.
  const int topx = nmax + 40 + static_cast<int>(x);
  std::vector<double> dx(topx + 1, 0.0);
  for (int n = topx; n >= 1; --n) dx[n - 1] = n / x - 1.0 / (dx[n] + n / x);
  // Riccati-Bessel: psi (regular) and eta = x y_n(x); xi = psi + i eta.
  std::vector<double> psi(nmax + 1), eta(nmax + 1);
  psi[0] = std::sin(x);
  eta[0] = -std::cos(x);
  psi[1] = std::sin(x) / x - std::cos(x);
  eta[1] = -std::cos(x) / x - std::sin(x);
  for (int n = 1; n < nmax; ++n) {
    eta[n + 1] = (2 * n + 1) / x * eta[n] - eta[n - 1];
    // Upward is stable while n < x; beyond, psi_{n-1} / psi_n = D_n(x) + n/x has no zero.
    psi[n + 1] = n + 1 < x ? (2 * n + 1) / x * psi[n] - psi[n - 1] : psi[n] / (dx[n + 1] + (n + 1) / x);
  }
  double sum = 0.0;
  for (int n = 1; n <= nmax; ++n) {
    const std::complex<double> xi(psi[n], eta[n]), xi1(psi[n - 1], eta[n - 1]);
    const double ta = d[n] / m + n / x, tb = m * d[n] + n / x;
    const std::complex<double> a = (ta * psi[n] - psi[n - 1]) / (ta * xi - xi1);
    const std::complex<double> b = (tb * psi[n] - psi[n - 1]) / (tb * xi - xi1);
    sum += (2 * n + 1) * (std::norm(a) + std::norm(b));
  }
  return 2.0 * sum / (x * x);
}

TEST(ShellPhysics, AllFiftyNanometresGivesTheCheckValue) {
  std::array<double, kLayers> t;
  t.fill(50.0);
  const auto y = spectrum(t);
  ASSERT_EQ(y.size(), static_cast<size_t>(kOutputs));
  std::printf("[ measured ] y(400 nm) for all t = 50 nm: %.9f\n", y[0]);
  EXPECT_NEAR(y[0], 2.513158, 5e-7);
}

TEST(ShellPhysics, WavelengthsAndMaterials) {
  const auto& lam = wavelengths_nm();
  EXPECT_DOUBLE_EQ(lam.front(), 400.0);
  EXPECT_DOUBLE_EQ(lam[1], 402.0);
  EXPECT_DOUBLE_EQ(lam.back(), 800.0);
  // 5.913 + 0.2441 / (0.25 - 0.0803)
  EXPECT_NEAR(tio2_eps(500.0), 5.913 + 0.2441 / 0.1697, 1e-12);
  for (int i = 0; i < kLayers; ++i) {
    EXPECT_DOUBLE_EQ(layer_eps(i, 600.0), i % 2 == 0 ? kSilicaEps : tio2_eps(600.0)) << "layer " << i;
  }
}

TEST(ShellPhysics, BesselWronskianAndSmallArgumentSeries) {
  double j[kOrders + 2], y[kOrders + 2];
  for (double x = 0.3; x < 30.0; x *= 1.05) {
    spherical_bessel(x, kOrders + 1, j, y);
    for (int l = 1; l <= kOrders + 1; ++l) {
      // j_l y_{l-1} - j_{l-1} y_l = 1 / x^2
      const double w = j[l] * y[l - 1] - j[l - 1] * y[l];
      const double scale = std::abs(j[l] * y[l - 1]) + std::abs(j[l - 1] * y[l]);
      EXPECT_NEAR(w * x * x, 1.0, 1e-13 * std::max(1.0, scale * x * x)) << "x " << x << " l " << l;
    }
  }
  // Power series j_l(x) = x^l / (2l+1)!! sum_k (-x^2/2)^k / (k! (2l+3)(2l+5)...(2l+2k+1)), exact enough for x <= 1.
  for (double x : {0.34, 0.7, 1.0}) {
    spherical_bessel(x, kOrders + 1, j, y);
    for (int l = 0; l <= kOrders + 1; ++l) {
      double lead = 1.0;
      for (int i = 1; i <= l; ++i) lead *= x / (2 * i + 1);
      double term = 1.0, sum = 1.0;
      for (int k = 1; k < 30; ++k) sum += (term *= -0.5 * x * x / (k * (2 * l + 2 * k + 1)));
      EXPECT_NEAR(j[l] / (lead * sum), 1.0, 1e-14) << "x " << x << " l " << l;
    }
  }
}

TEST(ShellPhysics, AllSilicaEqualsAHomogeneousSphere) {
  Options silica;
  for (auto& e : silica.layer_eps) e = kSilicaEps;
  std::mt19937_64 rng(17);
  double worst = 0.0;
  for (int draw = 0; draw < 30; ++draw) {
    const auto t = draw_thicknesses(rng);
    double radius = 0.0;
    for (double v : t) radius += v;
    const auto y = spectrum(t, silica);
    for (int w = 0; w < kOutputs; ++w) {
      const double k0 = 2.0 * kPi / wavelengths_nm()[w];
      const double ref =
          homogeneous_mie(std::sqrt(kSilicaEps / kWaterEps), k0 * std::sqrt(kWaterEps) * radius, kOrders);
      worst = std::max(worst, std::abs(y[w] - ref) / ref);
    }
  }
  std::printf("[ measured ] all-silica vs homogeneous Mie, max relative deviation: %.3g\n", worst);
  EXPECT_LT(worst, 1e-9);
}

TEST(ShellPhysics, IndexMatchedParticleIsInvisible) {
  Options water;
  for (auto& e : water.layer_eps) e = kWaterEps;
  std::array<double, kLayers> t;
  t.fill(50.0);
  for (double v : spectrum(t, water)) EXPECT_LT(std::abs(v), 1e-20);
}

TEST(ShellPhysics, AnInterfaceBetweenEqualMaterialsIsInvisible) {
  // Layers 1 and 2 both silica: moving the interface between them (t1 + t2 fixed) changes nothing.
  Options opt;
  opt.layer_eps[1] = kSilicaEps;
  const std::array<double, kLayers> a{40, 60, 45, 55, 35, 65, 50, 50}, b{70, 30, 45, 55, 35, 65, 50, 50};
  const auto ya = spectrum(a, opt), yb = spectrum(b, opt);
  for (int w = 0; w < kOutputs; ++w) EXPECT_NEAR(ya[w], yb[w], 1e-12 * ya[w]) << "w " << w;
  // And with TiO2 in both layers 2 and 3.
  Options tio2;
  const std::array<double, kLayers> c{50, 40, 60, 50, 50, 50, 50, 50}, d{50, 80, 20, 50, 50, 50, 50, 50};
  std::vector<double> yc(kOutputs), yd(kOutputs);
  for (int w = 0; w < kOutputs; ++w) {
    tio2.layer_eps[2] = tio2_eps(wavelengths_nm()[w]);
    yc[w] = efficiency(c.data(), wavelengths_nm()[w], tio2);
    yd[w] = efficiency(d.data(), wavelengths_nm()[w], tio2);
    EXPECT_NEAR(yc[w], yd[w], 1e-12 * yc[w]) << "w " << w;
  }
}

TEST(ShellPhysics, RandomDrawsAreFinitePositiveAndMostlyInTheBenchmarkRange) {
  std::mt19937_64 rng(2023);
  int in_range = 0, total = 0;
  double lo = 1e300, hi = -1e300;
  for (int draw = 0; draw < 300; ++draw) {
    for (double v : spectrum(draw_thicknesses(rng))) {
      ASSERT_TRUE(std::isfinite(v));
      ASSERT_GT(v, 0.0);
      lo = std::min(lo, v), hi = std::max(hi, v);
      in_range += v >= 2.0 && v <= 4.5;
      ++total;
    }
  }
  std::printf("[ measured ] 300 draws: y in [%.4f, %.4f], %.2f %% in [2, 4.5]\n", lo, hi, 100.0 * in_range / total);
  EXPECT_GT(lo, 1.0);
  EXPECT_LT(hi, 6.0);
  EXPECT_GT(in_range, 0.95 * total);
}

TEST(ShellPhysics, BatchSingleAndPointwiseAgree) {
  std::mt19937_64 rng(5);
  const int n = 4;
  std::vector<double> t(n * kLayers), out(n * kOutputs);
  for (int s = 0; s < n; ++s) {
    const auto d = draw_thicknesses(rng);
    std::copy(d.begin(), d.end(), t.begin() + s * kLayers);
  }
  spectra(t.data(), n, out.data());
  for (int s = 0; s < n; ++s) {
    std::vector<double> single(kOutputs);
    spectrum(t.data() + s * kLayers, single.data());
    for (int w = 0; w < kOutputs; w += 25) {
      EXPECT_DOUBLE_EQ(out[s * kOutputs + w], single[w]);
      EXPECT_NEAR(efficiency(t.data() + s * kLayers, wavelengths_nm()[w]), single[w], 1e-13 * single[w]);
    }
  }
  spectra(t.data(), 0, nullptr);  // n = 0 writes nothing
}

TEST(ShellPhysics, RejectsNonPositiveThickness) {
  std::array<double, kLayers> t;
  t.fill(50.0);
  t[3] = 0.0;
  EXPECT_THROW(spectrum(t), std::invalid_argument);
  t[3] = std::nan("");
  EXPECT_THROW(spectrum(t), std::invalid_argument);
}

}  // namespace
}  // namespace ml::shell
