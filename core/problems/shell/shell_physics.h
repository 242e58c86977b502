#pragma once
/// The Shell problem's physics in plain doubles (PROBLEMS.md section 2), torch-free: an 8-layer
/// silica/TiO2 sphere in water, x = (t1, ..., t8) in nm (t1 the core's radius, t2..t8 the
/// coatings' thicknesses) -> y = 201 scattering efficiencies sigma_sca / (pi R^2) at
/// lambda = 400, 402, ..., 800 nm, by the multilayer Mie transfer-matrix method, orders 1..15,
/// TE and TM. Every function here is pure and thread-safe (no shared mutable state).
#include <array>
#include <optional>
#include <vector>

namespace ml::shell {

inline constexpr int kLayers = 8;
inline constexpr int kOutputs = 201;
/// Mie orders l = 1..kOrders are summed.
inline constexpr int kOrders = 15;
inline constexpr double kFirstWavelengthNm = 400.0;
inline constexpr double kWavelengthStepNm = 2.0;
/// Layers 1, 3, 5, 7 (index 0, 2, 4, 6; the core first) are silica.
inline constexpr double kSilicaEps = 2.04;
/// The host medium, water.
inline constexpr double kWaterEps = 1.77;

/// TiO2's permittivity 5.913 + 0.2441 / (lambda_um^2 - 0.0803), lambda in nm.
double tio2_eps(double lambda_nm);
/// Permittivity of layer `layer` (0 = the core .. 7): silica for even indices, TiO2 for odd.
double layer_eps(int layer, double lambda_nm);
/// The kOutputs wavelengths in nm: 400, 402, ..., 800.
const std::array<double, kOutputs>& wavelengths_nm();

/// Variations for tests and studies; the default is the benchmark's particle.
struct Options {
  /// A constant permittivity in place of layer i's material; nullopt keeps the material.
  std::array<std::optional<double>, kLayers> layer_eps{};
};

/// sigma_sca / (pi R^2) at one wavelength (nm). t_nm: kLayers thicknesses in nm, each finite and
/// > 0 (throws std::invalid_argument otherwise); meant for thicknesses of about 1 nm and more.
double efficiency(const double* t_nm, double lambda_nm, const Options& options = {});
/// The spectrum at wavelengths_nm() into out[0..kOutputs). Throws as efficiency() does.
void spectrum(const double* t_nm, double* out, const Options& options = {});
std::vector<double> spectrum(const std::array<double, kLayers>& t_nm, const Options& options = {});
/// n spectra: t_nm row-major [n, kLayers] -> out row-major [n, kOutputs]. n = 0 writes nothing.
void spectra(const double* t_nm, int n, double* out, const Options& options = {});

/// Spherical Bessel functions j_l(x) and y_l(x) for l = 0..lmax into j[0..lmax], y[0..lmax];
/// x > 0. j_l comes from downward recurrence (Miller's method) where upward is unstable (l > x),
/// y_l from upward recurrence.
void spherical_bessel(double x, int lmax, double* j, double* y);

}  // namespace ml::shell
