// The problem choice's texts: registered names, the csv:FILE and torchscript:FILE forms, their
// file names, and a user problem's domain and prior.
#include <limits>
#include <sstream>

#include "core/api/config.h"
#include "core/problems/registry.h"

namespace ml {

const std::vector<std::string>& problem_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& spec : problem_registry()) out.push_back(spec.name);
    return out;
  }();
  return names;
}

std::string known_problems_text() {
  std::string list;
  for (const auto& name : problem_names()) list += name + ", ";
  return list + "csv:FILE, torchscript:FILE";
}

const std::vector<std::string>& preset_names() {
  static const std::vector<std::string> names{"quick", "paper"};
  return names;
}

bool is_csv_problem(const std::string& problem) { return problem.rfind("csv:", 0) == 0; }
std::string csv_path(const std::string& problem) { return is_csv_problem(problem) ? problem.substr(4) : ""; }
bool is_torchscript_problem(const std::string& problem) { return problem.rfind("torchscript:", 0) == 0; }
std::string torchscript_path(const std::string& problem) {
  return is_torchscript_problem(problem) ? problem.substr(12) : "";
}

std::string problem_file_name(const std::string& problem, const std::string& detail) {
  const bool script = is_torchscript_problem(problem);
  if (!is_csv_problem(problem) && !script) return file_name_safe(problem);
  const std::string hex = stable_hash(problem + '\n' + detail);
  std::string stem = script ? torchscript_path(problem) : csv_path(problem);
  stem = stem.substr(stem.find_last_of('/') + 1);  // npos + 1 == 0
  stem = stem.substr(0, stem.rfind('.'));
  return (script ? "ts-" : "csv-") + file_name_safe(stem.substr(0, 32)) + "-" + hex.substr(0, 8);
}

Box parse_domain(const std::string& text) {
  Box box;
  if (trim(text).empty()) return box;
  const std::string example = " (lo:hi per x column, as in -1:1,0:6.3; got '" + text + "')";
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const auto colon = item.find(':');
    if (colon == std::string::npos)
      throw ConfigError("range " + std::to_string(box.lo.size() + 1) + " has no ':'" + example);
    double bounds[2];
    const std::string parts[2] = {trim(item.substr(0, colon)), trim(item.substr(colon + 1))};
    for (int i = 0; i < 2; ++i) {
      try {
        bounds[i] = parse_number(parts[i]);
      } catch (const ConfigError&) {
        throw ConfigError("'" + parts[i] + "' is not a finite number" + example);
      }
    }
    if (!(bounds[0] < bounds[1]))
      throw ConfigError("range " + std::to_string(box.lo.size() + 1) + " needs lo < hi" + example);
    box.lo.push_back(bounds[0]);
    box.hi.push_back(bounds[1]);
  }
  if (box.lo.empty() || trim(text).back() == ',') throw ConfigError("has an empty range" + example);
  return box;
}

std::vector<PriorDim> parse_prior(const std::string& text) {
  std::vector<PriorDim> dims;
  if (trim(text).empty()) return dims;
  const std::string example =
      " (normal:MEAN:SD or uniform per x dimension, as in normal:0:0.5,uniform; got '" + printable(text, 80) + "')";
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const std::string where = "item " + std::to_string(dims.size() + 1);
    item = trim(item);
    PriorDim d;
    if (item.rfind("normal:", 0) == 0) {
      const std::string rest = item.substr(7);
      const auto colon = rest.find(':');
      if (colon == std::string::npos) throw ConfigError(where + " needs normal:MEAN:SD" + example);
      try {
        d.mean = parse_number(rest.substr(0, colon));
        d.sd = parse_number(rest.substr(colon + 1), NumberRange{0, std::numeric_limits<double>::infinity(), true});
      } catch (const ConfigError& e) {
        throw ConfigError(where + ": " + e.what() + example);
      }
      d.normal = true;
    } else if (item != "uniform") {
      throw ConfigError(where + " is neither normal:MEAN:SD nor uniform" + example);
    }
    dims.push_back(d);
  }
  if (trim(text).back() == ',') throw ConfigError("has an empty item" + example);
  return dims;
}

}  // namespace ml
