#include "app/cli/args.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace ml::cli {

std::string Args::get(const std::string& name, const std::string& fallback) const {
  const auto it = values.find(name);
  return it == values.end() ? fallback : it->second.back();
}

std::string Args::require(const std::string& name) const {
  if (!has(name)) throw UsageError("missing --" + name);
  return get(name);
}

Args parse_args(const std::string& command, int argc, char** argv, const std::vector<FlagSpec>& flags,
                bool allow_positional) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      args.help = true;
      continue;
    }
    if (a.rfind("--", 0) != 0) {
      if (!allow_positional)
        throw UsageError("unexpected argument '" + a + "' (see manifoldlab-cli " + command + " --help)");
      args.positional.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    bool inline_value = false;
    if (const auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    const auto spec = std::find_if(flags.begin(), flags.end(), [&](const FlagSpec& f) { return f.name == name; });
    if (spec == flags.end())
      throw UsageError("unknown flag --" + name + " (see manifoldlab-cli " + command + " --help)");
    if (spec->metavar.empty()) {
      if (inline_value) throw UsageError("--" + name + " takes no value");
      value = "true";
    } else if (!inline_value) {
      // "--k --out DIR" means a forgotten value, not k = "--out" (a value can always go as --k=...).
      if (i + 1 >= argc || std::string(argv[i + 1]).rfind("--", 0) == 0)
        throw UsageError("--" + name + " needs a value (" + spec->metavar + ")");
      value = argv[++i];
    }
    if (args.has(name) && !spec->repeatable) throw UsageError("--" + name + " given more than once");
    args.values[name].push_back(value);
  }
  return args;
}

std::vector<FlagSpec> config_flags() {
  std::vector<FlagSpec> flags;
  for (const auto& p : parameter_table()) {
    std::string meta;
    switch (p.type) {
      case ParamType::Int:
        meta = "N";
        break;
      case ParamType::Real:
        meta = "X";
        break;
      case ParamType::Bool:
        meta = "BOOL";
        break;
      case ParamType::IntList:
        meta = "W,W,...";
        break;
      case ParamType::Text:
        meta = "TEXT";
        break;
      default: {
        for (const auto& c : p.choices) meta += (meta.empty() ? "" : "|") + c;
        if (!p.open_choice.empty()) meta += "|" + p.open_choice;
      }
    }
    flags.push_back({p.flag().substr(2), meta, p.help + (p.hot ? " [hot in the GUI]" : "")});
  }
  for (const auto& [alias, keys] : parameter_aliases()) {
    const ParamSpec* first = find_parameter(keys.front());
    std::string meta = first->type == ParamType::IntList ? "W,W,..." : first->type == ParamType::Real ? "X" : "V";
    if (first->type == ParamType::Bool) meta = "BOOL";
    if (first->type == ParamType::Choice) {
      meta.clear();
      for (const auto& c : first->choices) meta += (meta.empty() ? "" : "|") + c;
    }
    std::string list;
    for (const auto& k : keys) list += (list.empty() ? "" : " and ") + find_parameter(k)->flag();
    flags.push_back({alias, meta, "Sets " + list + "."});
  }
  return flags;
}

std::map<std::string, std::string> config_overrides(const Args& args) {
  std::map<std::string, std::string> out;
  for (const auto& [name, values] : args.values) {
    std::string key = name;
    std::replace(key.begin(), key.end(), '-', '_');
    if (find_parameter(key) || parameter_aliases().count(key)) out[key] = values.back();
  }
  // A flag that means nothing for the chosen problem is a mistake worth saying, not ignoring.
  const std::string problem = out.count("problem") ? out["problem"] : Config{}.problem;  // the default problem
  for (const auto& [key, value] : out) {
    const ParamSpec* p = find_parameter(key);
    if (!p || applies_to(*p, problem)) continue;
    const char* why =
        p->scope == ParamScope::DataSet       ? " applies to csv: data sets only"
        : p->scope == ParamScope::UserProblem ? " applies to csv: data sets and torchscript: simulators only"
        : p->scope == ParamScope::Script      ? " applies to torchscript: simulators only"
                                              : " applies to drawn problems only: a data set uses all its rows";
    throw UsageError(p->flag() + why);
  }
  return out;
}

std::string help_text(const std::string& synopsis, const std::string& summary, const std::vector<FlagSpec>& flags) {
  std::ostringstream os;
  os << "usage: " << synopsis << "\n\n" << summary << "\n\noptions:\n";
  for (const auto& f : flags) {
    std::string left = "  --" + f.name + (f.metavar.empty() ? "" : " " + f.metavar);
    os << left;
    if (left.size() < 34)
      os << std::string(34 - left.size(), ' ');
    else
      os << "\n" << std::string(34, ' ');
    os << f.help << "\n";
  }
  os << "  --help                          Show this help.\n";
  return os.str();
}

bool parse_or_help(const std::string& command, int argc, char** argv, const std::vector<FlagSpec>& flags,
                   const std::string& synopsis, const std::string& summary, Args* args, bool allow_positional) {
  *args = parse_args(command, argc, argv, flags, allow_positional);
  if (!args->help) return true;
  std::printf("%s", help_text(synopsis, summary, flags).c_str());
  return false;
}

double parse_flag_number(const std::string& flag, const std::string& text, const NumberRange& range) {
  try {
    return parse_number(text, range);
  } catch (const ConfigError& e) {
    throw UsageError(flag + ": " + e.what());
  }
}

std::vector<double> parse_numbers(const std::string& flag, const std::string& text) {
  std::vector<double> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    try {
      out.push_back(parse_number(item));
    } catch (const ConfigError&) {
      throw UsageError(flag + ": '" + text + "' is not a comma-separated list of finite numbers");
    }
  }
  if (out.empty()) throw UsageError(flag + ": needs at least one number");
  return out;
}

std::string problem_choices() {
  std::string out;
  for (const auto& name : problem_names()) out += (out.empty() ? "" : "|") + name;
  return out;
}

}  // namespace ml::cli
