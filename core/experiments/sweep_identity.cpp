#include "core/experiments/sweep_identity.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "core/experiments/sweep.h"
#include "core/platform/run_io.h"

namespace ml {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr const char* kFormat = "manifoldlab-sweep";

SweepIdentity identity_of_record(const json& record, const std::string& file) {
  try {
    const Config c = config_from_json(record.at("config").dump());
    return identity_of(c, record.at("seed").get<std::int64_t>() - record.at("trial").get<std::int64_t>());
  } catch (const std::exception& e) {
    throw std::runtime_error(file + ": cannot tell which settings it was run with (" + printable(e.what(), 120) + ")");
  }
}

}  // namespace

SweepIdentity identity_of(const Config& config, std::int64_t first_seed) {
  SweepIdentity id;
  const auto& axes = sweep_axes();
  for (const auto& p : parameter_table()) {
    if (p.key == "seed" || p.group == ParamGroup::Runtime || std::find(axes.begin(), axes.end(), p.key) != axes.end())
      continue;
    const std::string value = p.get(config);
    // A setting added later counts only once set, so folders swept before it stay resumable.
    if (p.key == "prior" && value.empty()) continue;
    id.settings[p.key] = value;
  }
  id.settings["first_seed"] = std::to_string(first_seed);
  return id;
}

std::string SweepIdentity::hash() const { return stable_hash(json(settings).dump()); }

std::string identity_differences(const SweepIdentity& a, const std::string& a_name, const SweepIdentity& b,
                                 const std::string& b_name) {
  std::set<std::string> keys;
  for (const auto& [k, v] : a.settings) keys.insert(k);
  for (const auto& [k, v] : b.settings) keys.insert(k);
  const auto value = [](const SweepIdentity& id, const std::string& key) {
    const auto it = id.settings.find(key);
    return it == id.settings.end() ? std::string("unset") : "'" + printable(it->second, 60) + "'";
  };
  std::string out;
  for (const auto& k : keys) {
    const std::string va = value(a, k), vb = value(b, k);
    if (va == vb) continue;
    out += (out.empty() ? "" : "; ") + k + " (" + va + " in " + a_name + ", " + vb + " in " + b_name + ")";
  }
  return out;
}

std::vector<std::pair<std::string, json>> read_trial_files(const std::string& dir) {
  std::vector<std::pair<std::string, json>> out;
  const fs::path trials = fs::path(dir) / "trials";
  if (!fs::is_directory(trials)) return out;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(trials))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    try {
      json r = json::parse(read_text(f.string()));
      if (r.is_object()) out.emplace_back(f.string(), std::move(r));
    } catch (const std::exception&) {
      // A torn file cannot come from us (atomic rename); the rerun retrains its trial.
    }
  }
  return out;
}

bool record_matches(const json& record, const SweepIdentity& identity) {
  if (record.contains("settings_hash")) return record["settings_hash"] == identity.hash();
  return identity_of_record(record, record.value("id", std::string("a trial file"))) == identity;
}

std::optional<SweepIdentity> folder_identity(const std::string& dir) {
  const fs::path file = fs::path(dir) / "sweep.json";
  std::optional<SweepIdentity> id;
  std::string source;
  if (fs::exists(file)) {
    try {
      const json j = json::parse(read_text(file.string()));
      if (j.value("format", "") != kFormat) throw std::runtime_error("not a sweep.json file");
      id = SweepIdentity{j.at("settings").get<std::map<std::string, std::string>>()};
    } catch (const std::exception& e) {
      throw std::runtime_error(file.string() + " is malformed: " + printable(e.what(), 120));
    }
    source = file.string();
  }
  for (const auto& [path, record] : read_trial_files(dir)) {
    if (!id) {  // a folder from before sweep.json: its first trial speaks for it
      id = identity_of_record(record, path);
      source = path;
      continue;
    }
    if (record_matches(record, *id)) continue;
    const SweepIdentity other = identity_of_record(record, path);
    std::string diff = identity_differences(*id, source, other, path);
    if (diff.empty()) diff = "its settings_hash is not the folder's";
    throw std::runtime_error(dir + " mixes trials run with different settings: " + diff +
                             "; move the odd trial files out before using the folder");
  }
  return id;
}

void write_folder_identity(const std::string& dir, const SweepIdentity& identity) {
  json j;
  j["format"] = kFormat;
  j["version"] = 1;
  j["note"] = "every trial in trials/ was run with these settings; swept axes, seeds and runtime settings vary";
  j["settings_hash"] = identity.hash();
  j["settings"] = identity.settings;
  write_text_atomic((fs::path(dir) / "sweep.json").string(), j.dump(2) + "\n");
}

}  // namespace ml
