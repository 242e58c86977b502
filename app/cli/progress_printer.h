#pragma once
/// Training progress on stderr: a redrawn bar on a terminal, plain lines otherwise.
#include <chrono>

#include "core/api/control.h"

namespace ml::cli {

class ProgressPrinter {
 public:
  ProgressPrinter();
  void operator()(const Progress& p);
  void finish();

 private:
  bool tty_;
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
};

}  // namespace ml::cli
