#pragma once
/// Text helpers shared by the whole engine: the one number parser with one-line messages,
/// user text made safe for messages and file names, and a hash that is the same on every
/// machine. Torch-free.
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ml {

/// A bad value, flag or key; `what()` is one line meant for the user.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The values a number may take; what parse_number checks and its messages state.
struct NumberRange {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
  bool integer = false;  ///< whole numbers, written without a point or exponent
};

/// One number from text, blanks around it allowed: finite and inside range. Throws ConfigError
/// with one line such as "must be an integer >= 1 and <= 64 (got 0)", for the caller to prefix
/// with its key or flag. The one number parser of the engine, the parameter table and the CLI.
double parse_number(const std::string& text, const NumberRange& range = {});

/// A number as the table writes it: up to 12 significant digits, shortest form.
std::string format_real(double v);
/// Text without its leading and trailing blanks (spaces and tabs).
std::string trim(const std::string& s);
/// User text inside a one-line message: control characters escaped as \xNN; text longer than
/// `limit` is cut and ends in "...".
std::string printable(std::string_view text, std::size_t limit = std::string_view::npos);
/// The current time in UTC as ISO 8601, e.g. "2026-12-07T18:00:00Z" (claims, job logs).
std::string utc_timestamp();
/// Text as a file name: every character but letters, digits, '.' and '-' becomes '_'.
std::string file_name_safe(std::string text);
/// 16 hex digits of a 64-bit FNV-1a hash of text: the same on every run and machine.
std::string stable_hash(std::string_view text);

}  // namespace ml
