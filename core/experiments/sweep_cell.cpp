#include "core/experiments/sweep_cell.h"

#include <sstream>

#include "core/experiments/sweep.h"

namespace ml {

using json = nlohmann::json;

const std::vector<std::string>& sweep_axes() {
  static const std::vector<std::string> axes{"k", "lambda", "sigma2", "inverse_targets", "schedule"};
  return axes;
}
const std::vector<std::string>& cell_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> c{"problem", "preset", "forward"};
    c.insert(c.end(), sweep_axes().begin(), sweep_axes().end());
    return c;
  }();
  return columns;
}

/// The cell's identity: problem, preset and every sweep axis, as resolved (forward rides along
/// for the figures; one folder holds one forward setting).
json cell_of(const Config& c) {
  json j;
  j["problem"] = c.problem;
  j["preset"] = c.preset;
  j["forward"] = c.forward;
  if (is_csv_problem(c.problem)) {  // the same file read another way is another cell
    j["x_cols"] = c.x_cols;
    j["y_cols"] = c.y_cols;
    j["domain"] = c.domain;
  }
  if (is_torchscript_problem(c.problem)) {  // so is the same simulator on another box or prior
    j["domain"] = c.domain;
    j["prior"] = c.prior;
  }
  for (const auto& key : sweep_axes()) {
    const ParamSpec* p = find_parameter(key);
    const std::string v = p->get(c);
    if (p->type == ParamType::Int)
      j[key] = std::stoll(v);
    else if (p->type == ParamType::Real)
      j[key] = std::stod(v);
    else
      j[key] = v;
  }
  return j;
}

namespace {

/// Another reading of the same data set (columns, domain) is another cell.
std::string problem_key(const json& cell) {
  return problem_file_name(cell.at("problem").get<std::string>(),
                           cell.value("x_cols", "") + "\n" + cell.value("y_cols", "") + "\n" +
                               cell.value("domain", "") +
                               (cell.contains("prior") ? "\n" + cell.value("prior", "") : ""));
}

}  // namespace

std::string cell_key(const json& cell) {
  std::string key = problem_key(cell) + "_" + cell.at("preset").get<std::string>();
  for (const auto& axis : sweep_axes()) {
    const auto& v = cell.at(axis);
    std::ostringstream os;
    os.precision(6);
    if (v.is_string())
      os << v.get<std::string>();
    else
      os << v.get<double>();
    key += "_" + axis + os.str();
  }
  return file_name_safe(key);
}

bool trial_failed(const json& record) { return record.value("status", std::string("finished")) == "failed"; }

}  // namespace ml
