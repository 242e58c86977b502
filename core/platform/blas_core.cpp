#include "core/platform/blas_core.h"

#include <dlfcn.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/platform/runtime.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace ml {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

/// Instruction-set level of an OpenBLAS x86 core name: 0 SSE-era, 1 AVX, 2 AVX2+FMA, 3 AVX-512,
/// 4 AVX-512 with BF16. Unknown names (another architecture, a future core) count as good enough.
int core_level(const std::string& core) {
  const std::string c = lower(core);
  for (const char* sse :
       {"prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "athlon", "opteron", "opteron_sse3",
        "barcelona", "bobcat", "katmai", "coppermine", "northwood", "banias", "generic"})
    if (c == sse) return 0;
  for (const char* avx : {"sandybridge", "bulldozer", "piledriver", "steamroller", "excavator"})
    if (c == avx) return 1;
  if (c == "haswell" || c == "zen") return 2;
  if (c == "skylakex") return 3;
  if (c == "cooperlake" || c == "sapphirerapids") return 4;
  return 99;
}

using NameFn = char* (*)();

std::string call_openblas(const char* symbol) {
  const auto fn = reinterpret_cast<NameFn>(dlsym(RTLD_DEFAULT, symbol));
  if (!fn) return "";
  const char* s = fn();
  std::string out = s ? s : "";
  while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
  return out;
}

}  // namespace

CpuFeatures detect_cpu_features() {
  CpuFeatures f;
#if defined(__x86_64__) || defined(__i386__)
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(0, &a, &b, &c, &d)) return f;
  const unsigned max_leaf = a;
  f.amd = b == 0x68747541;  // "Auth" of "AuthenticAMD"
  if (!__get_cpuid(1, &a, &b, &c, &d)) return f;
  const bool osxsave = c & (1u << 27);
  if (!osxsave) return f;
  unsigned xcr0_lo = 0, xcr0_hi = 0;
  __asm__ volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
  const bool os_avx = (xcr0_lo & 0x6) == 0x6;       // SSE and AVX state
  const bool os_avx512 = (xcr0_lo & 0xe6) == 0xe6;  // and opmask, ZMM_Hi256, Hi16_ZMM
  f.avx = os_avx && (c & (1u << 28));
  f.fma = os_avx && (c & (1u << 12));
  if (max_leaf < 7) return f;
  __cpuid_count(7, 0, a, b, c, d);
  f.avx2 = os_avx && (b & (1u << 5));
  f.avx512f = os_avx512 && (b & (1u << 16));
  f.avx512dq = os_avx512 && (b & (1u << 17));
  f.avx512bw = os_avx512 && (b & (1u << 30));
  f.avx512vl = os_avx512 && (b & (1u << 31));
  __cpuid_count(7, 1, a, b, c, d);
  f.avx512_bf16 = f.avx512f && (a & (1u << 5));
#endif
  return f;
}

std::string best_openblas_core(const CpuFeatures& cpu) {
  const bool avx512 = cpu.avx512f && cpu.avx512bw && cpu.avx512dq && cpu.avx512vl;
  if (avx512 && cpu.avx512_bf16) return "Cooperlake";
  if (avx512) return "SkylakeX";
  if (cpu.avx2 && cpu.fma) return cpu.amd ? "Zen" : "Haswell";
  if (cpu.avx) return "Sandybridge";
  return "";
}

std::string openblas_coretype_to_set(const std::string& chosen, const std::string& best,
                                     const std::string& user_value) {
  if (!user_value.empty() || chosen.empty() || best.empty()) return "";
  return core_level(chosen) < core_level(best) ? best : "";
}

std::string openblas_config() { return call_openblas("openblas_get_config"); }
std::string openblas_core() { return call_openblas("openblas_get_corename"); }

std::string blas_summary() {
  const std::string config = openblas_config();
  if (config.empty()) {
    const std::string lib = blas_library();
    return lib.empty() ? "no BLAS found" : lib + (blas_is_reference() ? " (the slow reference BLAS)" : "");
  }
  // "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY ..." -> "OpenBLAS 0.3.21"
  std::string name = config;
  const size_t second = name.find(' ', name.find(' ') + 1);
  if (second != std::string::npos) name = name.substr(0, second);
  std::string line = name + ", core " + openblas_core();
  const char* replaced = std::getenv(kReplacedCoreVariable);
  const char* user = std::getenv("OPENBLAS_CORETYPE");
  if (replaced && *replaced)
    line += std::string(" (set for this CPU: OpenBLAS chose ") + replaced + ")";
  else if (user && *user)
    line += " (OPENBLAS_CORETYPE=" + std::string(user) + ")";
  else if (const auto best = best_openblas_core(detect_cpu_features());
           openblas_coretype_to_set(openblas_core(), best, "") != "")
    line += " (this CPU runs " + best + "'s kernels: start through manifoldlab or set OPENBLAS_CORETYPE=" + best + ")";
  return line;
}

}  // namespace ml
