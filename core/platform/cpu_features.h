#pragma once
/// What the CPU can run, asked once: the hand-written kernels (core/nn/adam.cpp,
/// core/nn/batchnorm_relu.cpp) pick their AVX2 build on the condition LibTorch uses for its own.

namespace ml {

inline bool cpu_has_avx2_fma() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
}

}  // namespace ml
