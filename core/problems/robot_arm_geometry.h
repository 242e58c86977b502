#pragma once
/// The 4-DOF robot arm's kinematics in plain doubles, for drawing (torch-free).
/// x = [rail offset x1, t1, t2, t3]; segment angles are differences (METHOD.md section 1):
/// a1 = t1, a2 = t2 - t1, a3 = t3 - t2 - t1.
#include <array>
#include <vector>

namespace ml::arm {
inline constexpr std::array<double, 3> kLengths{0.5, 0.5, 1.0};
/// Prior standard deviations of x.
inline constexpr std::array<double, 4> kPriorStd{0.25, 0.5, 0.5, 0.5};

/// The base on the rail and the three joint ends: 4 points (h, v); the last is the end point.
std::vector<std::array<double, 2>> joints(const double* x);
}  // namespace ml::arm
