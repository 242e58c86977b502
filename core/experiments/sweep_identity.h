#pragma once
/// A sweep folder's identity: the settings all its trials share, so that a folder never mixes
/// trials run with different settings (a rerun with other epochs, a shard with another sample
/// count). Stored in DIR/sweep.json and, as a hash, in every trial file. Core-internal.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/api/config.h"

namespace ml {

struct SweepIdentity {
  /// Every parameter but the swept axes, the seed and the runtime group (device, threads,
  /// report_every: how a trial runs, not what it computes), as text; and first_seed, the seed of
  /// trial 0 (trial t uses first_seed + t, and trial ids hold only t).
  std::map<std::string, std::string> settings;
  /// 16 hex digits over the settings.
  std::string hash() const;
  bool operator==(const SweepIdentity& other) const { return settings == other.settings; }
};

SweepIdentity identity_of(const Config& config, std::int64_t first_seed);

/// Every key whose value differs, as "key (A in a_name, B in b_name)" joined by "; "; empty
/// when the identities are equal.
std::string identity_differences(const SweepIdentity& a, const std::string& a_name, const SweepIdentity& b,
                                 const std::string& b_name);

/// The parsable trial files of DIR/trials/, in file-name order, with their paths. A file that does
/// not parse is skipped (a torn write that the rerun retrains).
std::vector<std::pair<std::string, nlohmann::json>> read_trial_files(const std::string& dir);

/// Whether a trial file's record was run with `identity` (by its settings_hash; a record from
/// before sweep.json existed is judged by the config it holds).
bool record_matches(const nlohmann::json& record, const SweepIdentity& identity);

/// DIR's identity: DIR/sweep.json, else that of its trial files; nullopt for a folder with
/// neither. Throws std::runtime_error naming the keys when the trial files disagree with it or
/// with each other.
std::optional<SweepIdentity> folder_identity(const std::string& dir);

/// Writes DIR/sweep.json (atomically).
void write_folder_identity(const std::string& dir, const SweepIdentity& identity);

}  // namespace ml
