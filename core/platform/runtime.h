#pragma once
/// Device choice, thread count and BLAS detection (torch-free header).
#include <string>

namespace ml {

/// "auto" -> "cuda" when LibTorch sees a usable GPU, else "cpu". Throws ConfigError for "cuda"
/// without a GPU.
std::string resolve_device(const std::string& requested);
bool cuda_available();

/// Sets LibTorch's intra-op threads (0 = hardware concurrency) and returns the count in force.
int configure_threads(int requested);
int hardware_threads();

/// The path of the BLAS library loaded into this process ("" when none was found).
std::string blas_library();
/// True when that BLAS is the slow reference implementation.
bool blas_is_reference();
/// Prints a one-line warning on stderr once per process when the reference BLAS is in use.
void warn_if_slow_blas();

}  // namespace ml
