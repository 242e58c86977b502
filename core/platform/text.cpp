#include "core/platform/text.h"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <sstream>

namespace ml {
namespace {

std::string range_text(const NumberRange& r) {
  const bool low = r.min > std::numeric_limits<double>::lowest(), high = r.max < std::numeric_limits<double>::max();
  std::ostringstream os;
  if (low) os << (r.min_exclusive ? " > " : " >= ") << format_real(r.min);
  if (low && high) os << " and";
  if (high) os << " <= " << format_real(r.max);
  return os.str();
}

}  // namespace

std::string format_real(double v) {
  std::ostringstream os;
  os.precision(12);
  os << v;
  return os.str();
}

std::string utc_timestamp() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

double parse_number(const std::string& text, const NumberRange& r) {
  const std::string t = trim(text);
  const auto refused = [&](const std::string& got) {
    return ConfigError(std::string("must be ") + (r.integer ? "an integer" : "a number") + range_text(r) + " (got " +
                       got + ")");
  };
  std::size_t used = 0;
  double v = 0;
  try {
    v = r.integer ? static_cast<double>(std::stoll(t, &used)) : std::stod(t, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (t.empty() || used != t.size() || !std::isfinite(v)) throw refused("'" + text + "'");
  if (v < r.min || v > r.max || (r.min_exclusive && v <= r.min)) throw refused(t);
  return v;
}

std::string printable(std::string_view text, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < text.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != 0x7f) {
      out += static_cast<char>(c);
      continue;
    }
    char hex[8];
    std::snprintf(hex, sizeof hex, "\\x%02x", c);
    out += hex;
  }
  if (text.size() > limit) out += "...";
  return out;
}

std::string file_name_safe(std::string text) {
  for (char& c : text)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') c = '_';
  return text;
}

std::string stable_hash(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

}  // namespace ml
