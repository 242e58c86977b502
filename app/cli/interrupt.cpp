#include "app/cli/interrupt.h"

#include <csignal>

namespace ml::cli {
namespace {

std::atomic<std::atomic<bool>*> g_stop{nullptr};
extern "C" void on_interrupt(int) {
  if (auto* stop = g_stop.load()) stop->store(true);  // lock-free atomics: safe in a signal handler
}

}  // namespace

StopOnInterrupt::StopOnInterrupt(std::atomic<bool>& stop) {
  g_stop.store(&stop);
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
}

StopOnInterrupt::~StopOnInterrupt() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  g_stop.store(nullptr);
}

}  // namespace ml::cli
