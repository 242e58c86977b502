#include "core/losses.h"

namespace ml {

BoxTensors::BoxTensors(const Box& box, torch::Device device) {
  const auto lo = torch::tensor(box.lo, torch::kFloat64).to(torch::kFloat32);
  const auto hi = torch::tensor(box.hi, torch::kFloat64).to(torch::kFloat32);
  mid = ((lo + hi) / 2).unsqueeze(0).to(device);
  half = ((hi - lo) / 2).unsqueeze(0).to(device);
}

torch::Tensor boundary_loss(const torch::Tensor& x, const BoxTensors& box) {
  return torch::relu((x - box.mid).abs() - box.half).mean();
}

torch::Tensor squared_distance(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).pow(2).sum(-1); }

torch::Tensor repulsion_loss(const torch::Tensor& x, const std::vector<torch::Tensor>& earlier, double lambda,
                             double sigma2) {
  torch::Tensor total = torch::zeros({}, x.options());
  for (const auto& xr : earlier)
    total = total + (1.0 - torch::exp(-squared_distance(x, xr.detach()) / sigma2)).mean();
  return -lambda * total;
}

}  // namespace ml
