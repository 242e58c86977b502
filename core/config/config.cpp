#include "core/api/config.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

#include "core/api/control.h"
#include "core/problems/registry.h"

namespace ml {
namespace {

using json = nlohmann::json;

std::string format_real(double v) {
  std::ostringstream os;
  os.precision(12);
  os << v;
  return os.str();
}

std::string join_ints(const std::vector<int>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + std::to_string(v[i]);
  return out;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::string range_text(const NumberRange& r) {
  const bool low = r.min > std::numeric_limits<double>::lowest(), high = r.max < std::numeric_limits<double>::max();
  std::ostringstream os;
  if (low) os << (r.min_exclusive ? " > " : " >= ") << format_real(r.min);
  if (low && high) os << " and";
  if (high) os << " <= " << format_real(r.max);
  return os.str();
}

/// A number row's options by name, so that the table reads `.above_min().live()` rather than a
/// row of bare bools.
struct NumberOptions {
  bool min_exclusive = false;
  bool hot = false;
  SliderHint slider;
  std::string units;
  NumberOptions& above_min() {
    min_exclusive = true;
    return *this;
  }
  NumberOptions& live() {
    hot = true;
    return *this;
  }
  NumberOptions& with_slider(double lo, double hi) {
    slider.min = lo;
    slider.max = hi;
    return *this;
  }
  NumberOptions& log_slider(double lo, double hi) {
    with_slider(lo, hi).slider.log = true;
    return *this;
  }
  NumberOptions& zero_at_left() {
    slider.zero_at_left = true;
    return *this;
  }
  NumberOptions& in(std::string u) {
    units = std::move(u);
    return *this;
  }
};

ParamSpec number_param(std::string key, std::string label, ParamType type, double min, double max, std::string group,
                       std::string help, NumberOptions o) {
  ParamSpec p;
  p.key = std::move(key);
  p.label = std::move(label);
  p.type = type;
  p.min = min;
  p.max = max;
  p.min_exclusive = o.min_exclusive;
  p.hot = o.hot;
  p.slider = o.slider;
  p.group = std::move(group);
  p.help = std::move(help);
  p.units = std::move(o.units);
  return p;
}

ParamSpec int_param(std::string key, std::string label, int Config::*field, double min, double max, std::string group,
                    std::string help, NumberOptions options = {}) {
  ParamSpec p = number_param(std::move(key), std::move(label), ParamType::Int, min, max, std::move(group),
                             std::move(help), std::move(options));
  p.get = [field](const Config& c) { return std::to_string(c.*field); };
  p.set = [field, p](Config& c, const std::string& v) { c.*field = static_cast<int>(parse_number(v, p.range())); };
  return p;
}

ParamSpec real_param(std::string key, std::string label, double Config::*field, double min, double max,
                     std::string group, std::string help, NumberOptions options = {}) {
  ParamSpec p = number_param(std::move(key), std::move(label), ParamType::Real, min, max, std::move(group),
                             std::move(help), std::move(options));
  p.real_field = field;
  p.get = [field](const Config& c) { return format_real(c.*field); };
  p.set = [field, p](Config& c, const std::string& v) { c.*field = parse_number(v, p.range()); };
  return p;
}

ParamSpec choice_param(std::string key, std::string label, std::string Config::*field, std::vector<std::string> choices,
                       std::string group, std::string help) {
  ParamSpec p;
  p.key = std::move(key);
  p.label = std::move(label);
  p.type = ParamType::Choice;
  p.choices = std::move(choices);
  p.group = std::move(group);
  p.help = std::move(help);
  p.get = [field](const Config& c) { return c.*field; };
  p.set = [field, choices = p.choices](Config& c, const std::string& v) {
    const std::string t = trim(v);
    if (std::find(choices.begin(), choices.end(), t) == choices.end()) {
      std::string list;
      for (const auto& ch : choices) list += (list.empty() ? "" : "|") + ch;
      throw ConfigError("must be one of " + list + " (got '" + v + "')");
    }
    c.*field = t;
  };
  return p;
}

ParamSpec bool_param(std::string key, std::string label, bool Config::*field, std::string group, std::string help) {
  ParamSpec p;
  p.key = std::move(key);
  p.label = std::move(label);
  p.type = ParamType::Bool;
  p.group = std::move(group);
  p.help = std::move(help);
  p.get = [field](const Config& c) { return std::string(c.*field ? "true" : "false"); };
  p.set = [field](Config& c, const std::string& v) {
    const std::string t = trim(v);
    if (t == "true" || t == "1" || t == "on" || t == "yes")
      c.*field = true;
    else if (t == "false" || t == "0" || t == "off" || t == "no")
      c.*field = false;
    else
      throw ConfigError("must be true or false (got '" + v + "')");
  };
  return p;
}

ParamSpec sizes_param(std::string key, std::string label, std::vector<int> Config::*field, std::string group,
                      std::string help) {
  ParamSpec p;
  p.key = std::move(key);
  p.label = std::move(label);
  p.type = ParamType::IntList;
  p.min = 1;
  p.max = 4096;
  p.group = std::move(group);
  p.help = std::move(help);
  p.get = [field](const Config& c) { return join_ints(c.*field); };
  p.set = [field, p](Config& c, const std::string& v) {
    std::vector<int> sizes;
    std::stringstream ss(v);
    std::string item;
    while (std::getline(ss, item, ',')) {
      if (trim(item).empty())
        throw ConfigError("must be comma-separated layer widths like 128,128,128 (got '" + v + "')");
      sizes.push_back(static_cast<int>(parse_number(item, p.range())));
    }
    if (sizes.empty() || sizes.size() > 16)
      throw ConfigError("must list 1 to 16 layer widths like 128,128,128 (got '" + v + "')");
    c.*field = sizes;
  };
  return p;
}

std::vector<ParamSpec> build_table() {
  const double big = std::numeric_limits<double>::max();
  std::vector<ParamSpec> t;
  {
    std::string known;
    for (const auto& spec : problem_registry()) known += spec.name + " (" + spec.description + "), ";
    ParamSpec p = choice_param("problem", "Problem", &Config::problem, problem_names(), "data",
                               "The forward problem whose inverse is learned: " + known +
                                   "csv:FILE, your data set (with x_cols and y_cols; no true simulator, so "
                                   "errors are measured through the forward model), or torchscript:FILE, your "
                                   "TorchScript simulator forward(x[N, D]) -> y[N, M] (with domain and prior).");
    const auto choose = p.set;
    p.set = [choose](Config& c, const std::string& v) {
      const std::string t = trim(v);
      if (is_torchscript_problem(t)) {
        if (torchscript_path(t).empty())
          throw ConfigError("torchscript: needs a file, as in torchscript:sim.pt (got '" + v + "')");
        c.problem = t;
        return;
      }
      if (!is_csv_problem(t)) return choose(c, v);
      if (csv_path(t).empty()) throw ConfigError("csv: needs a file, as in csv:data.csv (got '" + v + "')");
      c.problem = t;
    };
    p.open_choice = "csv:FILE|torchscript:FILE";
    t.push_back(p);
  }
  t.push_back(choice_param("preset", "Preset", &Config::preset, preset_names(), "data",
                           "Starting values for every setting: 'quick' is tuned for interactive CPU use, "
                           "'paper' reproduces the poster's reference code."));
  for (auto [key, label, field, side] : {std::tuple{"x_cols", "x columns", &Config::x_cols, "x (the inverse's output)"},
                                         std::tuple{"y_cols", "y columns", &Config::y_cols, "y (the targets)"}}) {
    ParamSpec p;
    p.key = key;
    p.label = label;
    p.type = ParamType::Text;
    p.group = "data";
    p.scope = ParamScope::DataSet;
    p.help = std::string("For a csv: problem, the columns that hold ") + side +
             ": header names or 0-based indices, comma-separated.";
    p.get = [field = field](const Config& c) { return c.*field; };
    p.set = [field = field](Config& c, const std::string& v) {
      if (v.find_first_of("\r\n") != std::string::npos) throw ConfigError("must be one line of column names");
      c.*field = trim(v);
    };
    t.push_back(p);
  }
  {
    ParamSpec p;
    p.key = "domain";
    p.label = "x domain";
    p.type = ParamType::Text;
    p.scope = ParamScope::UserProblem;
    p.group = "data";
    p.help =
        "For a csv: or torchscript: problem, the valid x box that the boundary loss keeps proposals in: lo:hi "
        "per x dimension, comma-separated (e.g. -1:1,0:6.3). A data set without one uses its rows' bounding "
        "box; a torchscript: simulator needs one (it gives x's size).";
    p.get = [](const Config& c) { return c.domain; };
    p.set = [](Config& c, const std::string& v) {
      parse_domain(v);
      c.domain = trim(v);
    };
    t.push_back(p);
  }
  {
    ParamSpec p;
    p.key = "prior";
    p.label = "x prior";
    p.type = ParamType::Text;
    p.scope = ParamScope::Script;
    p.group = "data";
    p.help =
        "For a torchscript: problem, where x is drawn from: normal:MEAN:SD or uniform per x dimension, "
        "comma-separated (e.g. normal:0:0.5,uniform). Empty: uniform in the domain.";
    p.get = [](const Config& c) { return c.prior; };
    p.set = [](Config& c, const std::string& v) {
      parse_prior(v);
      c.prior = trim(v);
    };
    t.push_back(p);
  }
  t.push_back(int_param("samples", "Samples", &Config::samples, 20, 10000000, "data",
                        "Number of (x, y) pairs drawn from the problem; 80 % train, 20 % test. "
                        "A data set uses all its rows."));
  t.back().scope = ParamScope::Drawn;
  t.push_back(real_param("train_fraction", "Train fraction", &Config::train_fraction, 0.05, 0.95, "data",
                         "Share of the samples used for training; the rest are test targets."));
  {
    ParamSpec p;
    p.key = "seed";
    p.label = "Seed";
    p.type = ParamType::Int;
    p.min = 0;
    p.max = 2147483647;
    p.group = "data";
    p.help =
        "Seeds the data, the split, the initial weights and the shuffling: the same seed gives the same run on CPU.";
    p.get = [](const Config& c) { return std::to_string(c.seed); };
    p.set = [p](Config& c, const std::string& v) { c.seed = static_cast<std::int64_t>(parse_number(v, p.range())); };
    t.push_back(p);
  }
  t.push_back(int_param("k", "Networks (k)", &Config::k, 1, 64, "mixture",
                        "Number of inverse networks in the mixture; each can learn a different branch of solutions.",
                        NumberOptions().with_slider(1, 8)));
  t.push_back(real_param(
      "lambda", "Repulsion λ", &Config::lambda, 0, 100, "mixture",
      "Strength of the repulsion that pushes each inverse network away from the earlier ones; 0 turns it off.",
      NumberOptions().live().log_slider(1e-4, 1.0).zero_at_left()));
  t.push_back(real_param(
      "sigma2", "Repulsion σ²", &Config::sigma2, 0, 1e4, "mixture",
      "Length scale (squared, in x units) of the repulsion: proposals farther apart than about σ stop repelling.",
      NumberOptions().above_min().live().log_slider(1e-3, 10.0)));
  t.push_back(real_param("boundary_weight", "Boundary weight", &Config::boundary_weight, 0, 1e6, "mixture",
                         "Weight of the loss that keeps inverse proposals inside the valid x box."));
  t.push_back(choice_param("schedule", "Schedule", &Config::schedule, {"sequential", "joint"}, "mixture",
                           "How the k inverse networks are trained: 'sequential' trains one after another, "
                           "each repelled by the frozen earlier ones (the paper's schedule); 'joint' trains all "
                           "at once on the same batches, spread over the CPU cores, each repelled by the "
                           "current proposals of the earlier ones."));
  t.push_back(choice_param("inverse_targets", "Inverse targets", &Config::inverse_targets, {"train", "synthetic"},
                           "mixture",
                           "Targets the inverse networks train on: the training set's y, or y = f(x) for fresh x "
                           "drawn from the prior (the poster's next step)."));
  t.push_back(choice_param("forward", "Train g through", &Config::forward, {"learned", "true"}, "mixture",
                           "What the inverse networks train through and proposals are ranked by: the learned "
                           "forward model f (research runs), or the problem's true, differentiable simulator "
                           "(no f is trained: clean manifolds in seconds, for teaching). Outputs say which."));
  t.push_back(sizes_param("hidden_forward", "Forward hidden sizes", &Config::hidden_forward, "forward",
                          "Widths of the forward network's hidden layers, comma-separated."));
  t.push_back(choice_param("activation_forward", "Forward activation", &Config::activation_forward,
                           {"relu", "silu", "tanh"}, "forward",
                           "Nonlinearity of the forward network's hidden layers."));
  t.push_back(
      bool_param("batchnorm_forward", "Forward batch norm", &Config::batchnorm_forward, "forward",
                 "Batch normalisation after each hidden linear layer of the forward network (the paper's block)."));
  t.push_back(int_param("epochs_forward", "Forward epochs", &Config::epochs_forward, 1, 100000, "forward",
                        "Passes over the training set for the forward network."));
  t.push_back(real_param("lr_forward", "Forward learning rate", &Config::lr_forward, 0, 10, "forward",
                         "Adam's (peak) learning rate for the forward network.", NumberOptions().above_min()));
  t.push_back(real_param("weight_decay_forward", "Forward weight decay", &Config::weight_decay_forward, 0, 1, "forward",
                         "L2 penalty (Adam weight decay) on the forward network's weights."));
  t.push_back(choice_param("lr_schedule_forward", "Forward LR schedule", &Config::lr_schedule_forward,
                           {"constant", "plateau", "onecycle", "cosine"}, "forward",
                           "How the forward learning rate changes: plateau halves it when the epoch loss stalls; "
                           "onecycle warms up then anneals; cosine anneals from the start."));
  t.push_back(sizes_param("hidden_inverse", "Inverse hidden sizes", &Config::hidden_inverse, "inverse",
                          "Widths of each inverse network's hidden layers, comma-separated."));
  t.push_back(choice_param("activation_inverse", "Inverse activation", &Config::activation_inverse,
                           {"relu", "silu", "tanh"}, "inverse",
                           "Nonlinearity of the inverse networks' hidden layers."));
  t.push_back(bool_param("batchnorm_inverse", "Inverse batch norm", &Config::batchnorm_inverse, "inverse",
                         "Batch normalisation after each hidden linear layer of the inverse networks."));
  t.push_back(int_param("epochs_inverse", "Inverse epochs", &Config::epochs_inverse, 1, 100000, "inverse",
                        "Passes over the training targets for each inverse network."));
  t.push_back(real_param("lr_inverse", "Inverse learning rate", &Config::lr_inverse, 0, 10, "inverse",
                         "Adam's (peak) learning rate for the inverse networks; changes apply live.",
                         NumberOptions().above_min().live()));
  t.push_back(real_param("weight_decay_inverse", "Inverse weight decay", &Config::weight_decay_inverse, 0, 1, "inverse",
                         "L2 penalty (Adam weight decay) on the inverse networks' weights."));
  t.push_back(choice_param("lr_schedule_inverse", "Inverse LR schedule", &Config::lr_schedule_inverse,
                           {"constant", "plateau", "onecycle", "cosine"}, "inverse",
                           "How each inverse network's learning rate changes over its epochs."));
  t.push_back(real_param("grad_clip_inverse", "Inverse gradient clip", &Config::grad_clip_inverse, 0, 1e6, "inverse",
                         "Largest gradient norm of each inverse network per step; larger gradients are scaled "
                         "down to it. Keeps a network that repulsion pushes off an earlier branch at the "
                         "learning rate's peak from blowing up. 0 turns it off."));
  t.push_back(int_param("inverse_retries", "Inverse retries", &Config::inverse_retries, 0, 20, "inverse",
                        "Sequential schedule: how often an inverse network is retrained from fresh weights "
                        "when its own re-simulation MSE stays above the validity threshold tau on validation "
                        "targets (fresh draws from the prior, never the test targets; a data set's training "
                        "targets); the attempt with the lowest such error is kept. 0 trains each once."));
  t.push_back(int_param("batch", "Batch size", &Config::batch, 2, 1000000, "forward",
                        "Samples per optimisation step, for the forward and the inverse networks."));
  t.push_back(int_param("na_starts", "NA starts (B)", &Config::na_starts, 1, 1000000, "baselines",
                        "Neural adjoint: starting points per target, drawn from the prior; each is refined "
                        "by gradient descent on x through the frozen forward model."));
  t.push_back(int_param("na_steps", "NA steps (T)", &Config::na_steps, 1, 100000, "baselines",
                        "Neural adjoint: Adam steps on x per start."));
  t.push_back(real_param("na_lr", "NA learning rate", &Config::na_lr, 0, 100, "baselines",
                         "Neural adjoint: Adam's learning rate on x, halved per target when its loss stalls "
                         "for 10 steps.",
                         NumberOptions().above_min()));
  t.push_back(sizes_param("gen_hidden", "Generative hidden sizes", &Config::gen_hidden, "generative",
                          "MDN, cVAE and cINN: hidden widths of each of their networks (the MDN's one network, "
                          "the cVAE's encoder and decoder, every cINN coupling block's two sub-networks)."));
  t.push_back(int_param("gen_epochs", "Generative epochs", &Config::gen_epochs, 1, 100000, "generative",
                        "MDN, cVAE and cINN: passes over the training set, each model on its own."));
  t.push_back(real_param("gen_lr", "Generative learning rate", &Config::gen_lr, 0, 10, "generative",
                         "MDN, cVAE and cINN: Adam's (peak) learning rate.", NumberOptions().above_min()));
  t.push_back(choice_param("gen_lr_schedule", "Generative LR schedule", &Config::gen_lr_schedule,
                           {"constant", "plateau", "onecycle", "cosine"}, "generative",
                           "MDN, cVAE and cINN: how the learning rate changes over the epochs."));
  t.push_back(int_param("gen_batch", "Generative batch size", &Config::gen_batch, 2, 1000000, "generative",
                        "MDN, cVAE and cINN: training rows per optimisation step."));
  t.push_back(int_param("gen_samples", "Generative samples (T)", &Config::gen_samples, 1, 100000, "generative",
                        "MDN, cVAE and cINN: samples drawn per target; they are ranked by the forward model's "
                        "fit + boundary loss, like neural adjoint's candidates."));
  t.push_back(int_param("mdn_components", "MDN components", &Config::mdn_components, 1, 1000, "generative",
                        "Mixture density network: Gaussians (diagonal covariance) in the mixture over x."));
  t.push_back(int_param("cvae_latent", "cVAE latent size", &Config::cvae_latent, 1, 1000, "generative",
                        "Conditional VAE: dimensions of the latent z that the decoder maps, with y, to x."));
  t.push_back(real_param("cvae_kl", "cVAE KL weight", &Config::cvae_kl, 0, 1e4, "generative",
                         "Conditional VAE: weight of the KL term against the reconstruction error (summed over "
                         "x's standardised dimensions); larger pulls the posterior to the prior."));
  t.push_back(int_param("cinn_blocks", "cINN coupling blocks", &Config::cinn_blocks, 1, 100, "generative",
                        "Conditional invertible network: affine coupling blocks (each followed by a fixed random "
                        "permutation). Needs at least 2 x dimensions."));
  t.push_back(choice_param("device", "Device", &Config::device, {"auto", "cpu", "cuda"}, "runtime",
                           "Where tensors live: 'auto' takes CUDA when a GPU is usable, else the CPU."));
  t.push_back(int_param(
      "threads", "Threads", &Config::threads, 0, 1024, "runtime",
      "CPU threads for LibTorch; 0 picks: one for small networks (faster here, measured), every core otherwise."));
  t.push_back(int_param("report_every", "Report every", &Config::report_every, 1, 1000000, "runtime",
                        "Optimisation steps between progress reports (and loss reads from the device).",
                        NumberOptions().in("steps")));
  (void)big;
  return t;
}

}  // namespace

double parse_number(const std::string& text, const NumberRange& r) {
  const std::string t = trim(text);
  const auto refused = [&](const std::string& got) {
    return ConfigError(std::string("must be ") + (r.integer ? "an integer" : "a number") + range_text(r) + " (got " +
                       got + ")");
  };
  std::size_t used = 0;
  double v = 0;
  try {
    v = r.integer ? static_cast<double>(std::stoll(t, &used)) : std::stod(t, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (t.empty() || used != t.size() || !std::isfinite(v)) throw refused("'" + text + "'");
  if (v < r.min || v > r.max || (r.min_exclusive && v <= r.min)) throw refused(t);
  return v;
}

NumberRange ParamSpec::range() const {
  return NumberRange{min, max, min_exclusive, type == ParamType::Int || type == ParamType::IntList};
}

std::string ParamSpec::flag() const {
  std::string f = "--" + key;
  std::replace(f.begin(), f.end(), '_', '-');
  return f;
}

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

namespace {

/// Numbers the hot entries: their slots in TrainControl.
std::vector<ParamSpec> with_hot_slots(std::vector<ParamSpec> table) {
  int slot = 0;
  for (auto& p : table)
    if (p.hot) p.hot_slot = slot++;
  if (slot > TrainControl::kHotSlots) throw std::logic_error("more hot parameters than TrainControl::kHotSlots");
  return table;
}

}  // namespace

const std::vector<ParamSpec>& parameter_table() {
  static const std::vector<ParamSpec> table = with_hot_slots(build_table());
  return table;
}

int hot_slot(double Config::*field) {
  for (const auto& p : parameter_table())
    if (p.real_field == field && p.hot) return p.hot_slot;
  throw std::logic_error("hot_slot: the field is not a hot parameter's");
}

const ParamSpec* find_parameter(const std::string& key) {
  for (const auto& p : parameter_table())
    if (p.key == key) return &p;
  return nullptr;
}

const std::map<std::string, std::vector<std::string>>& parameter_aliases() {
  static const std::map<std::string, std::vector<std::string>> aliases{
      {"hidden", {"hidden_forward", "hidden_inverse"}},
      {"lr", {"lr_forward", "lr_inverse"}},
      {"activation", {"activation_forward", "activation_inverse"}},
      {"batchnorm", {"batchnorm_forward", "batchnorm_inverse"}},
  };
  return aliases;
}

bool applies_to(const ParamSpec& p, const std::string& problem) {
  switch (p.scope) {
    case ParamScope::Drawn:
      return !is_csv_problem(problem);
    case ParamScope::DataSet:
      return is_csv_problem(problem);
    case ParamScope::UserProblem:
      return is_csv_problem(problem) || is_torchscript_problem(problem);
    case ParamScope::Script:
      return is_torchscript_problem(problem);
    default:
      return true;
  }
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

std::string printable(std::string_view text, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < text.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != 0x7f) {
      out += static_cast<char>(c);
      continue;
    }
    char hex[8];
    std::snprintf(hex, sizeof hex, "\\x%02x", c);
    out += hex;
  }
  if (text.size() > limit) out += "...";
  return out;
}

std::string file_name_safe(std::string text) {
  for (char& c : text)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') c = '_';
  return text;
}

bool is_csv_problem(const std::string& problem) { return problem.rfind("csv:", 0) == 0; }
std::string csv_path(const std::string& problem) { return is_csv_problem(problem) ? problem.substr(4) : ""; }
bool is_torchscript_problem(const std::string& problem) { return problem.rfind("torchscript:", 0) == 0; }
std::string torchscript_path(const std::string& problem) {
  return is_torchscript_problem(problem) ? problem.substr(12) : "";
}

std::string stable_hash(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
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

void validate(const Config& config) {
  Config copy = config;
  for (const auto& p : parameter_table()) set_parameter(copy, p.key, p.get(config));
  if (is_csv_problem(config.problem)) {
    if (config.x_cols.empty() || config.y_cols.empty())
      throw ConfigError("problem " + config.problem + " needs x_cols and y_cols (--x-cols a,b --y-cols c)");
    if (config.forward == "true")
      throw ConfigError("forward: a data set has no true simulator to train through; use forward learned");
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
