#include "core/platform/process_env.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "core/platform/blas_core.h"

namespace ml {

void ensure_process_environment(char** argv) {
  bool changed = false;
  if (!std::getenv("OMP_WAIT_POLICY") && !std::getenv("GOMP_SPINCOUNT"))
    changed |= setenv("GOMP_SPINCOUNT", "10000", /*overwrite=*/0) == 0;
  const char* user_core = std::getenv("OPENBLAS_CORETYPE");
  const std::string chosen = openblas_core();
  const std::string core =
      openblas_coretype_to_set(chosen, best_openblas_core(detect_cpu_features()), user_core ? user_core : "");
  if (!core.empty() && setenv("OPENBLAS_CORETYPE", core.c_str(), 1) == 0) {
    setenv(kReplacedCoreVariable, chosen.c_str(), 1);  // so the run can say who chose its kernels
    changed = true;
  }
  if (changed) execv("/proc/self/exe", argv);  // only returns on failure: carry on as loaded
}

const char* allocator_name() {
  // tcmalloc exports its own entry points beside malloc's.
  return dlsym(RTLD_DEFAULT, "tc_malloc") ? "tcmalloc" : "glibc malloc";
}

void lower_this_thread_priority() {
#ifdef __linux__
  // Nice 10: about a tenth of a core's share beside a normal thread, so it yields to the run and the
  // GUI yet still makes progress on a loaded machine (nice 19, 1.5 %, starved it under ctest -j2).
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);  // best effort
#endif
}

}  // namespace ml
