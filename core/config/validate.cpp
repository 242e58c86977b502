// A whole configuration re-checked: each value against the table, then the rules that tie keys
// to the problem.
#include "core/api/config.h"
#include "core/problems/registry.h"

namespace ml {

void validate(const Config& config) {
  Config copy = config;
  for (const auto& p : parameter_table()) set_parameter(copy, p.key, p.get(config));
  if (is_csv_problem(config.problem)) {
    if (config.x_cols.empty() || config.y_cols.empty())
      throw ConfigError("problem " + config.problem + " needs x_cols and y_cols (--x-cols a,b --y-cols c)");
    if (config.forward == "true")
      throw ConfigError("forward: a data set has no true simulator to train through; use forward learned");
    if (config.select_through == "simulator")
      throw ConfigError("select_through: a data set has no true simulator to select through; use forward");
  } else if (const ProblemSpec* spec = find_problem_spec(config.problem);
             spec && !spec->differentiable && config.forward == "true") {
    throw ConfigError("forward: " + config.problem +
                      "'s simulator is not differentiable, so g cannot train through it; use forward learned");
  } else if (is_torchscript_problem(config.problem)) {
    if (config.domain.empty())
      throw ConfigError("problem " + config.problem +
                        " needs domain: one lo:hi range per x dimension (--domain -1:1,-1:1)");
    if (!config.prior.empty() && parse_prior(config.prior).size() != parse_domain(config.domain).lo.size())
      throw ConfigError("prior: has " + std::to_string(parse_prior(config.prior).size()) + " item(s) but domain " +
                        std::to_string(parse_domain(config.domain).lo.size()) + " range(s); give one per x dimension");
  } else if (!config.domain.empty()) {
    throw ConfigError("domain: only a csv: data set's or a torchscript: simulator's box can be set; " + config.problem +
                      " has a fixed domain");
  }
  if (!is_torchscript_problem(config.problem) && !config.prior.empty())
    throw ConfigError("prior: only a torchscript: simulator's prior can be set; " + config.problem + " has its own");
}

}  // namespace ml
