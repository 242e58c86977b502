#pragma once
/// Flag parsing for the CLI subcommands: `--name value`, `--name=value`, switches, repeats.
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/api/config.h"

namespace ml::cli {

/// A bad command line; what() is the one-line message.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct FlagSpec {
  std::string name;     ///< without dashes, e.g. "out"
  std::string metavar;  ///< "" for a switch
  std::string help;
  bool repeatable = false;
};

struct Args {
  std::map<std::string, std::vector<std::string>> values;
  std::vector<std::string> positional;
  bool help = false;

  bool has(const std::string& name) const { return values.count(name) > 0; }
  std::string get(const std::string& name, const std::string& fallback = "") const;
  /// Throws UsageError when absent.
  std::string require(const std::string& name) const;
};

/// argv[0] is the subcommand. Throws UsageError on unknown flags, missing values, repeats.
Args parse_args(const std::string& command, int argc, char** argv, const std::vector<FlagSpec>& flags,
                bool allow_positional = false);

/// One flag per entry of the parameter table and per alias, help text from the table.
std::vector<FlagSpec> config_flags();
/// Maps parsed config flags to table keys ("epochs-forward" -> "epochs_forward").
std::map<std::string, std::string> config_overrides(const Args& args);

std::string help_text(const std::string& synopsis, const std::string& summary, const std::vector<FlagSpec>& flags);

/// A subcommand's usage: parse_args, and when --help was given print help_text to stdout and
/// return false (the subcommand then exits 0).
bool parse_or_help(const std::string& command, int argc, char** argv, const std::vector<FlagSpec>& flags,
                   const std::string& synopsis, const std::string& summary, Args* args, bool allow_positional = false);

/// One number of a flag, by core's parse_number. Throws UsageError "FLAG: must be ... (got ...)".
double parse_flag_number(const std::string& flag, const std::string& text, const NumberRange& range);
/// Parses "v1,v2,..." into finite numbers (core's parse_number). Throws UsageError naming the flag.
std::vector<double> parse_numbers(const std::string& flag, const std::string& text);
/// The registered problems as "sine|robot-arm|...", for synopses and metavars.
std::string problem_choices();

}  // namespace ml::cli
