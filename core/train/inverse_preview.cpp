#include "core/train/inverse_preview.h"

#include "core/platform/process_env.h"

#include "core/nn/adam.h"
#include "core/problems/dataset.h"
#include "core/train/trainer.h"

namespace ml {
namespace {

/// dst's parameters and buffers become src's (same options).
void copy_state(Mlp& dst, Mlp& src) {
  torch::NoGradGuard no_grad;
  const auto dp = dst->parameters(), sp = src->parameters();
  for (size_t i = 0; i < dp.size(); ++i) dp[i].copy_(sp[i]);
  const auto db = dst->buffers(), sb = src->buffers();
  for (size_t i = 0; i < db.size(); ++i) db[i].copy_(sb[i]);
}

// Steps between two publications of the trained network: a few per second at the quick size.
constexpr long kShowEvery = 50;

}  // namespace

InversePreview::InversePreview(Mlp f_offered, Mlp f_train, Mlp f_shown, Mlp g_train, Mlp g_shown,
                               InversePreviewSetup setup)
    : f_offered_(std::move(f_offered)),
      f_train_(std::move(f_train)),
      f_shown_(std::move(f_shown)),
      g_train_(std::move(g_train)),
      g_shown_(std::move(g_shown)),
      setup_(std::move(setup)),
      box_(setup_.box, setup_.targets.device()) {
  for (Mlp* f : {&f_offered_, &f_train_, &f_shown_}) {
    set_trainable(**f, false);
    (*f)->eval();
  }
  set_trainable(*g_shown_, false);
  g_shown_->eval();
  thread_ = std::thread([this] { run(); });
}

InversePreview::~InversePreview() {
  {
    std::lock_guard<std::mutex> lock(offer_mutex_);
    stop_ = true;
  }
  stopping_ = true;
  offered_.notify_all();
  thread_.join();
}

void InversePreview::offer(Mlp& f) {
  {
    std::lock_guard<std::mutex> lock(offer_mutex_);
    copy_state(f_offered_, f);
    ++offers_;
  }
  offered_.notify_all();
}

bool InversePreview::take_offer() {
  std::unique_lock<std::mutex> lock(offer_mutex_);
  if (taken_ == offers_) return false;
  copy_state(f_train_, f_offered_);
  taken_ = offers_;
  return true;
}

void InversePreview::run() {
  // One core of its own: the run it previews trains on one thread (Engine::train checks). Low
  // priority: where the GUI's own thread needs that core too, the real training keeps its pace (and
  // the remaining time its measured forward rate).
  at::set_num_threads(1);
  lower_this_thread_priority();
  auto gen = seeded_generator(setup_.seed);
  FusedAdam adam(g_train_->parameters());
  adam.set_lr(setup_.lr);
  const InverseLossWeights weights{setup_.boundary_weight, 0.0, 1.0, {}};
  const ForwardFn f = f_train_;
  const long n = setup_.targets.size(0);
  g_train_->train();
  long steps = 0, left = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(offer_mutex_);
      offered_.wait(lock, [&] { return stop_ || offers_ != taken_ || left > 0; });
      if (stop_) return;
    }
    if (take_offer()) left = setup_.steps_per_snapshot;
    const long chunk = std::min(left, kShowEvery);
    for (long i = 0; i < chunk && !stopping_; ++i) {
      const auto idx = torch::randint(n, {std::min<long>(setup_.batch, n)}, gen, torch::kLong);
      adam.zero_grad();
      const auto terms = inverse_step_terms(g_train_, {}, f, setup_.targets.index_select(0, idx), box_, weights);
      terms[0].backward();
      adam.step();
    }
    left -= chunk;
    steps += chunk;
    std::lock_guard<std::mutex> lock(shown_mutex_);
    copy_state(f_shown_, f_train_);
    copy_state(g_shown_, g_train_);
    shown_steps_ = steps;
  }
}

ProposalTensors InversePreview::propose(const Problem& problem, const torch::Tensor& y) const {
  std::lock_guard<std::mutex> lock(shown_mutex_);
  if (shown_steps_.load() == 0) return {};
  std::vector<Mlp> nets{g_shown_};
  return ml::propose(f_shown_, nets, problem, y);
}

}  // namespace ml
