#include "core/problems/data_cache.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "core/platform/text.h"
#include "core/platform/run_io.h"

namespace ml {
namespace {

namespace fs = std::filesystem;

/// First line of a cache file; the binary payload (x then y, float32) follows the newline.
std::string header(std::int64_t n, int x_dim, int y_dim, const std::string& checksum) {
  std::ostringstream os;
  os << "manifoldlab-rows 1 n=" << n << " x=" << x_dim << " y=" << y_dim << " fnv=" << checksum << '\n';
  return os.str();
}

}  // namespace

std::string data_cache_dir() {
  const auto env = [](const char* name) {
    const char* v = std::getenv(name);
    return std::string(v ? v : "");
  };
  if (const auto dir = env("MANIFOLDLAB_DATA_DIR"); !dir.empty()) return dir;
  if (const auto xdg = env("XDG_CACHE_HOME"); !xdg.empty()) return (fs::path(xdg) / "manifoldlab").string();
  if (const auto home = env("HOME"); !home.empty()) return (fs::path(home) / ".cache" / "manifoldlab").string();
  return "";
}

std::string cached_rows_path(const std::string& dir, const std::string& problem, std::int64_t n, std::int64_t seed) {
  return (fs::path(dir) /
          (file_name_safe(problem) + "-n" + std::to_string(n) + "-seed" + std::to_string(seed) + ".rows"))
      .string();
}

bool read_cached_rows(const std::string& path, std::int64_t n, int x_dim, int y_dim, CachedRows* rows,
                      std::string* why) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    *why = "missing";
    return false;
  }
  std::string text;
  try {
    text = read_text(path);
  } catch (const std::exception& e) {
    *why = e.what();
    return false;
  }
  const auto newline = text.find('\n');
  const std::size_t nx = static_cast<std::size_t>(n) * x_dim, ny = static_cast<std::size_t>(n) * y_dim;
  const std::size_t bytes = (nx + ny) * sizeof(float);
  if (newline == std::string::npos || text.size() - newline - 1 != bytes) {
    *why = "truncated or of another size";
    return false;
  }
  const std::string_view payload(text.data() + newline + 1, bytes);
  if (text.substr(0, newline + 1) != header(n, x_dim, y_dim, stable_hash(payload))) {
    *why = "header or checksum does not match";
    return false;
  }
  rows->x.resize(nx);
  rows->y.resize(ny);
  std::memcpy(rows->x.data(), payload.data(), nx * sizeof(float));
  std::memcpy(rows->y.data(), payload.data() + nx * sizeof(float), ny * sizeof(float));
  return true;
}

void write_cached_rows(const std::string& path, std::int64_t n, int x_dim, int y_dim, const CachedRows& rows) {
  const std::size_t nx = static_cast<std::size_t>(n) * x_dim, ny = static_cast<std::size_t>(n) * y_dim;
  if (rows.x.size() != nx || rows.y.size() != ny) throw std::logic_error("write_cached_rows: sizes do not match");
  std::string payload(reinterpret_cast<const char*>(rows.x.data()), nx * sizeof(float));
  payload.append(reinterpret_cast<const char*>(rows.y.data()), ny * sizeof(float));
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  if (ec) throw std::runtime_error("cannot create " + fs::path(path).parent_path().string() + ": " + ec.message());
  // A temporary file of this process and thread, so that concurrent writers never share one.
  const std::string tmp = path + "." + std::to_string(::getpid()) + "-" +
                          std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id())) + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << header(n, x_dim, y_dim, stable_hash(payload)) << payload;
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    }
  }
  commit_file(tmp, path);
}

}  // namespace ml
