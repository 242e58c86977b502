#pragma once
/// Training progress on stderr: a redrawn bar on a terminal, plain lines otherwise.
#include <chrono>

#include "core/api/eta.h"

namespace ml::cli {

class ProgressPrinter {
 public:
  /// `plan`: what the run will do (Engine::run_plan()), for a remaining time by phase.
  explicit ProgressPrinter(RunPlan plan = {});
  void operator()(const Progress& p);
  void finish();

 private:
  bool tty_;
  RemainingTime eta_;
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
};

}  // namespace ml::cli
