#include "core/train/joint_trainer.h"

#include "core/train/epoch_loop.h"
#include "core/train/joint_step.h"

namespace ml {
namespace {

/// The joint steps as the epoch loop's stepper: the batch's targets and the hot lambda and sigma2
/// go to the JointStepper, read once per joint step so that all k networks see the same values.
class JointEpochStepper : public EpochStepper {
 public:
  JointEpochStepper(JointStepper& joint, std::vector<Mlp>& nets, const TrainContext& ctx)
      : joint_(joint), nets_(nets), ctx_(ctx), lambda_(ctx, &Config::lambda), sigma2_(ctx, &Config::sigma2) {}

  torch::Tensor step(const torch::Tensor& idx, const std::vector<double>& lrs) override {
    return joint_.step(ctx_.data.y_train.index_select(0, idx), lambda_(), sigma2_(), lrs);
  }
  std::vector<torch::nn::Module*> modules() override {
    std::vector<torch::nn::Module*> out;
    for (auto& g : nets_) out.push_back(g.get());
    return out;
  }
  // Progress callbacks may query the networks (Engine::propose), and the batched stepper trains copies.
  void publish() override { joint_.write_back(nets_); }

 private:
  JointStepper& joint_;
  std::vector<Mlp>& nets_;
  const TrainContext& ctx_;
  const LiveValue lambda_, sigma2_;  // slots looked up once, not per step
};

}  // namespace

std::string joint_path_for(const torch::Device& device) {
  (void)device;  // measured on CPU (bench): batched groups beat per-network threads at k >= 2
  return "batched";
}

TrainStatus train_inverse_joint(std::vector<Mlp>& nets, const ForwardFn& f, TrainContext& ctx, int threads) {
  const Config& c = ctx.config;
  const int k = static_cast<int>(nets.size());
  TORCH_CHECK(k > 0, "the joint schedule needs at least one inverse network");
  for (auto& g : nets) {
    g->train();
    set_trainable(*g, true);
  }
  const auto& y = ctx.data.y_train;
  JointStepOptions options{BoxTensors(ctx.data.box, y.device()), c.boundary_weight, c.weight_decay_inverse,
                           c.grad_clip_inverse, nets.front()->out_scale()};
  const ThreadSplit split = split_threads(y.device().is_cuda() ? 1 : threads, k);
  auto joint = joint_path_for(y.device()) == "batched" ? make_batched_stepper(nets, f, options, split)
                                                       : make_parallel_stepper(nets, f, options, split);
  JointEpochStepper stepper(*joint, nets, ctx);
  EpochPlan plan;
  plan.first_network = 0;
  plan.networks = k;
  plan.joint = true;
  plan.epochs = c.epochs_inverse;  // one network step (StepMode::Network): the whole joint phase
  plan.rows = y.size(0);
  plan.schedule = c.lr_schedule_inverse;
  const LiveValue lr(ctx, &Config::lr_inverse);
  plan.base_lr = [&] { return lr(); };
  plan.shuffle_seed = derive_seed(c.seed, SeedStream::JointShuffle);
  const auto status = run_epochs(plan, stepper, ctx);
  for (auto& g : nets) g->eval();
  return status;
}

}  // namespace ml
