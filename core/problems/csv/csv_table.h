#pragma once
/// A numeric CSV data set with a header row, split into x and y columns (torch-free).
/// Every validation failure throws CsvError with one line naming the source, the line and the column.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/platform/text.h"

namespace ml {

/// Bad data or a bad column selection; a ConfigError so the CLI reports it like a bad flag.
class CsvError : public ConfigError {
 public:
  using ConfigError::ConfigError;
};

/// Fewest data rows accepted: fewer leave no useful train/test split.
constexpr std::size_t kCsvMinRows = 10;

/// x and y as row-major matrices (rows × x_names.size(), rows × y_names.size()).
struct CsvTable {
  std::vector<std::string> x_names, y_names;
  std::vector<double> x, y;
  std::size_t rows = 0;
};

/// `x_columns`/`y_columns`: comma-separated header names or 0-based indices ("a,b" or "0,1";
/// a header name wins over an index). Columns not selected are not parsed. Throws CsvError.
CsvTable read_csv_table(const std::string& path, const std::string& x_columns, const std::string& y_columns);

/// The same from text in memory; `source` names it in messages.
CsvTable parse_csv_table(std::string_view text, const std::string& x_columns, const std::string& y_columns,
                         const std::string& source = "<csv>");

}  // namespace ml
