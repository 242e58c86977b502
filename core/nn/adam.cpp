#include "core/nn/adam.h"

#include "core/platform/cpu_features.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>

namespace ml {
namespace {

/// One Adam update's per-element constants, as LibTorch's kernels see them: every scalar cast to
/// float, the bias corrections and step size first computed in double.
struct AdamScalars {
  float beta1, one_minus_beta1, beta2, one_minus_beta2, sqrt_bc2, eps, neg_step, weight_decay;
};

/// The update in the order LibTorch's CPU kernels compute it. With `kFma` (its AVX2 kernels),
/// add(a, b, alpha) and addcmul round once as fused multiply-adds; otherwise each operation
/// rounds. Built with -ffp-contract=off (core/CMakeLists.txt) so the compiler fuses nothing else.
template <bool kFma>
inline __attribute__((always_inline)) void adam_range(float* p, const float* g, float* m, float* v, int64_t begin,
                                                      int64_t end, const AdamScalars& s) {
  const auto madd = [](float a, float b, float c) { return kFma ? std::fma(a, b, c) : a * b + c; };
  for (int64_t i = begin; i < end; ++i) {
    float grad = g[i];
    if (s.weight_decay != 0.0f) grad = madd(p[i], s.weight_decay, grad);    // grad.add(p, wd)
    const float mi = madd(grad, s.one_minus_beta1, m[i] * s.beta1);         // exp_avg.mul_(b1).add_(grad, 1 - b1)
    const float vi = madd(s.one_minus_beta2 * grad, grad, v[i] * s.beta2);  // exp_avg_sq.mul_(b2).addcmul_(...)
    const float denom = __builtin_sqrtf(vi) / s.sqrt_bc2 + s.eps;           // (sqrt() / sqrt(bc2)).add_(eps)
    p[i] = p[i] + s.neg_step * mi / denom;                                  // p.addcdiv_(exp_avg, denom, -step)
    m[i] = mi;
    v[i] = vi;
  }
}

__attribute__((target("avx2,fma"))) void adam_fma(float* p, const float* g, float* m, float* v, int64_t begin,
                                                  int64_t end, const AdamScalars& s) {
  adam_range<true>(p, g, m, v, begin, end, s);
}

void adam_plain(float* p, const float* g, float* m, float* v, int64_t begin, int64_t end, const AdamScalars& s) {
  adam_range<false>(p, g, m, v, begin, end, s);
}

bool fusable(const torch::Tensor& p, const torch::Tensor& grad, const torch::Tensor& m, const torch::Tensor& v) {
  return p.is_cpu() && p.scalar_type() == torch::kFloat && grad.scalar_type() == torch::kFloat && p.is_contiguous() &&
         grad.is_contiguous() && m.is_contiguous() && v.is_contiguous();
}

/// The fused pass; row r (row_len elements) steps by neg_steps[r]. One row is the whole parameter.
void fused_rows(const torch::Tensor& p, const torch::Tensor& grad, const torch::Tensor& m, const torch::Tensor& v,
                AdamScalars s, const std::vector<float>& neg_steps, int64_t row_len) {
  if (p.numel() == 0) return;
  const auto kernel = cpu_has_avx2_fma() ? adam_fma : adam_plain;
  float* pd = p.data_ptr<float>();
  const float* gd = grad.data_ptr<float>();
  float* md = m.data_ptr<float>();
  float* vd = v.data_ptr<float>();
  at::parallel_for(0, p.numel(), 1 << 15, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end;) {
      const int64_t r = i / row_len, stop = std::min(end, (r + 1) * row_len);
      AdamScalars rs = s;
      rs.neg_step = neg_steps[r];
      kernel(pd, gd, md, vd, i, stop, rs);
      i = stop;
    }
  });
}

/// torch::optim::Adam's operations up to the parameter update; returns the denominator.
torch::Tensor torch_moments(const torch::Tensor& p, const torch::Tensor& grad, const torch::Tensor& m,
                            const torch::Tensor& v, double bc2, double weight_decay) {
  const auto g = weight_decay != 0 ? grad.add(p, weight_decay) : grad;
  m.mul_(kAdamBeta1).add_(g, 1 - kAdamBeta1);
  v.mul_(kAdamBeta2).addcmul_(g, g, 1 - kAdamBeta2);
  return (v.sqrt() / std::sqrt(bc2)).add_(kAdamEps);
}

struct BiasCorrections {
  double bc1, bc2;
  explicit BiasCorrections(long t) : bc1(1 - std::pow(kAdamBeta1, t)), bc2(1 - std::pow(kAdamBeta2, t)) {}
};

AdamScalars scalars(double bc2, double weight_decay) {
  return {static_cast<float>(kAdamBeta1),
          static_cast<float>(1 - kAdamBeta1),
          static_cast<float>(kAdamBeta2),
          static_cast<float>(1 - kAdamBeta2),
          static_cast<float>(std::sqrt(bc2)),
          static_cast<float>(kAdamEps),
          0.0f,
          static_cast<float>(weight_decay)};
}

}  // namespace

void adam_update(const torch::Tensor& p, const torch::Tensor& grad, const torch::Tensor& exp_avg,
                 const torch::Tensor& exp_avg_sq, long t, double lr, double weight_decay) {
  torch::NoGradGuard no_grad;
  const BiasCorrections c(t);
  const double step_size = lr / c.bc1;
  if (fusable(p, grad, exp_avg, exp_avg_sq)) {
    fused_rows(p, grad, exp_avg, exp_avg_sq, scalars(c.bc2, weight_decay), {static_cast<float>(-step_size)}, p.numel());
    return;
  }
  const auto denom = torch_moments(p, grad, exp_avg, exp_avg_sq, c.bc2, weight_decay);
  p.addcdiv_(exp_avg, denom, -step_size);
}

void adam_update(const torch::Tensor& p, const torch::Tensor& grad, const torch::Tensor& exp_avg,
                 const torch::Tensor& exp_avg_sq, long t, const torch::Tensor& row_lr, double weight_decay) {
  TORCH_CHECK(p.dim() >= 1 && row_lr.dim() == 1 && row_lr.size(0) == p.size(0),
              "adam_update: one learning rate per row of the parameter");
  if (p.numel() == 0) return;
  torch::NoGradGuard no_grad;
  const BiasCorrections c(t);
  if (fusable(p, grad, exp_avg, exp_avg_sq) && row_lr.is_cpu()) {
    // Each row's step as the single-number form computes it, so row r steps as one optimiser would.
    const auto lr = row_lr.to(torch::kFloat64).contiguous();
    const double* l = lr.data_ptr<double>();
    std::vector<float> neg_steps(p.size(0));
    for (int64_t r = 0; r < p.size(0); ++r) neg_steps[r] = static_cast<float>(-(l[r] / c.bc1));
    fused_rows(p, grad, exp_avg, exp_avg_sq, scalars(c.bc2, weight_decay), neg_steps, p.numel() / p.size(0));
    return;
  }
  // addcdiv_ takes one number; this rounds as LibTorch's CPU addcdiv does, (step * m) / denom, with
  // the step as a tensor (no host sync). CUDA's addcdiv rounds otherwise: there rows match separate
  // optimisers to rounding only.
  const auto denom = torch_moments(p, grad, exp_avg, exp_avg_sq, c.bc2, weight_decay);
  std::vector<int64_t> shape(p.dim(), 1);
  shape[0] = p.size(0);
  const auto neg_step = row_lr.to(torch::kFloat64).div(c.bc1).neg_().to(p.scalar_type()).view(shape);
  p.add_(exp_avg.mul(neg_step).div_(denom));
}

FusedAdam::FusedAdam(std::vector<torch::Tensor> params, double weight_decay)
    : params_(std::move(params)), weight_decay_(weight_decay) {
  for (const auto& p : params_) {
    exp_avg_.push_back(torch::zeros_like(p, torch::MemoryFormat::Contiguous));
    exp_avg_sq_.push_back(torch::zeros_like(p, torch::MemoryFormat::Contiguous));
  }
}

void FusedAdam::zero_grad() {
  for (auto& p : params_)
    if (p.grad().defined()) p.mutable_grad() = torch::Tensor();
}

template <class Lr>
void FusedAdam::step_with(const Lr& lr) {
  ++t_;
  for (size_t i = 0; i < params_.size(); ++i)
    if (params_[i].grad().defined())
      adam_update(params_[i], params_[i].grad(), exp_avg_[i], exp_avg_sq_[i], t_, lr, weight_decay_);
}

void FusedAdam::step() { step_with(lr_); }
void FusedAdam::step(const torch::Tensor& row_lr) { step_with(row_lr); }

}  // namespace ml
