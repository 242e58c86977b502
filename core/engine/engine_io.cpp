// A run's folder (save, load) and its TorchScript export.
#include "core/api/engine.h"

#include <filesystem>
#include <mutex>
#include <sstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/engine/engine_impl.h"
#include "core/export/torchscript_export.h"
#include "core/platform/run_io.h"
#include "core/platform/text.h"
#include "core/problems/torchscript/torchscript_problem.h"

namespace ml {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {
/// Serialised in memory, then written with checked I/O: LibTorch's own file writer throws from
/// its destructor when the disk fills, which ends the process (issue 31).
template <typename Module>
std::string module_bytes(const Module& m) {
  std::ostringstream bytes(std::ios::binary);
  torch::save(m, bytes);
  return bytes.str();
}
}  // namespace

void Engine::save(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& extra) const {
  const Impl& s = *impl_;
  if (!s.forward_done) throw std::logic_error("nothing to save: the forward model is not trained");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error("cannot create " + dir + ": " + ec.message());
  const fs::path d(dir);
  FileBatch files;
  files.add((d / "config.json").string(), config_to_json(s.config) + "\n");
  json model;
  model["format"] = "manifoldlab-model";
  model["version"] = 1;
  model["problem"] = s.problem->name();
  model["x_dim"] = s.problem->x_dim();
  model["y_dim"] = s.problem->y_dim();
  model["box_lo"] = s.data.box.lo;
  model["box_hi"] = s.data.box.hi;
  model["inverse_networks"] = s.nets.size();
  model["direct"] = s.direct_done;
  model["complete"] = s.done;
  // The generative baselines trained so far (method -> training seconds), each in <method>.pt:
  // a loaded run shows and compares them without training them again.
  model["generative"] = s.generative_seconds;
  files.add((d / "model.json").string(), model.dump(2) + "\n");
  if (s.f) files.add((d / "forward.pt").string(), module_bytes(s.f));  // none when g trained through the true simulator
  for (size_t m = 0; m < s.nets.size(); ++m)
    files.add((d / ("inverse_" + std::to_string(m) + ".pt")).string(), module_bytes(s.nets[m]));
  if (s.direct_done) files.add((d / "direct.pt").string(), module_bytes(s.direct));
  for (const auto& [method, net] : s.generative)
    files.add((d / (method + ".pt")).string(), module_bytes(std::static_pointer_cast<torch::nn::Module>(net)));
  files.add((d / "losses.csv").string(), losses_to_csv(s.history));
  if (s.done) files.add((d / "metrics.json").string(), s.metrics.to_json() + "\n");
  for (const auto& [name, text] : extra) files.add((d / name).string(), text);
  files.commit();
}

void Engine::export_torchscript(const std::string& path) const {
  Impl& s = *impl_;
  if (s.nets.empty() || !s.forward_done) throw std::logic_error("no inverse network has been trained yet");
  MixtureParts parts;
  parts.inverse = s.nets;
  parts.forward = s.f;
  if (!s.f)
    if (const auto* script = dynamic_cast<const TorchScriptProblem*>(s.problem.get()))
      parts.simulator = &script->module();
  parts.x_names = s.problem->x_names();
  parts.y_names = s.problem->y_names();
  parts.box = s.data.box;
  const ProposalRules rules = s.rules(s.config.refine_steps);
  parts.refine_steps = rules.refine.steps;
  parts.refine_lr = rules.refine.lr;
  parts.trust = rules.trust;
  parts.refine_trust = static_cast<bool>(rules.refine.penalty);
  save_script_module(build_mixture_module(parts), path);
}

Engine Engine::load(const std::string& dir, const std::string& device, int threads) {
  const fs::path d(dir);
  if (!fs::is_directory(d)) throw std::runtime_error("model folder " + dir + " does not exist");
  Config config;
  try {
    config = config_from_json(read_text((d / "config.json").string()));
  } catch (const ConfigError& e) {
    throw std::runtime_error((d / "config.json").string() + ": " + e.what());
  }
  config.device = device;
  config.threads = threads;
  json model;
  try {
    model = json::parse(read_text((d / "model.json").string()));
  } catch (const json::exception& e) {
    throw std::runtime_error((d / "model.json").string() + ": not valid JSON");
  }
  Engine engine(config);
  Impl& s = *engine.impl_;
  try {
    s.data.box.lo = model.at("box_lo").get<std::vector<double>>();
    s.data.box.hi = model.at("box_hi").get<std::vector<double>>();
    const int nets = model.at("inverse_networks").get<int>();
    if (nets < 0 || nets > config.k) throw std::runtime_error("inverse_networks out of range");
    const auto load_one = [&](auto& module, const fs::path& path) {
      if (!fs::is_regular_file(path)) throw std::runtime_error(path.string() + " is missing");
      try {
        torch::load(module, path.string(), s.device);
      } catch (const c10::Error&) {
        throw std::runtime_error(path.string() + " is corrupt or does not match config.json");
      }
    };
    if (!s.true_forward()) {
      s.f = s.new_forward();
      load_one(s.f, d / "forward.pt");
      s.f->eval();
      set_trainable(*s.f, false);
    }
    s.forward_done = true;
    for (int m = 0; m < nets; ++m) {
      s.nets.push_back(s.new_inverse(m));
      load_one(s.nets.back(), d / ("inverse_" + std::to_string(m) + ".pt"));
      s.nets.back()->eval();
    }
    if (model.value("direct", false)) {
      s.direct = s.new_direct();
      load_one(s.direct, d / "direct.pt");
      s.direct->eval();
      s.direct_done = true;
    }
    const json generative = model.value("generative", json::object());
    for (const auto& [method, seconds] : generative.items()) {
      const int index = generative_method_index(method);
      if (index < 0) throw std::runtime_error("unknown generative method '" + printable(method, 40) + "'");
      std::shared_ptr<GenerativeImpl> net;
      {
        std::lock_guard<std::mutex> lock(Impl::global_generator());  // its initial weights, replaced below
        net = make_generative(method, GenerativeSettings::from(config), s.data.x_train, s.data.y_train,
                              derive_seed(config.seed, SeedStream::GenerativeInit, index));
      }
      auto module = std::static_pointer_cast<torch::nn::Module>(net);
      load_one(module, d / (method + ".pt"));
      net->eval();
      s.generative[method] = net;
      s.generative_seconds[method] = seconds.get<double>();
    }
    s.done = model.value("complete", false) && nets == config.k;
  } catch (const json::exception& e) {
    throw std::runtime_error((d / "model.json").string() + ": " + e.what());
  }
  if (fs::is_regular_file(d / "metrics.json")) s.metrics = Metrics::from_json(read_text((d / "metrics.json").string()));
  if (fs::is_regular_file(d / "losses.csv")) s.history = losses_from_csv(read_text((d / "losses.csv").string()));
  return engine;
}

}  // namespace ml
