#include "core/api/candidates.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ml {
namespace {
std::string sci(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2e", v);
  return buf;
}
}  // namespace

std::vector<Candidate> candidates_for(const ProposalSet& p, int n, double tau) {
  std::vector<Candidate> out;
  if (n < 0 || n >= p.targets) return out;
  const int selected = p.selected.empty() ? -1 : p.selected[static_cast<size_t>(n)];
  for (int m = 0; m < p.networks; ++m) {
    Candidate c;
    c.network = m;
    c.x.assign(p.x_at(m, n), p.x_at(m, n) + p.x_dim);
    c.resim_mse = p.resim_at(m, n);
    c.f_mse = p.y_dim > 0 ? p.fit_at(m, n) / p.y_dim : NAN;
    c.valid = c.resim_mse < tau;  // NaN (an invalid input) is never valid
    c.selected = m == selected;
    out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    if (a.selected != b.selected) return a.selected;
    const bool fa = std::isfinite(a.resim_mse), fb = std::isfinite(b.resim_mse);
    if (fa != fb) return fa;
    return fa && a.resim_mse < b.resim_mse;
  });
  return out;
}

std::string reach_summary(const std::vector<Candidate>& candidates, double tau) {
  double closest = INFINITY;
  for (const auto& c : candidates)
    if (std::isfinite(c.resim_mse)) closest = std::min(closest, c.resim_mse);
  if (candidates.empty() || !std::isfinite(closest)) return "not reached: no candidate can be simulated";
  const Candidate& s = candidates.front();
  if (s.selected && s.valid)
    return "reached: re-simulation error " + sci(s.resim_mse) + " (valid below tau = " + sci(tau) + ")";
  if (closest < tau)
    return "reached by another network: re-simulation error " + sci(closest) + "; the selected one " +
           sci(s.resim_mse) + " (tau = " + sci(tau) + ")";
  return "not reached: closest reachable re-simulation error " + sci(closest) + " (tau = " + sci(tau) + ")";
}

std::string x_header(const ProblemInfo& info, int i) {
  const size_t k = static_cast<size_t>(i);
  std::string name = k < info.x_names.size() ? info.x_names[k] : "x" + std::to_string(i + 1);
  if (k < info.x_units.size() && !info.x_units[k].empty()) name += " (" + info.x_units[k] + ")";
  return name;
}

std::string candidates_csv(const std::vector<Candidate>& candidates, const ProblemInfo& info) {
  std::string out = "network,selected";
  for (int i = 0; i < info.x_dim; ++i) out += "," + x_header(info, i);
  out += ",resim_mse,f_mse,valid\n";
  char buf[40];
  for (const auto& c : candidates) {
    out += std::to_string(c.network + 1) + (c.selected ? ",1" : ",0");
    for (double v : c.x) {
      std::snprintf(buf, sizeof buf, ",%.9g", v);
      out += buf;
    }
    std::snprintf(buf, sizeof buf, ",%.6g,%.6g", c.resim_mse, c.f_mse);
    out += std::string(buf) + (c.valid ? ",1\n" : ",0\n");
  }
  return out;
}

}  // namespace ml
