#pragma once
/// Where the forward model can be trusted: near the inputs it was fit on. Selection through f
/// cannot see where f itself is wrong; on the arm those places are x far out in the prior's tail
/// (issue 27: f's own error at the selected x had a median of 2.1e-3 at the misses against 4.5e-7
/// at the hits). The score that picks among proposals adds a penalty there.
#include <torch/torch.h>

namespace ml {

struct TrustRegion {
  torch::Tensor mean;       ///< [xd] of the training inputs
  torch::Tensor precision;  ///< [xd, xd]: the inverse of their covariance
  /// Squared Mahalanobis distance beyond which f is distrusted: the chi-square's mean + 3 standard
  /// deviations for xd dimensions (xd + 3 sqrt(2 xd)), so about 1 % of Gaussian training inputs lie
  /// beyond it and none of a uniform box's.
  double threshold = 0;
  /// Score added per unit of squared distance beyond the threshold, in the fit's units (y^2);
  /// 0 turns the penalty off.
  double weight = 0;

  /// From the training inputs x [n, xd]; weight as above.
  static TrustRegion from_inputs(const torch::Tensor& x, double weight);
  bool active() const { return weight > 0 && mean.defined(); }
  /// Squared Mahalanobis distance of x [..., xd] from the training inputs: [...].
  torch::Tensor distance2(const torch::Tensor& x) const;
  /// weight * relu(distance2(x) - threshold): [...]; zeros when not active.
  torch::Tensor penalty(const torch::Tensor& x) const;
};

}  // namespace ml
