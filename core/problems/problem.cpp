#include "core/problems/problem.h"

#include "core/api/config.h"
#include "core/problems/dataset.h"
#include "core/problems/csv/csv_data.h"
#include "core/problems/registry.h"
#include "core/problems/torchscript/torchscript_problem.h"

namespace ml {

std::unique_ptr<Problem> make_problem(const std::string& name) {
  Config config;
  config.problem = name;
  return make_problem(config);
}

std::unique_ptr<Problem> make_problem(const Config& config) {
  if (is_csv_problem(config.problem))
    return std::make_unique<CsvDataProblem>(csv_path(config.problem), config.x_cols, config.y_cols,
                                            parse_domain(config.domain));
  if (is_torchscript_problem(config.problem))
    return std::make_unique<TorchScriptProblem>(torchscript_path(config.problem), config.domain, config.prior,
                                                config.forward == "true");
  const ProblemSpec* spec = find_problem_spec(config.problem);
  if (!spec) throw ConfigError("unknown problem '" + config.problem + "' (known: " + known_problems_text() + ")");
  return spec->make(config);
}

std::pair<torch::Tensor, torch::Tensor> Problem::draw_rows(std::int64_t n, std::int64_t seed) const {
  auto gen = seeded_generator(seed);
  auto x = sample(n, gen);
  auto y = simulate(x);
  return {x, y};
}

Box bounding_box(const torch::Tensor& x) {
  const auto lo = std::get<0>(x.min(0)).to(torch::kCPU, torch::kFloat64).contiguous();
  const auto hi = std::get<0>(x.max(0)).to(torch::kCPU, torch::kFloat64).contiguous();
  Box b;
  b.lo.assign(lo.data_ptr<double>(), lo.data_ptr<double>() + lo.numel());
  b.hi.assign(hi.data_ptr<double>(), hi.data_ptr<double>() + hi.numel());
  return b;
}

}  // namespace ml
