// config.json: every parameter typed, read back strictly.
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/api/config.h"

namespace ml {

using json = nlohmann::json;

std::string config_to_json(const Config& config) {
  json j = json::object();
  for (const auto& p : parameter_table()) {
    const std::string v = p.get(config);
    switch (p.type) {
      case ParamType::Int:
        j[p.key] = std::stoll(v);
        break;
      case ParamType::Real:
        j[p.key] = std::stod(v);
        break;
      case ParamType::Bool:
        j[p.key] = (v == "true");
        break;
      case ParamType::IntList: {
        json a = json::array();
        std::stringstream ss(v);
        std::string item;
        while (std::getline(ss, item, ',')) a.push_back(std::stoi(item));
        j[p.key] = a;
        break;
      }
      default:
        j[p.key] = v;
    }
  }
  return j.dump(2);
}

Config config_from_json(const std::string& text) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number like 1e999
    throw ConfigError(std::string("not valid JSON: ") + e.what());
  }
  if (!j.is_object()) throw ConfigError("the configuration must be a JSON object");
  std::map<std::string, std::string> values;
  for (const auto& item : j.items()) {
    // Not a structured binding: C++17 forbids capturing those in the lambda below (clang rejects it).
    const std::string& key = item.key();
    const json& value = item.value();
    const ParamSpec* p = find_parameter(key);
    if (!p) throw ConfigError("unknown key '" + printable(key) + "'");
    auto type_error = [&](const char* want) {
      return ConfigError(key + ": must be " + want + " (got " + value.dump() + ")");
    };
    switch (p->type) {
      case ParamType::Int:
        if (!value.is_number_integer()) throw type_error("an integer");
        values[key] = std::to_string(value.get<long long>());
        break;
      case ParamType::Real:
        if (!value.is_number()) throw type_error("a number");
        values[key] = format_real(value.get<double>());
        break;
      case ParamType::Bool:
        if (!value.is_boolean()) throw type_error("true or false");
        values[key] = value.get<bool>() ? "true" : "false";
        break;
      case ParamType::IntList: {
        if (!value.is_array() || value.empty()) throw type_error("a non-empty array of integers");
        std::string list;
        for (const auto& item : value) {
          if (!item.is_number_integer()) throw type_error("a non-empty array of integers");
          list += (list.empty() ? "" : ",") + std::to_string(item.get<long long>());
        }
        values[key] = list;
        break;
      }
      default:
        if (!value.is_string()) throw type_error("a string");
        values[key] = value.get<std::string>();
    }
  }
  return resolve_config(values);
}

}  // namespace ml
