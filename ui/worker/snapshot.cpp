#include "ui/worker/snapshot.h"

#include <algorithm>

#include "ui/views/view_registry.h"

namespace ml::ui {
namespace {

constexpr int kMapGrid = 160;
constexpr int kLandscapeGrid = 48;  // f on 2304 points: a few ms (quick preset), smooth once interpolated
constexpr size_t kPriorSamples = 3000;
constexpr size_t kTestSweep = 400;

/// n x n points over the box's first two dimensions: rows of x2, each along x1.
std::vector<double> grid_points(const Box& b, int n) {
  std::vector<double> grid;
  grid.reserve(static_cast<size_t>(n) * n * 2);
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      grid.push_back(b.lo[0] + (b.hi[0] - b.lo[0]) * c / (n - 1));
      grid.push_back(b.lo[1] + (b.hi[1] - b.lo[1]) * r / (n - 1));
    }
  return grid;
}

std::vector<double> head(const std::vector<double>& v, int dim, size_t rows) {
  const size_t n = std::min(v.size() / static_cast<size_t>(dim), rows);
  return std::vector<double>(v.begin(), v.begin() + static_cast<long>(n * dim));
}

}  // namespace

int ProblemView::sweep_index(const std::vector<double>& y) const {
  const size_t yd = static_cast<size_t>(info.y_dim);
  if (y.size() != yd || yd == 0) return -1;
  for (size_t i = 0; (i + 1) * yd <= sweep_y.size(); ++i)
    if (std::equal(y.begin(), y.end(), sweep_y.begin() + static_cast<long>(i * yd))) return static_cast<int>(i);
  return -1;
}

std::vector<double> ProblemView::reference_x(const std::vector<double>& y, bool* exact) const {
  const size_t yd = static_cast<size_t>(info.y_dim), xd = static_cast<size_t>(info.x_dim);
  if (exact) *exact = false;
  if (y.size() != yd || yd == 0) return {};
  if (const int i = sweep_index(y); i >= 0 && (static_cast<size_t>(i) + 1) * xd <= sweep_x.size()) {
    if (exact) *exact = true;
    return std::vector<double>(sweep_x.begin() + static_cast<long>(i * xd),
                               sweep_x.begin() + static_cast<long>((i + 1) * xd));
  }
  size_t best = 0;
  double best_d = -1;
  for (size_t i = 0; (i + 1) * yd <= prior_y.size() && (i + 1) * xd <= prior_x.size(); ++i) {
    double d = 0;
    for (size_t j = 0; j < yd; ++j) d += (prior_y[i * yd + j] - y[j]) * (prior_y[i * yd + j] - y[j]);
    if (best_d < 0 || d < best_d) {
      best_d = d;
      best = i;
    }
  }
  if (best_d < 0) return {};
  return std::vector<double>(prior_x.begin() + static_cast<long>(best * xd),
                             prior_x.begin() + static_cast<long>((best + 1) * xd));
}

std::shared_ptr<ProblemView> make_problem_view(const Engine& engine) {
  auto v = std::make_shared<ProblemView>();
  v->config = engine.config();
  v->info = engine.problem_info();
  v->device = engine.device();
  v->threads = engine.threads();
  v->plan = engine.run_plan();
  // After training, the worker answers every test target once more for the coverage panel
  // (Engine::propose_test: the evaluation's proposals and refinement), before the run is finished.
  if (!v->plan.phases.empty() && v->plan.phases.back().phase == Phase::Evaluate)
    v->plan.phases.push_back({Phase::Done, -1, 1, v->plan.phases.back().step_cost});
  const int xd = v->info.x_dim, yd = v->info.y_dim;
  v->prior_x = head(engine.train_inputs(), xd, kPriorSamples);
  if (v->info.has_simulator) v->prior_y = engine.simulate(v->prior_x);  // a data set has none
  v->view = find_view(v->info.name);
  const ViewSpec* spec = v->view;
  if (spec && spec->simulator_map && xd == 2 && v->info.has_simulator) {
    v->grid_n = kMapGrid;
    v->grid_y = engine.simulate(grid_points(v->info.box, kMapGrid));
    v->landscape_n = kLandscapeGrid;
    v->landscape_x = grid_points(v->info.box, kLandscapeGrid);
  }
  if (spec && yd == 1 && spec->target_hi > spec->target_lo && spec->sweep_steps > 1) {
    v->target_lo = spec->target_lo;
    v->target_hi = spec->target_hi;
    for (int i = 0; i < spec->sweep_steps; ++i)
      v->sweep_y.push_back(spec->target_lo + (spec->target_hi - spec->target_lo) * i / (spec->sweep_steps - 1));
  } else {
    v->sweep_y = head(engine.test_targets(), yd, spec && spec->max_sweep > 0 ? spec->max_sweep : kTestSweep);
    v->sweep_x = head(engine.test_inputs(), xd, v->sweep_y.size() / static_cast<size_t>(yd));
  }
  if (spec && spec->default_target) v->first_target = spec->default_target(*v);
  if (v->first_target.size() != static_cast<size_t>(yd))  // the first sweep target, else zeros
    v->first_target = v->sweep_y.size() >= static_cast<size_t>(yd)
                          ? std::vector<double>(v->sweep_y.begin(), v->sweep_y.begin() + yd)
                          : std::vector<double>(static_cast<size_t>(yd), 0.0);
  return v;
}

std::vector<LossPoint> loss_points(const std::vector<LossRow>& rows) {
  std::vector<LossPoint> out;
  for (const auto& row : rows)
    if (row.phase == Phase::Forward || row.phase == Phase::Inverse)
      out.push_back(LossPoint{row.network, static_cast<double>(row.epoch), row.terms});
  return out;
}

}  // namespace ml::ui
