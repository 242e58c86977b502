// libFuzzer target: config_from_json on any text returns a valid Config that survives a JSON round
// trip unchanged, or throws ConfigError with a one-line message; anything else is a finding.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/api/config.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const ml::Config c = ml::config_from_json(std::string(reinterpret_cast<const char*>(data), size));
    ml::validate(c);
    // config.json must reproduce the run: writing what was read and reading it back changes nothing.
    const std::string once = ml::config_to_json(c);
    check(ml::config_to_json(ml::config_from_json(once)) == once);
  } catch (const ml::ConfigError& e) {
    const std::string m = e.what();
    check(!m.empty() && m.size() < 4096);
    for (const char c : m) check(static_cast<unsigned char>(c) >= 0x20 || c == '\t');
  }
  return 0;
}
