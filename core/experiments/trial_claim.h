#pragma once
/// Trial claims: any number of `sweep` processes may work on one sweep folder at once (the shards
/// of a Slurm array, a resubmitted task, a second terminal, on one machine or many sharing the
/// folder), so each claims a trial before training it and a trial is trained once. A claim is
/// DIR/claims/<id>.claim, a small JSON file {host, pid, started, token} linked into place with
/// link(2), which fails when the name exists: on a local file system and on NFS v3+ exactly one
/// process creates it, and it is never seen half written. While its trial trains, a heartbeat
/// thread refreshes the claim's mtime; a claim older than the takeover time (a worker killed with
/// SIGKILL, a node lost), or one from a process of this host that is gone, is taken over (under
/// a lock file <id>.claim.takeover, so of several takers one wins), and a live one never is. A claim file that does not
/// parse is treated as absent, with a warning. Torch-free header.
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace ml {

/// The claims of one process on one sweep folder. Thread-safe; claim and release may be called
/// from any thread. The destructor stops the heartbeat and releases the claims still held.
class TrialClaims {
 public:
  /// dir: the sweep folder (claims live in dir/claims/, created on the first claim).
  /// takeover_s: a claim whose mtime is older than this many seconds belongs to a dead worker.
  /// warn: receives one-line warnings (a corrupt claim file); null prints them to stderr.
  TrialClaims(std::string dir, double takeover_s, std::function<void(const std::string&)> warn = nullptr);
  ~TrialClaims();
  TrialClaims(const TrialClaims&) = delete;
  TrialClaims& operator=(const TrialClaims&) = delete;

  /// True when this process now holds id's claim (it was free, stale, corrupt or a dead
  /// worker's); false when another live worker holds it. Throws std::runtime_error naming the
  /// path when the claims folder cannot be written.
  bool claim(const std::string& id);
  /// Removes id's claim if this object still holds it (a claim taken over meanwhile is left).
  void release(const std::string& id);
  /// Sets the mtime of every held claim to now. The heartbeat thread calls it every
  /// heartbeat_seconds(); public for tests.
  void refresh();
  /// The heartbeat period: a quarter of the takeover time, between 0.05 s and 30 s.
  double heartbeat_seconds() const;
  /// DIR/claims/<id>.claim.
  std::string path_of(const std::string& id) const;

 private:
  std::string dir_;
  double takeover_s_;
  std::function<void(const std::string&)> warn_;
  std::mutex mutex_;                         // guards held_ and done_
  std::map<std::string, std::string> held_;  // id -> token written into its claim
  std::condition_variable wake_;
  bool done_ = false;
  std::thread heartbeat_;
};

}  // namespace ml
