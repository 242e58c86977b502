// The parameter table: every parameter described once. CLI flags, JSON keys, GUI controls and
// their tooltips are generated from it.
#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <tuple>

#include "core/api/config.h"
#include "core/api/control.h"
#include "core/problems/registry.h"

namespace ml {
namespace {

std::string join_ints(const std::vector<int>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + std::to_string(v[i]);
  return out;
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

ParamSpec number_param(std::string key, std::string label, ParamType type, double min, double max, ParamGroup group,
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
  p.group = group;
  p.help = std::move(help);
  p.units = std::move(o.units);
  return p;
}

ParamSpec int_param(std::string key, std::string label, int Config::*field, double min, double max, ParamGroup group,
                    std::string help, NumberOptions options = {}) {
  ParamSpec p = number_param(std::move(key), std::move(label), ParamType::Int, min, max, group, std::move(help),
                             std::move(options));
  p.get = [field](const Config& c) { return std::to_string(c.*field); };
  p.set = [field, p](Config& c, const std::string& v) { c.*field = static_cast<int>(parse_number(v, p.range())); };
  return p;
}

/// A real parameter's value as training uses it, in float32: one that is 0 or infinite there (or
/// so small it loses its precision) would be accepted here and then divide by zero or overflow
/// mid-run, with a misleading message (σ² = 1e-50 diverged with advice to lower the learning rate).
double parse_float32_real(const std::string& text, const NumberRange& range) {
  const double v = parse_number(text, range);
  const double magnitude = std::fabs(v);
  if (v != 0 && magnitude < std::numeric_limits<float>::min())
    throw ConfigError(trim(text) + " is below float32's smallest normal number (" +
                      format_real(std::numeric_limits<float>::min()) +
                      "), the precision training uses: it would be 0 there or lose its precision");
  if (magnitude > std::numeric_limits<float>::max())
    throw ConfigError(trim(text) + " is above float32's largest number (" +
                      format_real(std::numeric_limits<float>::max()) + "), the precision training uses");
  return v;
}

ParamSpec real_param(std::string key, std::string label, double Config::*field, double min, double max,
                     ParamGroup group, std::string help, NumberOptions options = {}) {
  ParamSpec p = number_param(std::move(key), std::move(label), ParamType::Real, min, max, group, std::move(help),
                             std::move(options));
  p.real_field = field;
  p.get = [field](const Config& c) { return format_real(c.*field); };
  p.set = [field, p](Config& c, const std::string& v) { c.*field = parse_float32_real(v, p.range()); };
  return p;
}

ParamSpec choice_param(std::string key, std::string label, std::string Config::*field, std::vector<std::string> choices,
                       ParamGroup group, std::string help) {
  ParamSpec p;
  p.key = std::move(key);
  p.label = std::move(label);
  p.type = ParamType::Choice;
  p.choices = std::move(choices);
  p.group = group;
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

ParamSpec bool_param(std::string key, std::string label, bool Config::*field, ParamGroup group, std::string help) {
  ParamSpec p;
  p.key = std::move(key);
  p.label = std::move(label);
  p.type = ParamType::Bool;
  p.group = group;
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

ParamSpec sizes_param(std::string key, std::string label, std::vector<int> Config::*field, ParamGroup group,
                      std::string help) {
  ParamSpec p;
  p.key = std::move(key);
  p.label = std::move(label);
  p.type = ParamType::IntList;
  p.min = 1;
  p.max = 4096;
  p.group = group;
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

/// A free-text data row: `check` throws ConfigError for a bad value; the field keeps it trimmed.
ParamSpec text_param(std::string key, std::string label, std::string Config::*field, ParamScope scope, std::string help,
                     std::function<void(const std::string&)> check) {
  ParamSpec p;
  p.key = std::move(key);
  p.label = std::move(label);
  p.type = ParamType::Text;
  p.group = ParamGroup::Data;
  p.scope = scope;
  p.help = std::move(help);
  p.get = [field](const Config& c) { return c.*field; };
  p.set = [field, check = std::move(check)](Config& c, const std::string& v) {
    check(v);
    c.*field = trim(v);
  };
  return p;
}

std::vector<ParamSpec> build_table() {
  const double big = std::numeric_limits<double>::max();
  std::vector<ParamSpec> t;
  {
    std::string known;
    for (const auto& spec : problem_registry()) known += spec.name + " (" + spec.description + "), ";
    ParamSpec p = choice_param("problem", "Problem", &Config::problem, problem_names(), ParamGroup::Data,
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
  t.push_back(choice_param("preset", "Preset", &Config::preset, preset_names(), ParamGroup::Data,
                           "Starting values for every setting: 'quick' is tuned for interactive CPU use, "
                           "'paper' reproduces the poster's reference code."));
  const auto one_line = [](const std::string& v) {
    if (v.find_first_of("\r\n") != std::string::npos) throw ConfigError("must be one line of column names");
  };
  for (auto [key, label, field, side] : {std::tuple{"x_cols", "x columns", &Config::x_cols, "x (the inverse's output)"},
                                         std::tuple{"y_cols", "y columns", &Config::y_cols, "y (the targets)"}})
    t.push_back(text_param(key, label, field, ParamScope::DataSet,
                           std::string("For a csv: problem, the columns that hold ") + side +
                               ": header names or 0-based indices, comma-separated.",
                           one_line));
  t.push_back(
      text_param("domain", "x domain", &Config::domain, ParamScope::UserProblem,
                 "For a csv: or torchscript: problem, the valid x box that the boundary loss keeps proposals in: lo:hi "
                 "per x dimension, comma-separated (e.g. -1:1,0:6.3). A data set without one uses its rows' bounding "
                 "box; a torchscript: simulator needs one (it gives x's size).",
                 [](const std::string& v) { parse_domain(v); }));
  t.push_back(
      text_param("prior", "x prior", &Config::prior, ParamScope::Script,
                 "For a torchscript: problem, where x is drawn from: normal:MEAN:SD or uniform per x dimension, "
                 "comma-separated (e.g. normal:0:0.5,uniform). Empty: uniform in the domain.",
                 [](const std::string& v) { parse_prior(v); }));
  t.push_back(int_param("samples", "Samples", &Config::samples, 20, 10000000, ParamGroup::Data,
                        "Number of (x, y) pairs drawn from the problem; 80 % train, 20 % test. "
                        "A data set uses all its rows."));
  t.back().scope = ParamScope::Drawn;
  t.push_back(real_param("train_fraction", "Train fraction", &Config::train_fraction, 0.05, 0.999, ParamGroup::Data,
                         "Share of the samples used for training; the rest are test targets."));
  {
    ParamSpec p;
    p.key = "seed";
    p.label = "Seed";
    p.type = ParamType::Int;
    p.min = 0;
    p.max = 2147483647;
    p.group = ParamGroup::Data;
    p.help =
        "Seeds the data, the split, the initial weights and the shuffling: the same seed gives the same run on CPU.";
    p.get = [](const Config& c) { return std::to_string(c.seed); };
    p.set = [p](Config& c, const std::string& v) { c.seed = static_cast<std::int64_t>(parse_number(v, p.range())); };
    t.push_back(p);
  }
  t.push_back(int_param("k", "Networks (k)", &Config::k, 1, 64, ParamGroup::Mixture,
                        "Number of inverse networks in the mixture; each can learn a different branch of solutions.",
                        NumberOptions().with_slider(1, 8)));
  t.push_back(real_param(
      "lambda", "Repulsion λ", &Config::lambda, 0, 100, ParamGroup::Mixture,
      "Strength of the repulsion that pushes each inverse network away from the earlier ones; 0 turns it off.",
      NumberOptions().live().log_slider(1e-4, 1.0).zero_at_left()));
  t.push_back(real_param(
      "sigma2", "Repulsion σ²", &Config::sigma2, 0, 1e4, ParamGroup::Mixture,
      "Length scale (squared) of the repulsion, in x units, or in standard deviations of x where the problem "
      "standardises x (ballistics, the Shell): proposals farther apart than about σ stop repelling.",
      NumberOptions().above_min().live().log_slider(1e-3, 10.0)));
  t.push_back(real_param("boundary_weight", "Boundary weight", &Config::boundary_weight, 0, 1e6, ParamGroup::Mixture,
                         "Weight of the loss that keeps inverse proposals inside the valid x box."));
  t.push_back(choice_param("schedule", "Schedule", &Config::schedule, {"sequential", "joint"}, ParamGroup::Mixture,
                           "How the k inverse networks are trained: 'sequential' trains one after another, "
                           "each repelled by the frozen earlier ones (the paper's schedule); 'joint' trains all "
                           "at once on the same batches, spread over the CPU cores, each repelled by the "
                           "current proposals of the earlier ones."));
  t.push_back(choice_param("inverse_targets", "Inverse targets", &Config::inverse_targets, {"train", "synthetic"},
                           ParamGroup::Mixture,
                           "Targets the inverse networks train on: the training set's y, or y = f(x) for fresh x "
                           "drawn from the prior (the poster's next step)."));
  t.push_back(choice_param("forward", "Train g through", &Config::forward, {"learned", "true"}, ParamGroup::Mixture,
                           "What the inverse networks train through and proposals are ranked by: the learned "
                           "forward model f (research runs), or the problem's true, differentiable simulator "
                           "(no f is trained: clean manifolds in seconds, for teaching). Outputs say which."));
  t.push_back(sizes_param("hidden_forward", "Forward hidden sizes", &Config::hidden_forward, ParamGroup::Forward,
                          "Widths of the forward network's hidden layers, comma-separated."));
  t.push_back(choice_param("activation_forward", "Forward activation", &Config::activation_forward,
                           activation_choices(), ParamGroup::Forward,
                           "Nonlinearity of the forward network's hidden layers."));
  t.push_back(
      bool_param("batchnorm_forward", "Forward batch norm", &Config::batchnorm_forward, ParamGroup::Forward,
                 "Batch normalisation after each hidden linear layer of the forward network (the paper's block)."));
  t.push_back(bool_param("residual_forward", "Forward residual", &Config::residual_forward, ParamGroup::Forward,
                         "Each hidden layer of the forward network as wide as its input adds that input "
                         "(h + act(W h + b)): deep forward models train further in the same time."));
  t.push_back(int_param("epochs_forward", "Forward epochs", &Config::epochs_forward, 1, 100000, ParamGroup::Forward,
                        "Passes over the training set for the forward network."));
  t.push_back(real_param("lr_forward", "Forward learning rate", &Config::lr_forward, 0, 10, ParamGroup::Forward,
                         "Adam's (peak) learning rate for the forward network.", NumberOptions().above_min()));
  t.push_back(real_param("weight_decay_forward", "Forward weight decay", &Config::weight_decay_forward, 0, 1,
                         ParamGroup::Forward, "L2 penalty (Adam weight decay) on the forward network's weights."));
  t.push_back(choice_param("lr_schedule_forward", "Forward LR schedule", &Config::lr_schedule_forward,
                           lr_schedule_choices(), ParamGroup::Forward,
                           "How the forward learning rate changes: plateau halves it when the epoch loss stalls; "
                           "onecycle warms up then anneals; cosine anneals from the start."));
  t.push_back(sizes_param("hidden_inverse", "Inverse hidden sizes", &Config::hidden_inverse, ParamGroup::Inverse,
                          "Widths of each inverse network's hidden layers, comma-separated."));
  t.push_back(choice_param("activation_inverse", "Inverse activation", &Config::activation_inverse,
                           activation_choices(), ParamGroup::Inverse,
                           "Nonlinearity of the inverse networks' hidden layers."));
  t.push_back(bool_param("batchnorm_inverse", "Inverse batch norm", &Config::batchnorm_inverse, ParamGroup::Inverse,
                         "Batch normalisation after each hidden linear layer of the inverse networks."));
  t.push_back(int_param("epochs_inverse", "Inverse epochs", &Config::epochs_inverse, 1, 100000, ParamGroup::Inverse,
                        "Passes over the training targets for each inverse network."));
  t.push_back(real_param("lr_inverse", "Inverse learning rate", &Config::lr_inverse, 0, 10, ParamGroup::Inverse,
                         "Adam's (peak) learning rate for the inverse networks; changes apply live.",
                         NumberOptions().above_min().live()));
  t.push_back(real_param("weight_decay_inverse", "Inverse weight decay", &Config::weight_decay_inverse, 0, 1,
                         ParamGroup::Inverse, "L2 penalty (Adam weight decay) on the inverse networks' weights."));
  t.push_back(choice_param("lr_schedule_inverse", "Inverse LR schedule", &Config::lr_schedule_inverse,
                           lr_schedule_choices(), ParamGroup::Inverse,
                           "How each inverse network's learning rate changes over its epochs."));
  t.push_back(real_param("grad_clip_inverse", "Inverse gradient clip", &Config::grad_clip_inverse, 0, 1e6,
                         ParamGroup::Inverse,
                         "Largest gradient norm of each inverse network per step; larger gradients are scaled "
                         "down to it. Keeps a network that repulsion pushes off an earlier branch at the "
                         "learning rate's peak from blowing up. 0 turns it off."));
  t.push_back(int_param("inverse_retries", "Inverse retries", &Config::inverse_retries, 0, 20, ParamGroup::Inverse,
                        "Sequential schedule: how often an inverse network is retrained from fresh weights "
                        "while its own proposal is valid (re-simulation MSE below tau) for under 90 % of the "
                        "validation targets (fresh draws from the prior, never the test targets; a data set's "
                        "training targets); the attempt with the highest such share is kept. 0 trains each once."));
  t.push_back(int_param("refine_steps", "Refine steps", &Config::refine_steps, 0, 100000, ParamGroup::Mixture,
                        "Refinement: each network's proposal for a target is a start for this many Adam steps "
                        "on x through the frozen forward model (fit + boundary loss, kept inside the box); each "
                        "network then answers with the better of its proposal and the refined point. 0 turns "
                        "it off."));
  t.push_back(real_param("refine_lr", "Refine step size", &Config::refine_lr, 0, 1, ParamGroup::Mixture,
                         "Refinement's Adam step size, as a share of the box's width on each axis.",
                         NumberOptions().above_min()));
  t.push_back(real_param("trust_weight", "Trust weight", &Config::trust_weight, 0, 1e6, ParamGroup::Mixture,
                         "Selection through f distrusts x far from the training inputs, where f was never fit: "
                         "each unit of squared Mahalanobis distance beyond the chi-square's mean + 3 standard "
                         "deviations adds this many tau to a proposal's score. 0 selects by f's fit alone."));
  t.push_back(bool_param("refine_trust", "Refine towards trust", &Config::refine_trust, ParamGroup::Mixture,
                         "Refinement also descends the trust penalty (trust weight), so a proposal far out where "
                         "f was never fit slides along the solutions towards where f can be believed."));
  t.push_back(choice_param("select_through", "Select through", &Config::select_through, {"forward", "simulator"},
                           ParamGroup::Mixture,
                           "What picks each target's answer among the proposals: the forward model f (as a user "
                           "without a simulator must), or the true simulator where the problem has one (the "
                           "benchmark's best-of-T; metrics always report both)."));
  t.push_back(int_param("batch", "Batch size", &Config::batch, 2, 1000000, ParamGroup::Forward,
                        "Samples per optimisation step, for the forward and the inverse networks."));
  t.push_back(int_param("na_starts", "NA starts (B)", &Config::na_starts, 1, 1000000, ParamGroup::Baselines,
                        "Neural adjoint: starting points per target, drawn from the prior; each is refined "
                        "by gradient descent on x through the frozen forward model."));
  t.push_back(int_param("na_steps", "NA steps (T)", &Config::na_steps, 1, 100000, ParamGroup::Baselines,
                        "Neural adjoint: Adam steps on x per start."));
  t.push_back(real_param("na_lr", "NA learning rate", &Config::na_lr, 0, 100, ParamGroup::Baselines,
                         "Neural adjoint: Adam's learning rate on x, halved per target when its loss stalls "
                         "for 10 steps.",
                         NumberOptions().above_min()));
  t.push_back(sizes_param("gen_hidden", "Generative hidden sizes", &Config::gen_hidden, ParamGroup::Generative,
                          "MDN, cVAE and cINN: hidden widths of each of their networks (the MDN's one network, "
                          "the cVAE's encoder and decoder, every cINN coupling block's two sub-networks)."));
  t.push_back(int_param("gen_epochs", "Generative epochs", &Config::gen_epochs, 1, 100000, ParamGroup::Generative,
                        "MDN, cVAE and cINN: passes over the training set, each model on its own."));
  t.push_back(real_param("gen_lr", "Generative learning rate", &Config::gen_lr, 0, 10, ParamGroup::Generative,
                         "MDN, cVAE and cINN: Adam's (peak) learning rate.", NumberOptions().above_min()));
  t.push_back(choice_param("gen_lr_schedule", "Generative LR schedule", &Config::gen_lr_schedule, lr_schedule_choices(),
                           ParamGroup::Generative,
                           "MDN, cVAE and cINN: how the learning rate changes over the epochs."));
  t.push_back(int_param("gen_batch", "Generative batch size", &Config::gen_batch, 2, 1000000, ParamGroup::Generative,
                        "MDN, cVAE and cINN: training rows per optimisation step."));
  t.push_back(int_param("gen_samples", "Generative samples (T)", &Config::gen_samples, 1, 100000,
                        ParamGroup::Generative,
                        "MDN, cVAE and cINN: samples drawn per target; they are ranked by the forward model's "
                        "fit + boundary loss, like neural adjoint's candidates."));
  t.push_back(int_param("mdn_components", "MDN components", &Config::mdn_components, 1, 1000, ParamGroup::Generative,
                        "Mixture density network: Gaussians (diagonal covariance) in the mixture over x."));
  t.push_back(int_param("cvae_latent", "cVAE latent size", &Config::cvae_latent, 1, 1000, ParamGroup::Generative,
                        "Conditional VAE: dimensions of the latent z that the decoder maps, with y, to x."));
  t.push_back(real_param("cvae_kl", "cVAE KL weight", &Config::cvae_kl, 0, 1e4, ParamGroup::Generative,
                         "Conditional VAE: weight of the KL term against the reconstruction error (summed over "
                         "x's standardised dimensions); larger pulls the posterior to the prior."));
  t.push_back(int_param("cinn_blocks", "cINN coupling blocks", &Config::cinn_blocks, 1, 100, ParamGroup::Generative,
                        "Conditional invertible network: affine coupling blocks (each followed by a fixed random "
                        "permutation). Needs at least 2 x dimensions."));
  t.push_back(choice_param("device", "Device", &Config::device, {"auto", "cpu", "cuda"}, ParamGroup::Runtime,
                           "Where tensors live: 'auto' takes CUDA when a GPU is usable, else the CPU."));
  t.push_back(int_param(
      "threads", "Threads", &Config::threads, 0, 1024, ParamGroup::Runtime,
      "CPU threads for LibTorch; 0 picks: one for small networks (faster here, measured), every core otherwise."));
  t.push_back(int_param("report_every", "Report every", &Config::report_every, 1, 1000000, ParamGroup::Runtime,
                        "Optimisation steps between progress reports (and loss reads from the device).",
                        NumberOptions().in("steps")));
  (void)big;
  return t;
}

}  // namespace

NumberRange ParamSpec::range() const {
  return NumberRange{min, max, min_exclusive, type == ParamType::Int || type == ParamType::IntList};
}

std::string ParamSpec::flag() const {
  std::string f = "--" + key;
  std::replace(f.begin(), f.end(), '_', '-');
  return f;
}

const std::vector<std::string>& activation_choices() {
  static const std::vector<std::string> choices{"relu", "silu", "tanh"};
  return choices;
}

const std::vector<std::string>& lr_schedule_choices() {
  static const std::vector<std::string> choices{"constant", "plateau", "onecycle", "cosine"};
  return choices;
}

const std::vector<ParamGroupSpec>& parameter_groups() {
  static const std::vector<ParamGroupSpec> groups{{ParamGroup::Data, "Problem and data"},
                                                  {ParamGroup::Mixture, "Mixture"},
                                                  {ParamGroup::Forward, "Forward network f"},
                                                  {ParamGroup::Inverse, "Inverse networks g"},
                                                  {ParamGroup::Baselines, "Baselines"},
                                                  {ParamGroup::Generative, "Generative baselines"},
                                                  {ParamGroup::Runtime, "Runtime"}};
  return groups;
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

}  // namespace ml
