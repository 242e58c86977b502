#include "core/platform/worker_pool.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <utility>

namespace ml {

ThreadSplit split_threads(int threads, int tasks) {
  ThreadSplit s;
  s.workers = std::max(1, std::min(threads, tasks));
  s.intra = std::max(1, threads / s.workers);
  return s;
}

WorkerPool::WorkerPool(int workers, int intra_threads)
    : workers_(std::max(1, workers)), intra_threads_(std::max(1, intra_threads)) {
  if (workers_ == 1) return;
  const int caller_threads = at::get_num_threads();
  threads_.reserve(workers_);
  for (int w = 0; w < workers_; ++w) threads_.emplace_back([this, w] { loop(w); });
  std::unique_lock<std::mutex> lock(mutex_);
  done_cv_.wait(lock, [&] { return ready_ == workers_; });
  // at::set_num_threads also stores a process-wide default that threads started later inherit:
  // restore the caller's (this sets the caller's own count, which is unchanged).
  at::set_num_threads(caller_threads);
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    quit_ = true;
  }
  start_cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void WorkerPool::loop(int w) {
  // get_num_threads first: LibTorch initialises a thread's count lazily from the process-wide
  // default on its first parallel op, which would undo a set_num_threads made before it.
  at::get_num_threads();
  at::set_num_threads(intra_threads_);
  long seen = 0;
  std::unique_lock<std::mutex> lock(mutex_);
  ++ready_;
  done_cv_.notify_all();
  for (;;) {
    start_cv_.wait(lock, [&] { return quit_ || generation_ != seen; });
    if (quit_) return;
    seen = generation_;
    const auto* task = task_;
    lock.unlock();
    std::exception_ptr error;
    try {
      (*task)(w);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    if (error && !error_) error_ = error;
    if (--pending_ == 0) done_cv_.notify_all();
  }
}

void WorkerPool::run(const std::function<void(int)>& task) {
  if (workers_ == 1) {
    task(0);
    return;
  }
  std::unique_lock<std::mutex> lock(mutex_);
  task_ = &task;
  pending_ = workers_;
  error_ = nullptr;
  ++generation_;
  start_cv_.notify_all();
  done_cv_.wait(lock, [&] { return pending_ == 0; });
  task_ = nullptr;
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

}  // namespace ml
