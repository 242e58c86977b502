#include "core/nn/batchnorm_relu.h"

#include "core/platform/cpu_features.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace ml {
namespace {

struct Shape {
  int64_t n, c;
};

/// gy where ReLU's output y is open, else 0, as a bit mask: a select the vectoriser takes.
inline __attribute__((always_inline)) float relu_gradient(float gy, float y) {
  std::uint32_t bits;
  std::memcpy(&bits, &gy, sizeof bits);
  bits &= -static_cast<std::uint32_t>(y > 0.0f);
  float g;
  std::memcpy(&g, &bits, sizeof g);
  return g;
}

// Each pass streams whole rows [r0, r1) in memory order.

/// sum += x, sum_sq += x^2 per column.
inline __attribute__((always_inline)) void sum_moments(const float* x, Shape s, int64_t r0, int64_t r1, double* sum,
                                                       double* sum_sq) {
  for (int64_t i = r0; i < r1; ++i) {
    const float* row = x + i * s.c;
    for (int64_t j = 0; j < s.c; ++j) {
      const double v = row[j];
      sum[j] += v;
      sum_sq[j] += v * v;
    }
  }
}

/// y = max(0, x * scale + shift).
inline __attribute__((always_inline)) void scale_shift_relu(const float* x, const float* scale, const float* shift,
                                                            float* y, Shape s, int64_t r0, int64_t r1) {
  for (int64_t i = r0; i < r1; ++i)
    for (int64_t j = 0; j < s.c; ++j) y[i * s.c + j] = std::max(x[i * s.c + j] * scale[j] + shift[j], 0.0f);
}

/// With g = relu_gradient(gy, y): sum_g += g, sum_gx += g x per column.
inline __attribute__((always_inline)) void sum_gradients(const float* gy, const float* y, const float* x, Shape s,
                                                         int64_t r0, int64_t r1, double* sum_g, double* sum_gx) {
  for (int64_t i = r0; i < r1; ++i) {
    const int64_t at = i * s.c;
    for (int64_t j = 0; j < s.c; ++j) {
      const float g = relu_gradient(gy[at + j], y[at + j]);
      sum_g[j] += g;
      sum_gx[j] += static_cast<double>(g) * x[at + j];
    }
  }
}

/// dx = k1 g + k2 x + k3.
inline __attribute__((always_inline)) void input_gradient(const float* gy, const float* y, const float* x,
                                                          const float* k1, const float* k2, const float* k3, float* dx,
                                                          Shape s, int64_t r0, int64_t r1) {
  for (int64_t i = r0; i < r1; ++i) {
    const int64_t at = i * s.c;
    for (int64_t j = 0; j < s.c; ++j)
      dx[at + j] = k1[j] * relu_gradient(gy[at + j], y[at + j]) + k2[j] * x[at + j] + k3[j];
  }
}

/// Each kernel compiled twice: for AVX2 and FMA, and plain.
#define ML_DISPATCH(name, params, args)                                      \
  __attribute__((target("avx2,fma"))) void name##_avx2 params { name args; } \
  void name##_plain params { name args; }                                    \
  void name##_any params { cpu_has_avx2_fma() ? name##_avx2 args : name##_plain args; }
ML_DISPATCH(sum_moments, (const float* x, Shape s, int64_t r0, int64_t r1, double* sum, double* sum_sq),
            (x, s, r0, r1, sum, sum_sq))
ML_DISPATCH(scale_shift_relu,
            (const float* x, const float* scale, const float* shift, float* y, Shape s, int64_t r0, int64_t r1),
            (x, scale, shift, y, s, r0, r1))
ML_DISPATCH(sum_gradients,
            (const float* gy, const float* y, const float* x, Shape s, int64_t r0, int64_t r1, double* sum_g,
             double* sum_gx),
            (gy, y, x, s, r0, r1, sum_g, sum_gx))
ML_DISPATCH(input_gradient,
            (const float* gy, const float* y, const float* x, const float* k1, const float* k2, const float* k3,
             float* dx, Shape s, int64_t r0, int64_t r1),
            (gy, y, x, k1, k2, k3, dx, s, r0, r1))
#undef ML_DISPATCH

/// Rows are cut into this many chunks (fewer for a smaller batch), whatever the thread count: the
/// column sums add up in the same order on any number of threads, and a chunk's arrays never
/// depend on a thread index (with an official LibTorch, which ships its own libgomp, our loops'
/// team can be larger than at::get_num_threads()).
constexpr int64_t kChunks = 16;

/// Runs body(r0, r1) for each chunk of rows, in parallel once a batch is big enough to pay for it.
template <typename Body>
void over_row_chunks(Shape s, const Body& body) {
  const int64_t chunks = std::min(s.n, kChunks);
  at::parallel_for(0, chunks, s.n * s.c >= (1 << 15) ? 1 : chunks, [&](int64_t begin, int64_t end) {
    for (int64_t k = begin; k < end; ++k) body(k, s.n * k / chunks, s.n * (k + 1) / chunks);
  });
}

/// Two per-column sums over every row: each chunk sums into its own pair of arrays, then the
/// chunks are added in order.
template <typename Kernel>
std::pair<std::vector<double>, std::vector<double>> column_sums(Shape s, const Kernel& kernel) {
  const int64_t chunks = std::min(s.n, kChunks);
  std::vector<double> partial(2 * s.c * chunks, 0.0);
  over_row_chunks(s, [&](int64_t k, int64_t r0, int64_t r1) {
    double* mine = partial.data() + 2 * s.c * k;
    kernel(r0, r1, mine, mine + s.c);
  });
  std::vector<double> a(s.c, 0.0), b(s.c, 0.0);
  for (int64_t k = 0; k < chunks; ++k)
    for (int64_t j = 0; j < s.c; ++j) {
      a[j] += partial[2 * s.c * k + j];
      b[j] += partial[2 * s.c * k + s.c + j];
    }
  return {a, b};
}

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

/// x, weight, bias -> relu(batch_norm(x)); bn's running statistics are updated on the way.
struct BatchNormReluFunction : torch::autograd::Function<BatchNormReluFunction> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& weight,
                               const torch::Tensor& bias, torch::nn::BatchNorm1dImpl* bn) {
    const Shape s{x.size(0), x.size(1)};
    const float *xd = x.data_ptr<float>(), *w = weight.data_ptr<float>(), *b = bias.data_ptr<float>();
    const auto [sum, sum_sq] =
        column_sums(s, [&](int64_t r0, int64_t r1, double* a, double* q) { sum_moments_any(xd, s, r0, r1, a, q); });
    // Batch mean and biased variance in double; y = max(0, x * scale + shift) with
    // scale = w / sqrt(var + eps), shift = b - mean * scale.
    auto mean = torch::empty({s.c}, torch::kDouble), invstd = torch::empty({s.c}, torch::kDouble);
    auto unbiased_var = torch::empty({s.c}, torch::kFloat);
    std::vector<float> scale(s.c), shift(s.c);
    double *md = mean.data_ptr<double>(), *isd = invstd.data_ptr<double>();
    float* uvd = unbiased_var.data_ptr<float>();
    for (int64_t j = 0; j < s.c; ++j) {
      md[j] = sum[j] / s.n;
      const double var = std::max(sum_sq[j] / s.n - md[j] * md[j], 0.0);
      isd[j] = 1.0 / std::sqrt(var + bn->options.eps());
      uvd[j] = static_cast<float>(var * s.n / (s.n - 1));
      scale[j] = static_cast<float>(w[j] * isd[j]);
      shift[j] = static_cast<float>(b[j] - md[j] * w[j] * isd[j]);
    }
    auto y = torch::empty_like(x);
    float* yd = y.data_ptr<float>();
    over_row_chunks(s, [&](int64_t, int64_t r0, int64_t r1) {
      scale_shift_relu_any(xd, scale.data(), shift.data(), yd, s, r0, r1);
    });
    // As torch::nn::BatchNorm1d: running = (1 - momentum) running + momentum batch, the variance unbiased.
    const double momentum = *bn->options.momentum();
    bn->running_mean.mul_(1 - momentum).add_(mean.to(torch::kFloat), momentum);
    bn->running_var.mul_(1 - momentum).add_(unbiased_var, momentum);
    bn->num_batches_tracked += 1;
    ctx->save_for_backward({x, weight, y});
    ctx->saved_data["mean"] = mean;
    ctx->saved_data["invstd"] = invstd;
    return y;
  }

  /// With g = gy where y > 0: dbias = sum g, dweight = invstd sum g (x - mean),
  /// dx = w invstd (g - mean(g) - xhat mean(g xhat)), written as k1 g + k2 x + k3 per column.
  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto &x = saved[0], &weight = saved[1], &y = saved[2];
    const auto gy = grads[0].contiguous();
    const Shape s{x.size(0), x.size(1)};
    const float *gyd = gy.data_ptr<float>(), *yd = y.data_ptr<float>(), *xd = x.data_ptr<float>(),
                *w = weight.data_ptr<float>();
    const auto [sum_g, sum_gx] = column_sums(
        s, [&](int64_t r0, int64_t r1, double* a, double* q) { sum_gradients_any(gyd, yd, xd, s, r0, r1, a, q); });
    const auto mean = ctx->saved_data["mean"].toTensor(), invstd = ctx->saved_data["invstd"].toTensor();
    const double *md = mean.data_ptr<double>(), *isd = invstd.data_ptr<double>();
    auto dw = torch::empty_like(weight), db = torch::empty_like(weight);
    float *dwd = dw.data_ptr<float>(), *dbd = db.data_ptr<float>();
    std::vector<float> k1(s.c), k2(s.c), k3(s.c);
    for (int64_t j = 0; j < s.c; ++j) {
      const double centred = sum_gx[j] - md[j] * sum_g[j];  // sum g (x - mean)
      dbd[j] = static_cast<float>(sum_g[j]);
      dwd[j] = static_cast<float>(centred * isd[j]);
      const double a = w[j] * isd[j];
      const double b = -a * isd[j] * isd[j] * centred / s.n;
      k1[j] = static_cast<float>(a);
      k2[j] = static_cast<float>(b);
      k3[j] = static_cast<float>(-a * sum_g[j] / s.n - b * md[j]);
    }
    auto dx = torch::empty_like(x);
    float* dxd = dx.data_ptr<float>();
    over_row_chunks(s, [&](int64_t, int64_t r0, int64_t r1) {
      input_gradient_any(gyd, yd, xd, k1.data(), k2.data(), k3.data(), dxd, s, r0, r1);
    });
    return {dx, dw, db, torch::Tensor()};
  }
};

}  // namespace

bool batchnorm_relu_applies(const torch::Tensor& x, const torch::nn::BatchNorm1dImpl& bn) {
  const auto& o = bn.options;
  return x.is_cpu() && x.scalar_type() == torch::kFloat && x.dim() == 2 && x.size(0) > 1 &&
         x.size(1) == o.num_features() && o.affine() && o.track_running_stats() && o.momentum().has_value() &&
         bn.weight.scalar_type() == torch::kFloat && bn.weight.is_contiguous() && bn.bias.is_contiguous();
}

torch::Tensor batchnorm_relu(const torch::Tensor& x, torch::nn::BatchNorm1dImpl& bn) {
  TORCH_CHECK(batchnorm_relu_applies(x, bn), "batchnorm_relu: needs a CPU float [N > 1, C] batch");
  return BatchNormReluFunction::apply(x.contiguous(), bn.weight, bn.bias, &bn);
}

}  // namespace ml
