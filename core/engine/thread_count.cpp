#include "core/engine/thread_count.h"

#include <algorithm>

#include "core/platform/runtime.h"

namespace ml {

int threads_for(const Config& c) {
  if (c.threads > 0) return c.threads;
  if (c.schedule == "joint") return hardware_threads();  // its parallelism is across networks
  int widest = 0;
  for (int w : c.hidden_forward) widest = std::max(widest, w);
  for (int w : c.hidden_inverse) widest = std::max(widest, w);
  return widest < 256 && c.batch <= 256 ? 1 : hardware_threads();
}

}  // namespace ml
