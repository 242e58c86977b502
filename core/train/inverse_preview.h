#pragma once
/// A first look at the inverse problem while f is still learning: one inverse network trained on
/// a spare core through snapshots of f as it learns, so the GUI can draw a manifold within
/// seconds of Start instead of after the whole forward phase. It has its own thread, networks and
/// generator, and only reads f when the training thread hands it a copy: nothing of it reaches
/// the run's networks or numbers.
#include <torch/torch.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "core/api/box.h"
#include "core/train/evaluation.h"
#include "core/train/losses.h"
#include "core/nn/mlp.h"

namespace ml {

struct InversePreviewSetup {
  torch::Tensor targets;  ///< the training targets y [N, y_dim] it draws batches from
  Box box;
  double boundary_weight = 100;
  double lr = 3e-3;
  int batch = 128;
  std::int64_t seed = 1;  ///< its batch draws
  /// Steps trained through one snapshot of f at most: a paused or stopped f leaves the core idle
  /// once the preview has caught up with it.
  long steps_per_snapshot = 400;
};

class InversePreview {
 public:
  /// The networks come from the caller (Engine::Impl::new_net, under its generator lock): five
  /// networks so that no side ever waits for the other's arithmetic. `f_*` have f's options, `g_*`
  /// an inverse network's. Starts the thread, which waits for the first offer().
  InversePreview(Mlp f_offered, Mlp f_train, Mlp f_shown, Mlp g_train, Mlp g_shown, InversePreviewSetup setup);
  ~InversePreview();  ///< stops and joins
  InversePreview(const InversePreview&) = delete;
  InversePreview& operator=(const InversePreview&) = delete;

  /// Hands the preview a copy of f as it is now; call from f's training thread between steps.
  void offer(Mlp& f);
  /// Steps trained so far (0: nothing to show yet).
  long steps() const { return shown_steps_.load(); }
  /// The shown network's proposals for targets y, scored like the run's (ml::propose). Empty
  /// tensors (y undefined) before the first steps are shown.
  ProposalTensors propose(const Problem& problem, const torch::Tensor& y) const;

 private:
  void run();
  bool take_offer();  ///< copies a new offer into f_train_; false when there is none

  Mlp f_offered_, f_train_, f_shown_, g_train_, g_shown_;
  InversePreviewSetup setup_;
  BoxTensors box_;
  std::mutex offer_mutex_;
  std::condition_variable offered_;
  long offers_ = 0, taken_ = 0;        ///< guarded by offer_mutex_
  bool stop_ = false;                  ///< guarded by offer_mutex_
  std::atomic<bool> stopping_{false};  ///< stop_, read between steps without the lock
  mutable std::mutex shown_mutex_;
  std::atomic<long> shown_steps_{0};
  std::thread thread_;
};

}  // namespace ml
