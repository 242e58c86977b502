#include "core/nn/adam.h"

#include "core/platform/cpu_features.h"

#include <ATen/Parallel.h>

#include <cmath>

namespace ml {
namespace {

constexpr double kBeta1 = 0.9, kBeta2 = 0.999, kEps = 1e-8;

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

}  // namespace

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

void FusedAdam::step() {
  torch::NoGradGuard no_grad;
  ++t_;
  const double bc1 = 1 - std::pow(kBeta1, t_), bc2 = 1 - std::pow(kBeta2, t_);
  const double step_size = lr_ / bc1;
  const AdamScalars s{static_cast<float>(kBeta1),     static_cast<float>(1 - kBeta1),     static_cast<float>(kBeta2),
                      static_cast<float>(1 - kBeta2), static_cast<float>(std::sqrt(bc2)), static_cast<float>(kEps),
                      static_cast<float>(-step_size), static_cast<float>(weight_decay_)};
  const auto kernel = cpu_has_avx2_fma() ? adam_fma : adam_plain;
  for (size_t i = 0; i < params_.size(); ++i) {
    auto& p = params_[i];
    if (!p.grad().defined()) continue;
    const auto grad = p.grad();
    if (p.is_cpu() && p.scalar_type() == torch::kFloat && p.is_contiguous() && grad.is_contiguous()) {
      float* pd = p.data_ptr<float>();
      const float* gd = grad.data_ptr<float>();
      float* md = exp_avg_[i].data_ptr<float>();
      float* vd = exp_avg_sq_[i].data_ptr<float>();
      at::parallel_for(0, p.numel(), 1 << 15,
                       [&](int64_t begin, int64_t end) { kernel(pd, gd, md, vd, begin, end, s); });
      continue;
    }
    // torch::optim::Adam's operations, for what the loop above does not cover.
    auto g = weight_decay_ != 0 ? grad.add(p, weight_decay_) : grad;
    exp_avg_[i].mul_(kBeta1).add_(g, 1 - kBeta1);
    exp_avg_sq_[i].mul_(kBeta2).addcmul_(g, g, 1 - kBeta2);
    const auto denom = (exp_avg_sq_[i].sqrt() / std::sqrt(bc2)).add_(kEps);
    p.addcdiv_(exp_avg_[i], denom, -step_size);
  }
}

}  // namespace ml
