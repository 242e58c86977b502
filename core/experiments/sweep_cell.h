#pragma once
/// A sweep cell's identity (problem, preset, forward and every sweep axis) as the JSON that trial
/// files hold, its file-name key, and the columns naming it in trials.csv and summary.csv.
/// Core-internal.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/api/config.h"

namespace ml {

/// The cell of a resolved configuration (a data set's reading and a TorchScript simulator's box
/// and prior included: another reading is another cell).
nlohmann::json cell_of(const Config& c);
/// File-name-safe key of a cell (or of a trial record, which holds its cell).
std::string cell_key(const nlohmann::json& cell);
/// The columns naming a cell in the CSV files: problem, preset, forward, then sweep_axes().
const std::vector<std::string>& cell_columns();
/// Whether a trial record is a failed trial (a record without a status finished).
bool trial_failed(const nlohmann::json& record);

}  // namespace ml
