#include "core/baselines/cinn.h"

#include <cmath>

#include "core/problems/dataset.h"

namespace ml {

CouplingImpl::CouplingImpl(int x_dim, int cond_dim, const std::vector<int>& hidden, double clamp)
    : d1_(x_dim / 2), d2_(x_dim - x_dim / 2), clamp_(clamp) {
  TORCH_CHECK(x_dim >= 2, "cINN: x needs at least 2 dimensions to split");
  s1_ = register_module("s1", Mlp(sub_network(d1_ + cond_dim, 2 * d2_, hidden, "relu")));
  s2_ = register_module("s2", Mlp(sub_network(d2_ + cond_dim, 2 * d1_, hidden, "relu")));
}

std::pair<torch::Tensor, torch::Tensor> CouplingImpl::scale_shift(Mlp& net, const torch::Tensor& half,
                                                                  const torch::Tensor& c) {
  const auto r = net->forward(torch::cat({half, c}, 1));
  const long d = r.size(1) / 2;
  // Soft clamp: bounded log scales keep exp() and its inverse finite.
  const auto s = clamp_ * (2.0 / M_PI) * torch::atan(r.slice(1, 0, d) / clamp_);
  return {s, r.slice(1, d)};
}

std::pair<torch::Tensor, torch::Tensor> CouplingImpl::forward(const torch::Tensor& x, const torch::Tensor& c) {
  const auto x1 = x.slice(1, 0, d1_), x2 = x.slice(1, d1_);
  const auto [s2, t2] = scale_shift(s2_, x2, c);
  const auto z1 = x1 * s2.exp() + t2;
  const auto [s1, t1] = scale_shift(s1_, z1, c);
  const auto z2 = x2 * s1.exp() + t1;
  return {torch::cat({z1, z2}, 1), s1.sum(1) + s2.sum(1)};
}

torch::Tensor CouplingImpl::inverse(const torch::Tensor& z, const torch::Tensor& c) {
  const auto z1 = z.slice(1, 0, d1_), z2 = z.slice(1, d1_);
  const auto [s1, t1] = scale_shift(s1_, z1, c);
  const auto x2 = (z2 - t1) * (-s1).exp();
  const auto [s2, t2] = scale_shift(s2_, x2, c);
  const auto x1 = (z1 - t2) * (-s2).exp();
  return torch::cat({x1, x2}, 1);
}

CinnImpl::CinnImpl(const torch::Tensor& x_train, const torch::Tensor& y_train, const GenerativeSettings& s,
                   std::int64_t seed)
    : GenerativeImpl(x_train, y_train) {
  TORCH_CHECK(s.cinn_blocks >= 1, "cINN: needs at least one coupling block");
  auto gen = seeded_generator(seed + 2);
  for (int b = 0; b < s.cinn_blocks; ++b) {
    blocks_.push_back(register_module("block" + std::to_string(b), Coupling(x_dim(), y_dim(), s.hidden)));
    // Not buffers: Module::to(dtype) would make them floating point. The seed recreates them.
    const auto p = torch::randperm(x_dim(), gen, torch::kLong);
    perm_.push_back(p);
    unperm_.push_back(torch::argsort(p));
  }
}

std::pair<torch::Tensor, torch::Tensor> CinnImpl::flow(const torch::Tensor& x, const torch::Tensor& y) {
  auto z = x;
  auto log_det = torch::zeros({x.size(0)}, x.options());
  for (size_t b = 0; b < blocks_.size(); ++b) {
    auto [out, ld] = blocks_[b]->forward(z, y);
    z = out.index_select(1, perm_[b].to(out.device()));
    log_det = log_det + ld;
  }
  return {z, log_det};
}

torch::Tensor CinnImpl::unflow(const torch::Tensor& z, const torch::Tensor& y) {
  auto x = z;
  for (size_t b = blocks_.size(); b-- > 0;) x = blocks_[b]->inverse(x.index_select(1, unperm_[b].to(x.device())), y);
  return x;
}

std::pair<torch::Tensor, torch::Tensor> CinnImpl::encode(const torch::Tensor& x, const torch::Tensor& y) {
  auto [z, log_det] = flow(standard_x(x), standard_y(y));
  return {z, log_det + log_det_standardise()};
}

torch::Tensor CinnImpl::decode(const torch::Tensor& z, const torch::Tensor& y) {
  return units_x(unflow(z, standard_y(y)));
}

torch::Tensor CinnImpl::terms(const torch::Tensor& x, const torch::Tensor& y) {
  const auto [z, log_det] = flow(x, y);
  const auto zz = 0.5 * z.pow(2).sum(1).mean();
  const auto neg_log_det = -log_det.mean();
  return torch::stack({zz + neg_log_det, zz, torch::zeros({}, zz.options()), neg_log_det});
}

torch::Tensor CinnImpl::draw(const torch::Tensor& y, at::Generator& gen) {
  const auto z = torch::randn({y.size(0), x_dim()}, gen, torch::kFloat32).to(y.device(), y.scalar_type());
  return unflow(z, y);
}

}  // namespace ml
