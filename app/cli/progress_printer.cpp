#include "app/cli/progress_printer.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <utility>

namespace ml::cli {

ProgressPrinter::ProgressPrinter(RunPlan plan) : tty_(isatty(fileno(stderr)) != 0), eta_(std::move(plan)) {}

namespace {
std::string describe(const Progress& p) {
  char buf[160];
  if (p.phase == Phase::Forward)
    std::snprintf(buf, sizeof buf, "forward model  epoch %d/%d  loss %.3g", p.epoch, p.epochs, p.terms.total);
  else if (p.phase == Phase::Inverse)
    std::snprintf(buf, sizeof buf,
                  "inverse network %d of %d%s  epoch %d/%d  loss %.3g (fit %.3g, boundary %.2g, repulsion %.3g)",
                  p.network + 1, p.networks, p.joint ? " (joint)" : "", p.epoch, p.epochs, p.terms.total, p.terms.fit,
                  p.terms.boundary, p.terms.repulsion);
  else
    std::snprintf(buf, sizeof buf, "%s", p.phase == Phase::Evaluate ? "evaluating" : "done");
  return buf;
}
}  // namespace

void ProgressPrinter::operator()(const Progress& p) {
  const auto now = std::chrono::steady_clock::now();
  eta_.observe(p, p.elapsed_s);
  const double frac = eta_.fraction(p.elapsed_s), eta = eta_.remaining_s(p.elapsed_s);
  const std::string eta_text = eta < 0 ? std::string("eta -") : "eta " + std::to_string(std::lround(eta)) + "s";
  if (tty_) {
    if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100) && p.phase != Phase::Done) return;
    const int width = 24, filled = static_cast<int>(frac * width);
    std::fprintf(stderr, "\r\033[K[%s%s] %3.0f%%  %s  %.0fs, %s", std::string(filled, '#').c_str(),
                 std::string(width - filled, '.').c_str(), frac * 100, describe(p).c_str(), p.elapsed_s,
                 eta_text.c_str());
    std::fflush(stderr);
    drawn_ = true;
    last_draw_ = now;
    return;
  }
  // Plain lines: every tenth epoch of each network, and phase changes.
  const bool milestone = p.epoch_end && (p.epoch == p.epochs || p.epoch % std::max(1, p.epochs / 10) == 0);
  if (milestone || p.phase == Phase::Evaluate || p.phase == Phase::Done)
    std::fprintf(stderr, "%5.1f%%  %6.1fs  %-9s  %s\n", frac * 100, p.elapsed_s, eta_text.c_str(), describe(p).c_str());
}

void ProgressPrinter::finish() {
  if (tty_ && drawn_) std::fprintf(stderr, "\n");
}

}  // namespace ml::cli
