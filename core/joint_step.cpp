#include "core/joint_step.h"

#include <cmath>

#include "core/batched_mlp.h"

namespace ml {
namespace {

class ParallelStepper : public JointStepper {
 public:
  ParallelStepper(std::vector<Mlp>& nets, Mlp& f, JointStepOptions options, ThreadSplit split)
      : nets_(nets), f_(f), options_(std::move(options)), xs_(nets.size()), terms_(nets.size()) {
    pool_ = std::make_unique<WorkerPool>(split.workers, split.intra);
    for (auto& g : nets_)
      opts_.push_back(std::make_unique<torch::optim::Adam>(
          g->parameters(), torch::optim::AdamOptions(1e-3).weight_decay(options_.weight_decay)));
  }

  std::vector<torch::Tensor> step(const torch::Tensor& yb, double lambda, double sigma2,
                                  const std::vector<double>& lrs) override {
    const int k = static_cast<int>(nets_.size()), workers = pool_->size();
    TORCH_CHECK(static_cast<int>(lrs.size()) == k, "one learning rate per network");
    for (int m = 0; m < k; ++m)
      for (auto& group : opts_[m]->param_groups())
        static_cast<torch::optim::AdamOptions&>(group.options()).lr(lrs[m]);
    // Phase 1: every network's proposals (with their graphs), so that phase 2 can repel network
    // m from the finished outputs of networks r < m.
    pool_->run([&](int w) {
      for (int m = w; m < k; m += workers) xs_[m] = nets_[m]->forward(yb);
    });
    // Phase 2: each network's loss, backward and Adam step on the worker that built its graph.
    pool_->run([&](int w) {
      for (int m = w; m < k; m += workers) {
        std::vector<torch::Tensor> others;
        for (int r = 0; r < m; ++r) others.push_back(xs_[r].detach());
        const auto fit = torch::mse_loss(f_->forward(xs_[m]), yb);
        const auto bnd = boundary_loss(xs_[m], options_.box);
        const auto rep = repulsion_loss(xs_[m], others, lambda, sigma2);
        const auto terms = torch::stack({fit + options_.boundary_weight * bnd + rep, fit, bnd, rep});
        opts_[m]->zero_grad();
        terms[0].backward();
        opts_[m]->step();
        terms_[m] = terms.detach();
      }
    });
    for (auto& x : xs_) x = torch::Tensor();
    return terms_;
  }

  std::string path() const override { return "parallel"; }

 private:
  std::vector<Mlp>& nets_;
  Mlp& f_;
  JointStepOptions options_;
  std::unique_ptr<WorkerPool> pool_;
  std::vector<std::unique_ptr<torch::optim::Adam>> opts_;
  std::vector<torch::Tensor> xs_, terms_;
};

/// Adam over stacked [k, ...] parameters with one learning rate per network; the same arithmetic
/// as torch::optim::Adam (betas 0.9/0.999, eps 1e-8, L2 weight decay added to the gradient).
class StackedAdam {
 public:
  StackedAdam(std::vector<torch::Tensor> params, double weight_decay)
      : params_(std::move(params)), weight_decay_(weight_decay) {
    for (const auto& p : params_) {
      exp_avg_.push_back(torch::zeros_like(p));
      exp_avg_sq_.push_back(torch::zeros_like(p));
    }
  }
  void zero_grad() {
    for (auto& p : params_)
      if (p.grad().defined()) p.mutable_grad() = torch::Tensor();
  }
  void step(const torch::Tensor& lrs) {  // lrs: [k] on the parameters' device
    torch::NoGradGuard no_grad;
    ++t_;
    const double bc1 = 1 - std::pow(kBeta1, t_), bc2 = 1 - std::pow(kBeta2, t_);
    const auto step_size = lrs / bc1;
    for (size_t i = 0; i < params_.size(); ++i) {
      auto& p = params_[i];
      if (!p.grad().defined()) continue;
      auto grad = p.grad();
      if (weight_decay_ != 0) grad = grad.add(p, weight_decay_);
      exp_avg_[i].mul_(kBeta1).add_(grad, 1 - kBeta1);
      exp_avg_sq_[i].mul_(kBeta2).addcmul_(grad, grad, 1 - kBeta2);
      const auto denom = (exp_avg_sq_[i].sqrt() / std::sqrt(bc2)).add_(kEps);
      std::vector<int64_t> shape(p.dim(), 1);
      shape[0] = p.size(0);
      p.sub_(step_size.view(shape) * exp_avg_[i] / denom);
    }
  }

 private:
  static constexpr double kBeta1 = 0.9, kBeta2 = 0.999, kEps = 1e-8;
  std::vector<torch::Tensor> params_, exp_avg_, exp_avg_sq_;
  double weight_decay_ = 0;
  long t_ = 0;
};

class BatchedStepper : public JointStepper {
 public:
  BatchedStepper(const std::vector<Mlp>& nets, Mlp& f, JointStepOptions options)
      : f_(f), options_(std::move(options)), g_(nets.front()->options(), static_cast<int>(nets.size())) {
    const auto device = nets.front()->parameters().front().device();
    g_->to(device);
    g_->copy_from(nets);
    adam_ = std::make_unique<StackedAdam>(g_->parameters(), options_.weight_decay);  // state on the device
    g_->train(nets.front()->is_training());
    const int k = static_cast<int>(nets.size());
    // mask[m][r] = 1 for r < m: network m is repelled by the earlier ones only.
    mask_ = torch::ones({k, k}, torch::TensorOptions().device(device)).tril(-1);
  }

  std::vector<torch::Tensor> step(const torch::Tensor& yb, double lambda, double sigma2,
                                  const std::vector<double>& lrs) override {
    const long k = g_->networks(), b = yb.size(0);
    TORCH_CHECK(static_cast<long>(lrs.size()) == k, "one learning rate per network");
    const auto x = g_->forward(yb);  // [k, B, xd]
    const auto fy = f_->forward(x.reshape({k * b, -1})).view({k, b, -1});
    const auto fit = (fy - yb.unsqueeze(0)).pow(2).mean({1, 2});
    const auto bnd = torch::relu((x - options_.box.mid).abs() - options_.box.half).mean({1, 2});
    const auto xd = x.detach();
    const auto d = (x.unsqueeze(1) - xd.unsqueeze(0)).pow(2).sum(-1);  // [k(m), k(r), B]
    const auto rep = -lambda * ((1.0 - torch::exp(-d / sigma2)).mean(-1) * mask_).sum(1);
    const auto total = fit + options_.boundary_weight * bnd + rep;
    adam_->zero_grad();
    total.sum().backward();
    adam_->step(torch::tensor(lrs, torch::kFloat64).to(x.device(), torch::kFloat32));
    const auto terms = torch::stack({total, fit, bnd, rep}, 1).detach();
    return terms.unbind(0);
  }

  void write_back(std::vector<Mlp>& nets) override { g_->copy_to(nets); }
  std::string path() const override { return "batched"; }

 private:
  Mlp& f_;
  JointStepOptions options_;
  BatchedMlp g_;
  std::unique_ptr<StackedAdam> adam_;
  torch::Tensor mask_;
};

}  // namespace

std::unique_ptr<JointStepper> make_parallel_stepper(std::vector<Mlp>& nets, Mlp& f, JointStepOptions options,
                                                    ThreadSplit split) {
  TORCH_CHECK(!nets.empty(), "the joint step needs at least one network");
  return std::make_unique<ParallelStepper>(nets, f, std::move(options), split);
}

std::unique_ptr<JointStepper> make_batched_stepper(const std::vector<Mlp>& nets, Mlp& f, JointStepOptions options) {
  TORCH_CHECK(!nets.empty(), "the joint step needs at least one network");
  return std::make_unique<BatchedStepper>(nets, f, std::move(options));
}

}  // namespace ml
