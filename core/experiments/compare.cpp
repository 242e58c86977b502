#include "core/experiments/compare.h"

#include <algorithm>
#include <cmath>
#include <chrono>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "core/platform/runtime.h"

namespace ml {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

void fill_curve(MethodResult& m, const ProposalSet& p, const std::vector<int>& best_of) {
  m.proposals = p.networks;
  for (int T : best_of)
    if (T <= p.networks) m.best_of_t.emplace_back(T, best_of_t(p, T));
}

/// A network method's proposals, timed on a second call: the first pays one-off allocations.
MethodResult timed_network_method(const std::string& method, const std::string& label,
                                  const std::function<ProposalSet()>& propose, const std::vector<int>& best_of) {
  MethodResult m;
  m.method = method;
  m.label = label;
  propose();
  const auto t0 = Clock::now();
  const auto p = propose();
  m.seconds = seconds_since(t0);
  fill_curve(m, p, best_of);
  return m;
}

bool wanted(const CompareOptions& o, const std::string& method) {
  return std::find(o.methods.begin(), o.methods.end(), method) != o.methods.end();
}

const char* generative_label(const std::string& method) {
  if (method == "mdn") return "mixture density network";
  if (method == "cvae") return "conditional VAE";
  return "conditional INN";
}

}  // namespace

const std::vector<std::string>& compare_method_names() {
  static const std::vector<std::string> names{"mixture", "mixture+refine", "direct", "adjoint", "mdn", "cvae", "cinn"};
  return names;
}

std::vector<std::string> parse_compare_methods(const std::string& text) {
  const auto& known = compare_method_names();
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  const auto refuse = [&](const std::string& why) {
    return std::invalid_argument("--methods: " + why + " (known: mixture,mixture+refine,direct,adjoint,mdn,cvae,cinn)");
  };
  while (std::getline(ss, item, ',')) {
    if (std::find(known.begin(), known.end(), item) == known.end())
      throw refuse("unknown method '" + printable(item, 40) + "'");
    if (std::find(out.begin(), out.end(), item) != out.end()) throw refuse("'" + item + "' is listed twice");
    out.push_back(item);
  }
  if (out.empty() || text.back() == ',') throw refuse("needs a comma-separated list of methods");
  return out;
}

double best_of_t(const ProposalSet& p, int T) {
  if (p.targets == 0 || T < 1) return std::numeric_limits<double>::quiet_NaN();
  T = std::min(T, p.networks);
  std::vector<int> order(p.networks);
  double sum = 0;
  int counted = 0;  // targets with a valid proposal among the best T (invalid ones re-simulate to NaN)
  for (int n = 0; n < p.targets; ++n) {
    std::iota(order.begin(), order.end(), 0);
    std::partial_sort(order.begin(), order.begin() + T, order.end(),
                      [&](int a, int b) { return p.rank_at(a, n) < p.rank_at(b, n); });
    double best = std::numeric_limits<double>::infinity();
    for (int t = 0; t < T; ++t)
      if (!std::isnan(p.resim_at(order[t], n))) best = std::min(best, p.resim_at(order[t], n));
    if (std::isinf(best)) continue;
    sum += best;
    ++counted;
  }
  return counted ? sum / counted : std::numeric_limits<double>::quiet_NaN();
}

bool run_compare(Engine& engine, const CompareOptions& options, TrainControl& control,
                 const std::function<void(const std::string&)>& log, CompareResult* result) {
  if (!engine.trained()) throw std::logic_error("compare needs a trained mixture");
  const auto info = engine.problem_info();
  auto y = engine.test_targets();
  const int available = static_cast<int>(y.size() / info.y_dim);
  const int n = std::min(options.targets, available);
  if (n < 1) throw std::invalid_argument("compare needs at least one test target");
  y.resize(static_cast<size_t>(n) * info.y_dim);

  CompareResult r;
  r.problem = info.name;
  r.targets = n;
  r.k = engine.config().k;
  // One thread count for every method, set again before each (training the direct regression
  // sets its own), so inference times compare like for like.
  r.threads = configure_threads(options.threads);
  r.forward_test_mse = engine.metrics().forward_test_mse;

  const auto per_target = [&](const MethodResult& m) {
    log(m.label + ": " + std::to_string(m.seconds * 1e6 / n) + " us per target");
  };
  if (wanted(options, "mixture")) {
    configure_threads(r.threads);
    r.methods.push_back(timed_network_method(
        "tandem", "mixture of tandems, k=" + std::to_string(r.k), [&] { return engine.propose(y, 0); },
        options.best_of));
    r.methods.back().train_seconds = engine.metrics().train_seconds;
    per_target(r.methods.back());
  }
  if (wanted(options, "mixture+refine")) {
    // The model's refinement, or the quick preset's where the model has none.
    const int steps = engine.config().refine_steps > 0 ? engine.config().refine_steps : Config{}.refine_steps;
    configure_threads(r.threads);
    r.methods.push_back(timed_network_method(
        "tandem+refine", "mixture of tandems + " + std::to_string(steps) + " refine steps, k=" + std::to_string(r.k),
        [&] { return engine.propose(y, steps); }, options.best_of));
    r.methods.back().steps = steps;
    r.methods.back().train_seconds = engine.metrics().train_seconds;
    per_target(r.methods.back());
  }
  if (wanted(options, "direct")) {
    double train_seconds = 0;
    if (!engine.direct_trained()) {
      log("training the direct inverse regression");
      const auto t0 = Clock::now();
      if (!engine.train_direct({}, control)) {
        if (control.stop.load()) return false;
        throw std::runtime_error("direct regression: " + engine.stop_reason());
      }
      train_seconds = seconds_since(t0);
    }
    configure_threads(r.threads);
    r.methods.push_back(timed_network_method(
        "direct", "direct inverse regression", [&] { return engine.propose_direct(y); }, options.best_of));
    r.methods.back().train_seconds = train_seconds;
    per_target(r.methods.back());
  }
  const int max_t = options.best_of.empty() ? 1 : *std::max_element(options.best_of.begin(), options.best_of.end());
  for (const auto& [starts, steps] :
       wanted(options, "adjoint") ? options.adjoint_budgets : std::vector<std::pair<int, int>>{}) {
    AdjointOptions a = AdjointOptions::from(engine.config());
    a.starts = starts;
    a.steps = steps;
    a.lr = options.adjoint_lr;
    a.keep = std::min(starts, max_t);
    a.threads = r.threads;
    MethodResult m;
    m.method = "adjoint";
    m.label = "neural adjoint B=" + std::to_string(starts) + " T=" + std::to_string(steps);
    m.starts = starts;
    m.steps = steps;
    log("running " + m.label + " on " + std::to_string(n) + " targets");
    const auto t0 = Clock::now();
    const auto p = engine.neural_adjoint(y, a, {}, control);
    m.seconds = seconds_since(t0);
    if (p.targets == 0) return false;
    fill_curve(m, p, options.best_of);
    log(m.label + ": " + std::to_string(m.seconds * 1e3 / n) + " ms per target");
    r.methods.push_back(m);
  }
  for (const auto& method : generative_methods()) {
    if (!wanted(options, method)) continue;
    if (!engine.generative_trained(method)) {
      log("training " + method);
      const auto progress = [&](const Progress& p) {  // a line per tenth of the epochs: cINN takes minutes
        if (p.epoch_end && p.epochs >= 10 && p.epoch % (p.epochs / 10) == 0)
          log("  " + method + " epoch " + std::to_string(p.epoch) + "/" + std::to_string(p.epochs) + ", loss " +
              std::to_string(p.terms.total));
      };
      if (!engine.train_generative(method, progress, control)) {
        if (control.stop.load()) return false;
        throw std::runtime_error(method + ": " + engine.stop_reason());
      }
      log(method + " trained in " + std::to_string(engine.generative_train_seconds(method)) + " s");
    }
    configure_threads(r.threads);
    const int samples = options.generative_samples;
    r.methods.push_back(timed_network_method(
        method, std::string(generative_label(method)) + " T=" + std::to_string(samples),
        [&] { return engine.propose_generative(method, y, samples, engine.generative_seed(method)); },
        options.best_of));
    r.methods.back().train_seconds = engine.generative_train_seconds(method);
    per_target(r.methods.back());
  }
  *result = r;
  return true;
}

std::string CompareResult::to_json() const {
  json j;
  j["format"] = "manifoldlab-compare";
  j["problem"] = problem;
  j["targets"] = targets;
  j["k"] = k;
  j["threads"] = threads;
  j["forward_test_mse"] = forward_test_mse;
  j["methods"] = json::array();
  for (const auto& m : methods) {
    json e{{"method", m.method},
           {"label", m.label},
           {"proposals", m.proposals},
           {"starts", m.starts},
           {"steps", m.steps},
           {"seconds", m.seconds},
           {"seconds_per_target", m.seconds / targets},
           {"targets_per_s", m.seconds > 0 ? targets / m.seconds : 0.0},
           {"train_seconds", m.train_seconds}};
    e["best_of_t"] = json::object();
    for (const auto& [T, v] : m.best_of_t) e["best_of_t"][std::to_string(T)] = v;
    j["methods"].push_back(e);
  }
  return j.dump(2);
}

std::string CompareResult::to_csv() const {
  std::ostringstream os;
  os.precision(9);
  os << "method,label,starts,steps,proposals,T,resim_error,seconds_per_target,targets_per_s,train_seconds\n";
  for (const auto& m : methods)
    for (const auto& [T, v] : m.best_of_t)
      os << m.method << ",\"" << m.label << "\"," << m.starts << ',' << m.steps << ',' << m.proposals << ',' << T << ','
         << v << ',' << m.seconds / targets << ',' << (m.seconds > 0 ? targets / m.seconds : 0.0) << ','
         << m.train_seconds << '\n';
  return os.str();
}

CompareResult CompareResult::from_json(const std::string& text) {
  try {
    const json j = json::parse(text);
    if (j.value("format", "") != "manifoldlab-compare") throw std::runtime_error("not a compare.json file");
    CompareResult r;
    r.problem = j.at("problem").get<std::string>();
    r.targets = j.at("targets").get<int>();
    r.k = j.at("k").get<int>();
    r.threads = j.value("threads", 0);  // 0: written before the thread count was recorded
    r.forward_test_mse = j.at("forward_test_mse").is_number() ? j.at("forward_test_mse").get<double>() : 0.0;
    for (const auto& e : j.at("methods")) {
      MethodResult m;
      m.method = e.at("method").get<std::string>();
      m.label = e.at("label").get<std::string>();
      m.proposals = e.at("proposals").get<int>();
      m.starts = e.at("starts").get<int>();
      m.steps = e.at("steps").get<int>();
      m.seconds = e.at("seconds").get<double>();
      m.train_seconds = e.value("train_seconds", 0.0);  // 0: written before training times were recorded
      for (const auto& [T, v] : e.at("best_of_t").items()) m.best_of_t.emplace_back(std::stoi(T), v.get<double>());
      std::sort(m.best_of_t.begin(), m.best_of_t.end());
      r.methods.push_back(m);
    }
    return r;
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("malformed compare.json: ") + e.what());
  }
}

}  // namespace ml
