// Presets and overrides: a problem's starting values, then the user's keys on top.
#include "core/api/config.h"
#include "core/problems/registry.h"

namespace ml {

Config preset_config(const std::string& problem, const std::string& preset) {
  const ProblemSpec* spec = find_problem_spec(problem);
  if (!is_csv_problem(problem) && !is_torchscript_problem(problem) && !spec)
    throw ConfigError("unknown problem '" + problem + "' (known: " + known_problems_text() + ")");
  Config c;  // the struct's defaults are the quick preset for the sine wave
  c.problem = problem;
  c.preset = preset;
  if (preset == "quick") {
    // Measured on 2 CPU cores (scripts/acceptance.sh): smooth SiLU networks with a one-cycle
    // schedule peaking at 1e-2 reach a forward test MSE near 2e-5 on the sine wave and the arm in
    // about 25 s. Each problem's plug-in adjusts it (core/problems/<name>/).
    if (spec && spec->quick) spec->quick(c);
  } else if (preset == "paper") {
    // METHOD.md section 2: the reference code's settings; the plug-in sets the network sizes.
    c.activation_forward = c.activation_inverse = "relu";
    c.batchnorm_forward = c.batchnorm_inverse = true;
    c.epochs_forward = c.epochs_inverse = 500;
    c.lr_forward = c.lr_inverse = 1e-3;
    c.weight_decay_forward = 5e-4;
    c.weight_decay_inverse = 0.0;
    c.lr_schedule_forward = c.lr_schedule_inverse = "plateau";
    c.grad_clip_inverse = 0.0;  // the reference code does not clip
    c.inverse_retries = 0;      // and trains each network once
    c.refine_steps = 0;         // answers with the networks' own proposals
    c.trust_weight = 0;         // selected by f's fit alone
    c.batch = 1024;
    c.lambda = 0.02;
    c.sigma2 = 0.04;
    c.boundary_weight = 100.0;
    c.schedule = "sequential";
    // The benchmark's generative settings where they are shared (BDIMNNA's parameters.txt):
    // Adam 1e-3 on a plateau schedule, 500 epochs; widths per problem from the plug-in.
    c.gen_epochs = 500;
    c.gen_lr = 1e-3;
    c.gen_lr_schedule = "plateau";
    if (spec && spec->paper) spec->paper(c);
    if (!spec) {  // a user's problem: the robot arm's sizes, as before problems were plug-ins
      c.hidden_forward = {300, 300};
      c.hidden_inverse = {500, 500, 500};
    }
  } else {
    throw ConfigError("unknown preset '" + preset + "' (known: quick, paper)");
  }
  return c;
}

void set_parameter(Config& config, const std::string& key, const std::string& value) {
  const auto alias = parameter_aliases().find(key);
  if (alias != parameter_aliases().end()) {
    for (const auto& k : alias->second) set_parameter(config, k, value);
    return;
  }
  const ParamSpec* p = find_parameter(key);
  if (!p) throw ConfigError("unknown parameter '" + printable(key) + "'");
  try {
    p->set(config, value);
  } catch (const ConfigError& e) {
    throw ConfigError(key + ": " + printable(e.what()));
  }
}

Config resolve_config(const std::map<std::string, std::string>& overrides) {
  Config probe;
  for (const char* key : {"problem", "preset"}) {
    const auto it = overrides.find(key);
    if (it != overrides.end()) set_parameter(probe, key, it->second);
  }
  Config c = preset_config(probe.problem, probe.preset);
  // Aliases first, so that a specific key given alongside its alias wins.
  for (const auto& [key, value] : overrides)
    if (parameter_aliases().count(key)) set_parameter(c, key, value);
  for (const auto& [key, value] : overrides)
    if (!parameter_aliases().count(key) && key != "problem" && key != "preset") set_parameter(c, key, value);
  return c;
}

}  // namespace ml
