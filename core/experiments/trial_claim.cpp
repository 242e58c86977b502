#include "core/experiments/trial_claim.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "core/platform/run_io.h"
#include "core/platform/text.h"

namespace ml {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

std::atomic<unsigned> g_counter{0};

// Every token this process holds, over all TrialClaims objects: a claim naming this host and pid
// with a token not in here is a leftover of an earlier process that had the same pid.
std::mutex g_tokens_mutex;
std::set<std::string> g_tokens;

bool token_held_here(const std::string& token) {
  std::lock_guard<std::mutex> lock(g_tokens_mutex);
  return g_tokens.count(token) > 0;
}

double age_seconds(const struct stat& st) {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<double>(now.tv_sec - st.st_mtim.tv_sec) +
         1e-9 * static_cast<double>(now.tv_nsec - st.st_mtim.tv_nsec);
}

bool same_file_state(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino && a.st_mtim.tv_sec == b.st_mtim.tv_sec &&
         a.st_mtim.tv_nsec == b.st_mtim.tv_nsec;
}

/// Writes text to a new file at path (O_EXCL); false with errno set when it cannot.
bool write_new_file(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const int saved = errno;
  ok = (::close(fd) == 0) && ok;
  if (!ok) {
    ::unlink(path.c_str());
    errno = saved ? saved : EIO;
  }
  return ok;
}

enum class Verdict { gone, live, stale };

struct Look {
  Verdict verdict = Verdict::gone;
  struct stat st {};
};

/// Whether the claim at path belongs to a live worker.
Look look_at(const std::string& path, double takeover_s, const std::function<void(const std::string&)>& warn) {
  Look look;
  if (::stat(path.c_str(), &look.st) != 0) return look;  // released meanwhile
  std::string text;
  try {
    text = read_text(path);
  } catch (const std::exception&) {
    return look;  // removed between stat and open
  }
  json claim;
  std::string why;
  try {
    claim = json::parse(text);
    if (!claim.is_object() || !claim.contains("host") || !claim["host"].is_string() || !claim.contains("pid") ||
        !claim["pid"].is_number_integer())
      why = "no host and pid";
  } catch (const std::exception&) {
    why = text.empty() ? "empty" : "not JSON";
  }
  if (!why.empty()) {
    // Our claims are linked into place whole; an empty file this young is one being written by
    // a worker on a file system without hard links (the O_EXCL fallback).
    if (text.empty() && age_seconds(look.st) < 10) {
      look.verdict = Verdict::live;
      return look;
    }
    warn("warning: " + path + " is not a trial claim (" + why + "); treating it as absent");
    look.verdict = Verdict::stale;
    return look;
  }
  look.verdict = Verdict::live;
  if (age_seconds(look.st) > takeover_s) {
    look.verdict = Verdict::stale;  // no heartbeat for the takeover time: the worker died or lost the folder
  } else if (claim["host"].get<std::string>() == host_name()) {
    const long pid = claim["pid"].get<long>();
    if (pid == static_cast<long>(::getpid()))
      look.verdict = token_held_here(claim.value("token", std::string())) ? Verdict::live : Verdict::stale;
    else if (pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH))
      look.verdict = Verdict::stale;  // its process is gone
  }
  return look;
}

/// Links tmp to path, which fails when path exists; true when this call created path.
bool link_claim(const std::string& tmp, const std::string& path, int* why) {
  const int linked = ::link(tmp.c_str(), path.c_str());
  *why = errno;
  struct stat st {};
  // NFS may report a link that did happen as failed (a retransmitted request): the count says.
  return linked == 0 || (::stat(tmp.c_str(), &st) == 0 && st.st_nlink == 2);
}

}  // namespace

TrialClaims::TrialClaims(std::string dir, double takeover_s, std::function<void(const std::string&)> warn)
    : dir_(std::move(dir)), takeover_s_(takeover_s), warn_(std::move(warn)) {
  if (!warn_) warn_ = [](const std::string& line) { std::cerr << line << "\n"; };
  heartbeat_ = std::thread([this] {
    const auto period = std::chrono::duration<double>(heartbeat_seconds());
    std::unique_lock<std::mutex> lock(mutex_);
    while (!done_) {
      wake_.wait_for(lock, period);
      if (done_) break;
      lock.unlock();
      refresh();
      lock.lock();
    }
  });
}

TrialClaims::~TrialClaims() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
  }
  wake_.notify_all();
  heartbeat_.join();
  std::vector<std::string> ids;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [id, token] : held_) ids.push_back(id);
  }
  for (const auto& id : ids) release(id);
}

double TrialClaims::heartbeat_seconds() const { return std::clamp(takeover_s_ / 4, 0.05, 30.0); }

std::string TrialClaims::path_of(const std::string& id) const {
  return (fs::path(dir_) / "claims" / (id + ".claim")).string();
}

bool TrialClaims::claim(const std::string& id) {
  const std::string path = path_of(id);
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  if (ec) throw std::runtime_error("cannot create " + fs::path(path).parent_path().string() + ": " + ec.message());
  const std::string token = std::to_string(::getpid()) + "-" +
                            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "-" +
                            std::to_string(g_counter++);
  json content;
  content["host"] = host_name();
  content["pid"] = static_cast<long>(::getpid());
  content["started"] = utc_timestamp();
  content["token"] = token;
  content["trial"] = id;
  content["heartbeat_s"] = heartbeat_seconds();
  content["takeover_s"] = takeover_s_;
  const std::string text = content.dump() + "\n";
  const std::string tmp = unique_name_beside(path, ".tmp");
  if (!write_new_file(tmp, text)) throw std::runtime_error("cannot write " + tmp + ": " + std::strerror(errno));
  // Registered before it can be seen: this process's other workers must find it live at once.
  {
    std::lock_guard<std::mutex> lock(g_tokens_mutex);
    g_tokens.insert(token);
  }
  // True when this call created path, false when it exists; throws for any other failure.
  const auto create = [&]() -> bool {
    int why = 0;
    if (link_claim(tmp, path, &why)) return true;
    if (why == EEXIST) return false;
    if (why == EPERM || why == ENOTSUP || why == EOPNOTSUPP || why == EMLINK || why == ENOSYS) {
      // No hard links on this file system: create it in place (briefly empty; see look_at).
      if (write_new_file(path, text)) return true;
      why = errno;
      if (why == EEXIST) return false;
    }
    throw std::runtime_error("cannot create " + path + ": " + std::strerror(why));
  };
  // Taking a stale claim over happens under DIR/claims/<id>.claim.takeover (created O_EXCL): the
  // taker looks again, removes the stale claim and links its own, so of several takers one wins,
  // and a claim made meanwhile by a plain claimer is seen as live and kept.
  const std::string takeover = path + ".takeover";
  const auto quiet = [](const std::string&) {};
  bool won = false;
  try {
    for (int round = 0; round < 8 && !won; ++round) {
      if ((won = create())) break;
      const Look look = look_at(path, takeover_s_, warn_);
      if (look.verdict == Verdict::gone) continue;  // released meanwhile: try again
      if (look.verdict == Verdict::live) break;
      const int fd = ::open(takeover.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
      if (fd < 0) {
        struct stat st {};
        // Another taker is at it (a few microseconds) or died at it long ago.
        if (errno == EEXIST && ::stat(takeover.c_str(), &st) == 0 && age_seconds(st) > 10) {
          ::unlink(takeover.c_str());
          continue;
        }
        break;
      }
      ::close(fd);
      const Look again = look_at(path, takeover_s_, quiet);
      if (again.verdict == Verdict::stale && same_file_state(again.st, look.st)) ::unlink(path.c_str());
      try {
        won = create();
      } catch (...) {
        ::unlink(takeover.c_str());
        throw;
      }
      ::unlink(takeover.c_str());
    }
  } catch (...) {
    ::unlink(tmp.c_str());
    std::lock_guard<std::mutex> lock(g_tokens_mutex);
    g_tokens.erase(token);
    throw;
  }
  ::unlink(tmp.c_str());
  if (!won) {
    std::lock_guard<std::mutex> lock(g_tokens_mutex);
    g_tokens.erase(token);
    return false;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  held_[id] = token;
  return true;
}

void TrialClaims::release(const std::string& id) {
  std::string token;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = held_.find(id);
    if (it == held_.end()) return;
    token = it->second;
    held_.erase(it);
  }
  const std::string path = path_of(id);
  try {
    const json claim = json::parse(read_text(path));
    if (claim.value("token", std::string()) == token) ::unlink(path.c_str());
  } catch (const std::exception&) {
    // gone, or replaced by a file that is not ours: leave it
  }
  std::lock_guard<std::mutex> lock(g_tokens_mutex);
  g_tokens.erase(token);
}

void TrialClaims::refresh() {
  std::vector<std::string> paths;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [id, token] : held_) paths.push_back(path_of(id));
  }
  for (const auto& p : paths) ::utimensat(AT_FDCWD, p.c_str(), nullptr, 0);
}

}  // namespace ml
