// libFuzzer target: parse_csv_table on any input returns a consistent table or throws CsvError
// with a one-line message; anything else (crash, other exception, sanitizer report) is a finding.
// Input: an optional first line "XCOLS|YCOLS" choosing the columns, then the CSV text.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/problems/csv/csv_table.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string x = "0", y = "1";
  const std::size_t nl = text.find('\n');
  if (nl != std::string_view::npos && nl < 128) {
    const std::string_view selection = text.substr(0, nl);
    if (const std::size_t bar = selection.find('|'); bar != std::string_view::npos) {
      x = std::string(selection.substr(0, bar));
      y = std::string(selection.substr(bar + 1));
      text.remove_prefix(nl + 1);
    }
  }
  try {
    const ml::CsvTable t = ml::parse_csv_table(text, x, y, "fuzz.csv");
    check(t.rows >= ml::kCsvMinRows && !t.x_names.empty() && !t.y_names.empty());
    check(t.x.size() == t.rows * t.x_names.size() && t.y.size() == t.rows * t.y_names.size());
    for (const double v : t.x) check(std::isfinite(v));
    for (const double v : t.y) check(std::isfinite(v));
  } catch (const ml::CsvError& e) {
    const std::string_view m = e.what();
    check(m.rfind("fuzz.csv:", 0) == 0 && m.size() < 600);
    for (const char c : m) check(static_cast<unsigned char>(c) >= 0x20 || c == '\t');
  }
  return 0;
}
