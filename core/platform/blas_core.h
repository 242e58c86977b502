#pragma once
/// Which OpenBLAS kernels run, and which should (torch-free).
///
/// OpenBLAS picks its kernels ("core") from the CPU's model number at load time. A release older
/// than the CPU does not know it and falls back to generic SSE3 "Prescott" kernels: on a 2-core
/// AVX-512 Xeon, OpenBLAS 0.3.21 ran a 1024^3 sgemm at 27-31 GFLOP/s instead of 117 (SkylakeX)
/// or 134 (Cooperlake), and training took twice as long. The kernels an instruction set allows do
/// not depend on the model number, so the best core can be chosen from cpuid's feature flags.
#include <string>

namespace ml {

/// The instruction-set features that decide OpenBLAS's x86 kernels, each usable only when the OS
/// saves its registers (XGETBV): cpuid alone is not enough.
struct CpuFeatures {
  bool amd = false;
  bool avx = false, avx2 = false, fma = false;
  bool avx512f = false, avx512bw = false, avx512dq = false, avx512vl = false, avx512_bf16 = false;
};

/// This CPU's features (all false on a non-x86 build).
CpuFeatures detect_cpu_features();

/// The best core of OpenBLAS 0.3.21's x86 set that `cpu` runs: "Cooperlake" (AVX-512 with BF16),
/// "SkylakeX" (AVX-512 F/BW/DQ/VL), "Zen" (AMD with AVX2 and FMA), "Haswell" (AVX2 and FMA),
/// "Sandybridge" (AVX), or "" (nothing better than the generic SSE cores).
std::string best_openblas_core(const CpuFeatures& cpu);

/// The OPENBLAS_CORETYPE to set so that OpenBLAS uses `best` instead of the core it chose, or ""
/// to leave it: when the user set the variable (`user_value` non-empty), when OpenBLAS is not
/// loaded (`chosen` empty) or when its choice is as good as `best` (same instruction-set level).
std::string openblas_coretype_to_set(const std::string& chosen, const std::string& best, const std::string& user_value);

/// OpenBLAS's own description ("OpenBLAS 0.3.21 DYNAMIC_ARCH ...") and the core it runs, looked
/// up at run time; "" when the loaded BLAS is not OpenBLAS.
std::string openblas_config();
std::string openblas_core();

/// One line for users: the BLAS library and, for OpenBLAS, its version and core and who chose it,
/// e.g. "OpenBLAS 0.3.21, core Cooperlake (set for this CPU: OpenBLAS chose Prescott)".
std::string blas_summary();

/// Set by the start-up re-execution to the core OpenBLAS had chosen before we replaced it.
inline constexpr const char* kReplacedCoreVariable = "MANIFOLDLAB_OPENBLAS_REPLACED_CORE";

}  // namespace ml
