#include "core/train/joint_step.h"

#include <algorithm>

#include "core/nn/adam.h"
#include "core/nn/batched_mlp.h"
#include "core/nn/grad_clip.h"

namespace ml {
namespace {

class ParallelStepper : public JointStepper {
 public:
  ParallelStepper(std::vector<Mlp>& nets, const ForwardFn& f, JointStepOptions options, ThreadSplit split)
      : nets_(nets), f_(f), options_(std::move(options)), xs_(nets.size()), terms_(nets.size()) {
    pool_ = std::make_unique<WorkerPool>(split.workers, split.intra);
    for (auto& g : nets_) opts_.push_back(std::make_unique<FusedAdam>(g->parameters(), options_.weight_decay));
  }

  torch::Tensor step(const torch::Tensor& yb, double lambda, double sigma2, const std::vector<double>& lrs) override {
    const int k = static_cast<int>(nets_.size()), workers = pool_->size();
    TORCH_CHECK(static_cast<int>(lrs.size()) == k, "one learning rate per network");
    for (int m = 0; m < k; ++m) opts_[m]->set_lr(lrs[m]);
    // Phase 1: every network's proposals (with their graphs), so that phase 2 can repel network
    // m from the finished outputs of networks r < m.
    pool_->run([&](int w) {
      for (int m = w; m < k; m += workers) xs_[m] = nets_[m]->forward(yb);
    });
    // Phase 2: each network's loss, backward and Adam step on the worker that built its graph.
    pool_->run([&](int w) {
      for (int m = w; m < k; m += workers) {
        std::vector<torch::Tensor> earlier;
        for (int r = 0; r < m; ++r) earlier.push_back(xs_[r].detach());
        const auto terms = inverse_terms(xs_[m].unsqueeze(0), yb, f_, earlier_proposals(earlier), {}, options_.box,
                                         {options_.boundary_weight, lambda, sigma2, options_.x_scale})[0];
        opts_[m]->zero_grad();
        terms[0].backward();
        clip_grad_norm(nets_[m]->parameters(), options_.max_grad_norm);
        opts_[m]->step();
        terms_[m] = terms.detach();
      }
    });
    for (auto& x : xs_) x = torch::Tensor();
    return torch::stack(terms_);
  }

  std::string path() const override { return "parallel"; }

 private:
  std::vector<Mlp>& nets_;
  ForwardFn f_;
  JointStepOptions options_;
  std::unique_ptr<WorkerPool> pool_;
  std::vector<std::unique_ptr<FusedAdam>> opts_;
  std::vector<torch::Tensor> xs_, terms_;
};

/// Networks [first, first + count) as one BatchedMlp with its own stacked Adam.
struct Group {
  long first = 0, count = 0;
  BatchedMlp g{nullptr};
  std::unique_ptr<FusedAdam> adam;  ///< stepped with one learning rate per network (row)
  torch::Tensor mask;               ///< [count, k]: 1 where r < m (m = first + row)
  torch::Tensor x;                  ///< this step's proposals [count, B, xd], with graph
};

class BatchedStepper : public JointStepper {
 public:
  BatchedStepper(const std::vector<Mlp>& nets, const ForwardFn& f, JointStepOptions options, ThreadSplit split)
      : f_(f), options_(std::move(options)), k_(static_cast<long>(nets.size())) {
    const auto device = nets.front()->parameters().front().device();
    const long groups = std::max(1, std::min<int>(split.workers, static_cast<int>(k_)));
    pool_ = std::make_unique<WorkerPool>(static_cast<int>(groups), split.intra);
    const auto r = torch::arange(k_, torch::TensorOptions().device(device));
    for (long w = 0; w < groups; ++w) {
      Group grp;
      grp.first = k_ * w / groups;
      grp.count = k_ * (w + 1) / groups - grp.first;
      const std::vector<Mlp> part(nets.begin() + grp.first, nets.begin() + grp.first + grp.count);
      grp.g = BatchedMlp(part.front()->options(), static_cast<int>(grp.count));
      grp.g->to(device);
      grp.g->copy_from(part);
      grp.g->train(part.front()->is_training());
      grp.adam = std::make_unique<FusedAdam>(grp.g->parameters(), options_.weight_decay);  // state on the device
      const auto m = torch::arange(grp.first, grp.first + grp.count, r.options());
      grp.mask = (r.unsqueeze(0) < m.unsqueeze(1)).to(torch::kFloat32);
      groups_.push_back(std::move(grp));
    }
  }

  torch::Tensor step(const torch::Tensor& yb, double lambda, double sigma2, const std::vector<double>& lrs) override {
    TORCH_CHECK(static_cast<long>(lrs.size()) == k_, "one learning rate per network");
    // In double: each network then steps exactly as the parallel path's FusedAdam would.
    const auto lr_all = torch::tensor(lrs, torch::kFloat64).to(yb.device());
    // Phase 1: every group's proposals; phase 2 repels each network from all earlier ones.
    pool_->run([&](int w) { groups_[w].x = groups_[w].g->forward(yb); });
    std::vector<torch::Tensor> parts;
    for (const auto& grp : groups_) parts.push_back(grp.x.detach());
    const auto all = torch::cat(parts);  // [k, B, xd], no graph
    std::vector<torch::Tensor> terms(groups_.size());
    pool_->run([&](int w) {
      Group& grp = groups_[w];
      const auto t = inverse_terms(grp.x, yb, f_, all, grp.mask, options_.box,
                                   {options_.boundary_weight, lambda, sigma2, options_.x_scale});
      grp.adam->zero_grad();
      t.select(1, 0).sum().backward();
      clip_grad_norm(grp.g->parameters(), options_.max_grad_norm, /*stacked=*/true);
      grp.adam->step(lr_all.slice(0, grp.first, grp.first + grp.count));
      terms[w] = t.detach();
      grp.x = torch::Tensor();
    });
    return torch::cat(terms);
  }

  void write_back(std::vector<Mlp>& nets) override {
    for (auto& grp : groups_) {
      std::vector<Mlp> part(nets.begin() + grp.first, nets.begin() + grp.first + grp.count);
      grp.g->copy_to(part);
    }
  }
  std::string path() const override { return "batched"; }

 private:
  ForwardFn f_;
  JointStepOptions options_;
  long k_;
  std::unique_ptr<WorkerPool> pool_;
  std::vector<Group> groups_;
};

}  // namespace

std::unique_ptr<JointStepper> make_parallel_stepper(std::vector<Mlp>& nets, const ForwardFn& f,
                                                    JointStepOptions options, ThreadSplit split) {
  TORCH_CHECK(!nets.empty(), "the joint step needs at least one network");
  return std::make_unique<ParallelStepper>(nets, f, std::move(options), split);
}

std::unique_ptr<JointStepper> make_batched_stepper(const std::vector<Mlp>& nets, const ForwardFn& f,
                                                   JointStepOptions options, ThreadSplit split) {
  TORCH_CHECK(!nets.empty(), "the joint step needs at least one network");
  return std::make_unique<BatchedStepper>(nets, f, std::move(options), split);
}

}  // namespace ml
