#pragma once
/// Ctrl-C and SIGTERM set a stop flag instead of killing the process, so a command can save what
/// it has. One guard at a time; the default handlers come back when it goes out of scope.
#include <atomic>

namespace ml::cli {

class StopOnInterrupt {
 public:
  explicit StopOnInterrupt(std::atomic<bool>& stop);
  ~StopOnInterrupt();
  StopOnInterrupt(const StopOnInterrupt&) = delete;
  StopOnInterrupt& operator=(const StopOnInterrupt&) = delete;
};

}  // namespace ml::cli
