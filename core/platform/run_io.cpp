#include "core/platform/run_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ml {

namespace {
/// fsync on a path; false (errno set) when it cannot be opened or flushed.
bool sync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  errno = saved;
  return ok;
}
}  // namespace

void commit_file(const std::string& tmp, const std::string& path) {
  if (!sync_path(tmp, O_RDONLY) || std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot write " + path + ": " + why);
  }
  // The rename itself lives in the folder; a folder that cannot be synced (some network file
  // systems) still holds a whole file, so this one is best effort.
  std::string folder = std::filesystem::path(path).parent_path().string();
  sync_path(folder.empty() ? "." : folder, O_RDONLY | O_DIRECTORY);
}

std::string host_name() {
  static const std::string host = [] {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0 || !buf[0]) return std::string("localhost");
    std::string h = buf;
    for (char& c : h)
      if (c == '/' || c == ' ') c = '_';
    return h;
  }();
  return host;
}

std::string unique_name_beside(const std::string& path, const std::string& suffix) {
  static std::atomic<unsigned> counter{0};
  return path + "." + host_name() + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + suffix;
}

namespace {
/// Writes text to a temporary file of its own next to path and returns its name; on failure
/// removes it and throws naming path.
std::string write_temporary(const std::string& path, const std::string& text) {
  // Plain write(2) calls, each checked: a full disk is reported as ENOSPC the moment it happens
  // (a stream would only say "failed"), and the temporary file never outlives the failure.
  // A name of its own per writer: several processes (sweep workers on one shared folder, on one
  // host or many) may write the same file at once, and the last rename wins whole.
  const std::string tmp = unique_name_beside(path, ".tmp");
  const auto fail = [&](int fd) {
    const std::string why = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot write " + path + ": " + why);
  };
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail(fd);
  for (size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = ENOSPC;
      fail(fd);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) fail(fd);
  if (::close(fd) != 0) fail(-1);
  return tmp;
}
}  // namespace

void write_text_atomic(const std::string& path, const std::string& text) {
  commit_file(write_temporary(path, text), path);
}

FileBatch::~FileBatch() {
  for (const auto& [tmp, path] : staged_) std::remove(tmp.c_str());
}

void FileBatch::add(const std::string& path, const std::string& bytes) {
  staged_.emplace_back(write_temporary(path, bytes), path);
}

void FileBatch::commit() {
  while (!staged_.empty()) {
    const auto [tmp, path] = staged_.front();
    staged_.erase(staged_.begin());
    commit_file(tmp, path);  // removes tmp when it throws; the destructor removes the rest
  }
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

}  // namespace ml
