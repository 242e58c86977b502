#pragma once
/// The whole state of a run as one reproducible description, and the one table that
/// describes every parameter (key, label, type, range, hot/cold, help). CLI flags, JSON keys
/// and GUI controls are all generated from `parameter_table()`. Torch-free.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/api/box.h"
#include "core/platform/text.h"

namespace ml {

struct Config {
  // data
  /// A registered problem (core/problems/registry.h), "csv:FILE" (a data set) or "torchscript:FILE"
  /// (a user's TorchScript simulator).
  std::string problem = "sine";
  std::string x_cols, y_cols;  ///< a data set's x and y columns: header names or 0-based indices
  /// The x box as "lo:hi,lo:hi" of a data set (empty: the training rows' bounding box) or of a
  /// torchscript: simulator (required: it gives x's size).
  std::string domain;
  /// A torchscript: simulator's prior: "normal:MEAN:SD" or "uniform" per x dimension,
  /// comma-separated; empty: uniform in the domain.
  std::string prior;
  std::string preset = "quick";
  int samples = 10000;
  double train_fraction = 0.8;
  std::int64_t seed = 1;
  // mixture and its losses
  int k = 4;
  double lambda = 0.02;
  double sigma2 = 0.04;
  double boundary_weight = 100.0;
  std::string schedule = "sequential";
  std::string inverse_targets = "train";  ///< "train" or "synthetic" (fresh x from the prior, y = f(x))
  std::string forward = "learned";        ///< what g trains through: "learned" f, or the "true" simulator
  // forward network f: x -> y
  std::vector<int> hidden_forward{128, 128, 128};
  std::string activation_forward = "silu";
  bool batchnorm_forward = false;
  bool residual_forward = false;  ///< hidden layers as wide as their input add it (core/nn/residual_layer.h)
  int epochs_forward = 150;
  double lr_forward = 1e-2;
  double weight_decay_forward = 0.0;
  std::string lr_schedule_forward = "onecycle";
  // inverse networks g_m: y -> x
  std::vector<int> hidden_inverse{128, 128, 128};
  std::string activation_inverse = "silu";
  bool batchnorm_inverse = false;
  int epochs_inverse = 40;
  double lr_inverse = 1e-2;
  double weight_decay_inverse = 0.0;
  std::string lr_schedule_inverse = "onecycle";
  /// Each inverse network's gradient norm is clipped to this per step (0: off). Keeps a network
  /// that repulsion pushes off an earlier branch at the schedule's peak from blowing up.
  double grad_clip_inverse = 1.0;
  /// Sequential schedule: how often an inverse network whose re-simulation MSE on validation
  /// targets (fresh prior draws; a data set's training targets) stays above the problem's tau is
  /// retrained from fresh weights (the best attempt is kept). 0: train each once.
  int inverse_retries = 0;
  // answers: refinement from the k proposals and selection (core/train/refine.h, trust.h)
  int refine_steps = 100;                  ///< Adam steps on x through f from each proposal; 0: none
  double refine_lr = 0.005;                ///< refinement's step size, as a share of the box's width per axis
  double trust_weight = 0.1;               ///< selection's penalty beyond the training inputs' region, in units of tau
  bool refine_trust = true;                ///< refinement also descends the trust penalty
  std::string select_through = "forward";  ///< what picks the answer: the "forward" model, or the true "simulator"
  // both
  int batch = 128;
  // neural adjoint baseline (METHOD.md section 6; the benchmark's defaults)
  int na_starts = 2048;
  int na_steps = 300;
  double na_lr = 0.5;
  // generative baselines: MDN, cVAE, cINN (the benchmark's; core/baselines/generative.h)
  std::vector<int> gen_hidden{128, 128, 128};
  int gen_epochs = 60;
  double gen_lr = 3e-3;
  std::string gen_lr_schedule = "onecycle";
  int gen_batch = 256;
  int gen_samples = 50;
  int mdn_components = 13;
  int cvae_latent = 3;
  double cvae_kl = 0.02;
  int cinn_blocks = 10;
  // runtime
  std::string device = "auto";
  int threads = 0;  ///< 0: the hardware's concurrency
  int report_every = 25;
};

enum class ParamType { Int, Real, Bool, Choice, IntList, Text };
/// The box a parameter is shown in; the titles are in `parameter_groups()`.
enum class ParamGroup { Data, Mixture, Forward, Inverse, Baselines, Generative, Runtime };
struct ParamGroupSpec {
  ParamGroup group;
  std::string title;  ///< as the GUI heads the group's box
};
/// Every group in display order, with its title.
const std::vector<ParamGroupSpec>& parameter_groups();

/// The one list of each choice that the engine also branches on (the table's rows use them).
const std::vector<std::string>& activation_choices();   ///< relu, silu, tanh
const std::vector<std::string>& lr_schedule_choices();  ///< constant, plateau, onecycle, cosine
/// The problems a parameter means something for: every one, those drawn from a simulator's
/// prior (sine, robot-arm, torchscript:), a csv: data set, a user's problem (csv: or
/// torchscript:), or a torchscript: simulator.
enum class ParamScope { Any, Drawn, DataSet, UserProblem, Script };

/// A slider beside a number's spin box in the GUI, over the values a teacher sweeps by hand (the
/// spin box keeps the parameter's whole range). None when max <= min.
struct SliderHint {
  double min = 0, max = 0;
  bool log = false;           ///< positions evenly spaced in log10; needs min > 0
  bool zero_at_left = false;  ///< with log: the far-left position is exactly 0 ("off")
  bool shown() const { return max > min; }
};

/// One parameter, described once.
struct ParamSpec {
  std::string key;    ///< JSON key; CLI flag is "--" + key with '_' -> '-'
  std::string label;  ///< short GUI label
  ParamType type = ParamType::Real;
  double min = 0, max = 0;     ///< inclusive range for Int/Real (IntList: per item)
  bool min_exclusive = false;  ///< e.g. sigma2 > 0
  SliderHint slider;           ///< the GUI's slider, for the values a lesson moves
  std::vector<std::string> choices;
  std::string open_choice;  ///< a Choice's values beyond `choices`, as shown to users ("csv:FILE")
  ParamScope scope = ParamScope::Any;
  bool hot = false;   ///< applies live to a running inverse training; cold needs a restart
  int hot_slot = -1;  ///< a hot parameter's slot in TrainControl, numbered by the table; -1 when cold
  double Config::*real_field = nullptr;  ///< a Real parameter's field (how trainers name a hot one)
  ParamGroup group = ParamGroup::Data;
  std::string help;  ///< one or two sentences
  std::string units;
  std::function<std::string(const Config&)> get;         ///< value as text
  std::function<void(Config&, const std::string&)> set;  ///< parses + validates; throws ConfigError

  std::string flag() const;
  /// min, max and min_exclusive as a NumberRange, whole numbers for Int and IntList.
  NumberRange range() const;
};

/// Whether p means something for `problem` (the GUI greys out the rest).
bool applies_to(const ParamSpec& p, const std::string& problem);

/// Every parameter, in display order.
const std::vector<ParamSpec>& parameter_table();
/// nullptr when unknown.
const ParamSpec* find_parameter(const std::string& key);

/// The TrainControl slot of the hot parameter stored in `field` (a trainer reads it live by this).
/// Throws std::logic_error when that parameter is not hot.
int hot_slot(double Config::*field);

/// CLI conveniences that set several keys at once ("hidden" -> hidden_forward + hidden_inverse).
const std::map<std::string, std::vector<std::string>>& parameter_aliases();

/// Problems and presets known to the engine ("csv:FILE" data sets come on top of the names).
const std::vector<std::string>& problem_names();
/// "sine, robot-arm, ..., csv:FILE": the known problems for a message.
std::string known_problems_text();
/// "csv:FILE": a user's data set; csv_path gives FILE.
bool is_csv_problem(const std::string& problem);
std::string csv_path(const std::string& problem);
/// "torchscript:FILE": a user's TorchScript simulator; torchscript_path gives FILE.
bool is_torchscript_problem(const std::string& problem);
std::string torchscript_path(const std::string& problem);
/// The problem as part of a file name: "sine", "robot-arm", or for a data set "csv-STEM-HASH"
/// (a torchscript: simulator "ts-STEM-HASH")
/// (the file's stem, cut and made safe, and a stable hash of the problem text and `detail`, such
/// as the columns read), so that paths never leak into names and distinct data sets stay apart.
std::string problem_file_name(const std::string& problem, const std::string& detail = "");
const std::vector<std::string>& preset_names();
/// A domain text "lo:hi,lo:hi,..." (one finite range with lo < hi per x dimension); an empty
/// Box for empty text. Throws ConfigError.
Box parse_domain(const std::string& text);

/// One x dimension of a torchscript: simulator's prior.
struct PriorDim {
  bool normal = false;  ///< false: uniform in the domain's range
  double mean = 0, sd = 1;
};
/// A prior text: "normal:MEAN:SD" (SD > 0) or "uniform" per x dimension, comma-separated; empty
/// for empty text. Throws ConfigError.
std::vector<PriorDim> parse_prior(const std::string& text);

/// The preset's values for a problem (problem and preset fields set too). Throws ConfigError.
Config preset_config(const std::string& problem, const std::string& preset);

/// Preset defaults for overrides' "problem"/"preset" (sine/quick when absent), then every
/// other override (key or alias -> text value). Throws ConfigError naming the key.
Config resolve_config(const std::map<std::string, std::string>& overrides);

/// Sets one key (or alias) from text, with a message that names it. Throws ConfigError.
void set_parameter(Config& config, const std::string& key, const std::string& value);

/// Typed JSON text of every parameter (the schema of config.json).
std::string config_to_json(const Config& config);
/// Strict: unknown keys, wrong types and out-of-range values throw ConfigError.
/// Keys that are absent take the preset's value for the given problem/preset.
Config config_from_json(const std::string& text);

/// Re-checks every field against the table (for configs built in code).
void validate(const Config& config);

}  // namespace ml
