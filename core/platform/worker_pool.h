#pragma once
/// A fixed set of worker threads for fork-join parallelism over independent LibTorch work (the
/// joint schedule's k networks, the bench's parallel path). Each worker sets its own LibTorch
/// intra-op thread count once, so workers x intra_threads never exceeds what the caller planned.
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ml {

class WorkerPool {
 public:
  /// `workers` >= 1. With one worker the tasks run on the caller's thread with the caller's
  /// LibTorch thread count (no thread is started; `intra_threads` is unused).
  /// Each started worker calls at::set_num_threads(intra_threads) on itself; the process-wide
  /// default that call also changes is put back to the caller's count afterwards.
  WorkerPool(int workers, int intra_threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int size() const { return workers_; }

  /// Runs task(w) for every worker w = 0..size()-1, each on its own thread, and returns when all
  /// have finished. Rethrows the first exception a task threw. One caller at a time.
  void run(const std::function<void(int)>& task);

 private:
  void loop(int w);

  int workers_ = 1;
  int intra_threads_ = 1;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable start_cv_, done_cv_;
  const std::function<void(int)>* task_ = nullptr;  ///< guarded by mutex_
  long generation_ = 0;                             ///< guarded by mutex_
  int pending_ = 0;                                 ///< guarded by mutex_
  int ready_ = 0;                                   ///< workers that set their threads
  bool quit_ = false;                               ///< guarded by mutex_
  std::exception_ptr error_;                        ///< guarded by mutex_
};

/// How a budget of `threads` CPU threads is spread over `tasks` independent jobs: at most one
/// worker per job, each with threads / workers intra-op threads (at least 1).
struct ThreadSplit {
  int workers = 1;
  int intra = 1;
};
ThreadSplit split_threads(int threads, int tasks);

}  // namespace ml
