// Choosing OpenBLAS's kernels from the CPU's features (issue 16): the best core per instruction
// set, replaced only when OpenBLAS fell back to a lesser one and the user set none.
#include <gtest/gtest.h>

#include "core/platform/blas_core.h"

namespace ml {
namespace {

CpuFeatures avx2_fma(bool amd = false) {
  CpuFeatures f;
  f.amd = amd;
  f.avx = f.avx2 = f.fma = true;
  return f;
}

CpuFeatures avx512(bool bf16) {
  CpuFeatures f = avx2_fma();
  f.avx512f = f.avx512bw = f.avx512dq = f.avx512vl = true;
  f.avx512_bf16 = bf16;
  return f;
}

TEST(BlasCore, TheBestCoreFollowsTheInstructionSet) {
  EXPECT_EQ(best_openblas_core(avx512(true)), "Cooperlake");  // e.g. Sapphire Rapids, Zen 4
  EXPECT_EQ(best_openblas_core(avx512(false)), "SkylakeX");
  EXPECT_EQ(best_openblas_core(avx2_fma()), "Haswell");
  EXPECT_EQ(best_openblas_core(avx2_fma(/*amd=*/true)), "Zen");
  CpuFeatures partial = avx512(true);
  partial.avx512vl = false;  // SkylakeX's kernels need all four AVX-512 subsets
  EXPECT_EQ(best_openblas_core(partial), "Haswell");
  CpuFeatures no_fma = avx2_fma();
  no_fma.fma = false;
  EXPECT_EQ(best_openblas_core(no_fma), "Sandybridge");
  EXPECT_EQ(best_openblas_core(CpuFeatures{}), "");
}

TEST(BlasCore, ReplacesOnlyALesserCoreAndNeverTheUsersChoice) {
  EXPECT_EQ(openblas_coretype_to_set("Prescott", "Cooperlake", ""), "Cooperlake");
  EXPECT_EQ(openblas_coretype_to_set("Haswell", "SkylakeX", ""), "SkylakeX");
  EXPECT_EQ(openblas_coretype_to_set("Sandybridge", "Zen", ""), "Zen");
  EXPECT_EQ(openblas_coretype_to_set("Prescott", "Cooperlake", "Prescott"), "");  // the user's value wins
  EXPECT_EQ(openblas_coretype_to_set("Prescott", "Cooperlake", "Haswell"), "");
  EXPECT_EQ(openblas_coretype_to_set("SkylakeX", "SkylakeX", ""), "");
  EXPECT_EQ(openblas_coretype_to_set("Zen", "Haswell", ""), "");                // same level
  EXPECT_EQ(openblas_coretype_to_set("SapphireRapids", "Cooperlake", ""), "");  // a newer OpenBLAS knows better
  EXPECT_EQ(openblas_coretype_to_set("", "Cooperlake", ""), "");                // not OpenBLAS
  EXPECT_EQ(openblas_coretype_to_set("armv8", "", ""), "");                     // not x86
  EXPECT_EQ(openblas_coretype_to_set("Prescott", "", ""), "");                  // nothing better to run
}

}  // namespace
}  // namespace ml
