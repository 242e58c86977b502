#include "core/platform/runtime.h"

#include <link.h>
#include <torch/torch.h>

#include <climits>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "core/platform/text.h"

namespace ml {

bool cuda_available() { return torch::cuda::is_available(); }

std::string resolve_device(const std::string& requested) {
  if (requested == "cpu") return "cpu";
  if (requested == "cuda") {
    if (!cuda_available()) throw ConfigError("device: cuda was requested but no usable CUDA device was found");
    return "cuda";
  }
  if (requested == "auto") return cuda_available() ? "cuda" : "cpu";
  throw ConfigError("device: must be one of auto|cpu|cuda (got '" + requested + "')");
}

int hardware_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

int configure_threads(int requested) {
  const int n = requested > 0 ? requested : hardware_threads();
  if (at::get_num_threads() != n) at::set_num_threads(n);
  return at::get_num_threads();
}

std::string blas_library() {
  std::string found;
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* data) {
        const std::string name = info->dlpi_name ? info->dlpi_name : "";
        if (name.find("libblas") != std::string::npos || name.find("libopenblas") != std::string::npos) {
          char real[PATH_MAX];
          *static_cast<std::string*>(data) = realpath(name.c_str(), real) ? real : name;
          return 1;
        }
        return 0;
      },
      &found);
  return found;
}

bool blas_is_reference() {
  const std::string lib = blas_library();
  return !lib.empty() && lib.find("openblas") == std::string::npos && lib.find("mkl") == std::string::npos &&
         lib.find("blis") == std::string::npos && lib.find("atlas") == std::string::npos;
}

void warn_if_slow_blas() {
  static bool warned = false;
  if (warned || !blas_is_reference()) return;
  warned = true;
  std::cerr << "warning: LibTorch is using the reference BLAS (" << blas_library()
            << "), about 30x slower; install libopenblas0-openmp\n";
}

}  // namespace ml
