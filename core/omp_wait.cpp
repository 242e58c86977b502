#include "core/omp_wait.h"

#include <unistd.h>

#include <cstdlib>

namespace ml {

void ensure_short_omp_spin(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") != nullptr || std::getenv("GOMP_SPINCOUNT") != nullptr) return;
  if (setenv("GOMP_SPINCOUNT", "10000", /*overwrite=*/0) != 0) return;
  execv("/proc/self/exe", argv);  // only returns on failure: carry on with the default policy
}

}  // namespace ml
