#include "core/api/results.h"

#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace ml {

using json = nlohmann::json;

std::string Metrics::to_json() const {
  json j;
  auto num = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
  j["forward_model"] = forward_model;
  j["forward_test_mse"] = num(forward_test_mse);
  j["resim_through"] = resim_through;
  j["selected_resim_mse_by_k"] = selected_resim_mse_by_k;
  j["oracle_resim_mse_by_k"] = oracle_resim_mse_by_k;
  j["per_network_resim_mse"] = per_network_resim_mse;
  j["per_network_invalid_share"] = per_network_invalid_share;
  j["selected_invalid_share_by_k"] = selected_invalid_share_by_k;
  j["oracle_invalid_share_by_k"] = oracle_invalid_share_by_k;
  j["invalid_meaning"] = invalid_meaning;
  j["per_network_coverage"] = per_network_coverage;
  j["mixture_coverage_by_k"] = mixture_coverage_by_k;
  j["selected_valid_share_by_k"] = selected_valid_share_by_k;
  j["refine_steps"] = refine_steps;
  j["trust_weight"] = trust_weight;
  j["select_through"] = select_through;
  j["simulator_selected_resim_mse"] = num(simulator_selected_resim_mse);
  j["simulator_selected_valid_share"] = num(simulator_selected_valid_share);
  j["unrefined_selected_resim_mse"] = num(unrefined_selected_resim_mse);
  j["unrefined_selected_valid_share"] = num(unrefined_selected_valid_share);
  j["valid_networks"] = valid_networks();
  j["selection_counts"] = selection_counts;
  j["outside_box_fraction"] = num(outside_box_fraction);
  j["valid_distinct_by_k"] = valid_distinct_by_k;
  j["coverage_by_k"] = coverage_by_k;
  j["coverage_settings"] = {
      {"tau", num(coverage_tau)}, {"epsilon", num(coverage_epsilon)}, {"delta", num(coverage_delta)}};
  j["attempts_per_network"] = attempts_per_network();
  j["validation_resim_mse_by_attempt"] = json::array();
  for (const auto& attempts : validation_resim_mse_by_attempt) {
    json a = json::array();
    for (double v : attempts) a.push_back(num(v));
    j["validation_resim_mse_by_attempt"].push_back(a);
  }
  j["validation_coverage_by_attempt"] = validation_coverage_by_attempt;
  j["train_seconds"] = train_seconds;
  j["test_targets"] = test_targets;
  return j.dump(2);
}

Metrics Metrics::from_json(const std::string& text) {
  try {
    const json j = json::parse(text);
    Metrics m;
    auto num = [&](const char* key) { return j.at(key).is_null() ? NAN : j.at(key).get<double>(); };
    m.forward_model = j.value("forward_model", std::string("learned"));
    m.forward_test_mse = num("forward_test_mse");
    m.resim_through = j.value("resim_through", std::string("true simulator"));
    m.selected_resim_mse_by_k = j.at("selected_resim_mse_by_k").get<std::vector<double>>();
    m.oracle_resim_mse_by_k = j.at("oracle_resim_mse_by_k").get<std::vector<double>>();
    m.per_network_resim_mse = j.at("per_network_resim_mse").get<std::vector<double>>();
    m.selection_counts = j.at("selection_counts").get<std::vector<long>>();
    m.per_network_invalid_share = j.value("per_network_invalid_share", std::vector<double>{});
    m.selected_invalid_share_by_k = j.value("selected_invalid_share_by_k", std::vector<double>{});
    m.oracle_invalid_share_by_k = j.value("oracle_invalid_share_by_k", std::vector<double>{});
    m.invalid_meaning = j.value("invalid_meaning", std::string());
    m.outside_box_fraction = num("outside_box_fraction");
    m.train_seconds = j.at("train_seconds").get<double>();
    m.valid_distinct_by_k = j.value("valid_distinct_by_k", std::vector<double>{});
    m.coverage_by_k = j.value("coverage_by_k", std::vector<double>{});
    if (j.contains("coverage_settings")) {
      const auto& c = j.at("coverage_settings");
      auto opt = [&](const char* key) {
        return c.contains(key) && !c.at(key).is_null() ? c.at(key).get<double>() : NAN;
      };
      m.coverage_tau = opt("tau");
      m.coverage_epsilon = opt("epsilon");
      m.coverage_delta = opt("delta");
    }
    if (j.contains("validation_resim_mse_by_attempt"))
      for (const auto& attempts : j.at("validation_resim_mse_by_attempt")) {
        m.validation_resim_mse_by_attempt.emplace_back();
        for (const auto& v : attempts)
          m.validation_resim_mse_by_attempt.back().push_back(v.is_null() ? NAN : v.get<double>());
      }
    m.validation_coverage_by_attempt = j.value("validation_coverage_by_attempt", std::vector<std::vector<double>>{});
    m.per_network_coverage = j.value("per_network_coverage", std::vector<double>{});
    m.mixture_coverage_by_k = j.value("mixture_coverage_by_k", std::vector<double>{});
    m.selected_valid_share_by_k = j.value("selected_valid_share_by_k", std::vector<double>{});
    m.refine_steps = j.value("refine_steps", 0);
    m.trust_weight = j.value("trust_weight", 0.0);
    m.select_through = j.value("select_through", std::string("forward"));
    auto opt_num = [&](const char* key) {
      return j.contains(key) && !j.at(key).is_null() ? j.at(key).get<double>() : NAN;
    };
    m.unrefined_selected_resim_mse = opt_num("unrefined_selected_resim_mse");
    m.unrefined_selected_valid_share = opt_num("unrefined_selected_valid_share");
    m.simulator_selected_resim_mse = opt_num("simulator_selected_resim_mse");
    m.simulator_selected_valid_share = opt_num("simulator_selected_valid_share");
    m.test_targets = j.at("test_targets").get<long>();
    return m;
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("malformed metrics: ") + e.what());
  }
}

bool Metrics::network_valid(int m) const {
  if (m < 0 || m >= static_cast<int>(per_network_resim_mse.size())) return false;
  if (m < static_cast<int>(per_network_coverage.size())) return per_network_coverage[m] >= kMinNetworkCoverage;
  return per_network_resim_mse[m] < valid_tau();
}

double Metrics::network_coverage(int m) const {
  return m >= 0 && m < static_cast<int>(per_network_coverage.size()) ? per_network_coverage[m] : NAN;
}

int Metrics::valid_networks() const {
  int n = 0;
  for (int m = 0; m < static_cast<int>(per_network_resim_mse.size()); ++m) n += network_valid(m);
  return n;
}

std::vector<int> Metrics::attempts_per_network() const {
  std::vector<int> n;
  for (const auto& attempts : validation_resim_mse_by_attempt) n.push_back(static_cast<int>(attempts.size()));
  return n;
}

const char* phase_name(Phase phase) {
  switch (phase) {
    case Phase::Forward:
      return "forward";
    case Phase::Inverse:
      return "inverse";
    case Phase::Evaluate:
      return "evaluate";
    case Phase::Done:
      return "done";
    case Phase::Direct:
      return "direct";
    case Phase::Adjoint:
      return "adjoint";
    case Phase::Generative:
      return "generative";
  }
  return "?";
}

std::string losses_to_csv(const std::vector<LossRow>& rows) {
  std::ostringstream os;
  os.precision(9);
  os << "phase,network,epoch,total,fit,boundary,repulsion,lr\n";
  for (const auto& r : rows)
    os << phase_name(r.phase) << ',' << r.network << ',' << r.epoch << ',' << r.terms.total << ',' << r.terms.fit << ','
       << r.terms.boundary << ',' << r.terms.repulsion << ',' << r.lr << '\n';
  return os.str();
}

std::vector<LossRow> losses_from_csv(const std::string& text) {
  std::vector<LossRow> rows;
  std::istringstream in(text);
  std::string line;
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    if (line_no == 1 || line.empty()) continue;  // header
    std::istringstream ls(line);
    std::string phase, field;
    std::vector<double> v;
    std::getline(ls, phase, ',');
    try {
      while (std::getline(ls, field, ',')) v.push_back(std::stod(field));
    } catch (const std::exception&) {
      v.clear();
    }
    LossRow r;
    if (phase == "forward")
      r.phase = Phase::Forward;
    else if (phase == "inverse")
      r.phase = Phase::Inverse;
    else
      v.clear();
    if (v.size() != 7) throw std::runtime_error("losses.csv line " + std::to_string(line_no) + " is malformed");
    r.network = static_cast<int>(v[0]);
    r.epoch = static_cast<int>(v[1]);
    r.terms = LossTerms{v[2], v[3], v[4], v[5]};
    r.lr = v[6];
    rows.push_back(r);
  }
  return rows;
}

std::string proposals_to_csv(const ProposalSet& p) {
  std::ostringstream os;
  os.precision(9);
  os << "target,network";
  for (int d = 0; d < p.y_dim; ++d) os << ",y_" << d;
  for (int d = 0; d < p.x_dim; ++d) os << ",x_" << d;
  for (int d = 0; d < p.y_dim; ++d) os << ",fy_" << d;
  for (int d = 0; d < p.y_dim; ++d) os << ",sy_" << d;
  os << ",selected\n";
  for (int n = 0; n < p.targets; ++n)
    for (int m = 0; m < p.networks; ++m) {
      os << n << ',' << m;
      for (int d = 0; d < p.y_dim; ++d) os << ',' << p.y[static_cast<size_t>(n) * p.y_dim + d];
      for (int d = 0; d < p.x_dim; ++d) os << ',' << p.x_at(m, n)[d];
      for (int d = 0; d < p.y_dim; ++d) os << ',' << p.fy_at(m, n)[d];
      for (int d = 0; d < p.y_dim; ++d) os << ',' << p.sy_at(m, n)[d];
      os << ',' << (p.selected[n] == m ? 1 : 0) << '\n';
    }
  return os.str();
}

}  // namespace ml
