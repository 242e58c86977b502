#include "core/problem.h"

#include "core/config.h"
#include "core/problems/csv_data.h"
#include "core/problems/robot_arm.h"
#include "core/problems/sine.h"

namespace ml {

std::unique_ptr<Problem> make_problem(const std::string& name) {
  if (name == "sine") return std::make_unique<SineProblem>();
  if (name == "robot-arm") return std::make_unique<RobotArmProblem>();
  throw ConfigError("unknown problem '" + name + "' (known: sine, robot-arm, csv:FILE)");
}

std::unique_ptr<Problem> make_problem(const Config& config) {
  if (is_csv_problem(config.problem))
    return std::make_unique<CsvDataProblem>(csv_path(config.problem), config.x_cols, config.y_cols,
                                            parse_domain(config.domain));
  return make_problem(config.problem);
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
