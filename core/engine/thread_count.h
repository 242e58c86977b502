#pragma once
#include "core/api/config.h"

namespace ml {

/// The thread count a run uses: config.threads when set; for 0 ("auto"), every core, except
/// that small networks on the sequential schedule get one intra-op thread (measured with
/// `manifoldlab-cli bench` on 2 cores: a quick-size inverse step takes 1.0 ms at 1 thread and
/// 1.8 ms at 2, since hand-offs outweigh the split work below ~256 units).
int threads_for(const Config& config);

}  // namespace ml
