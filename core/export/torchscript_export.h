#pragma once
/// The trained mixture as one self-contained TorchScript module, for Python's torch.jit.load:
/// forward(y) -> the answer per row (as `infer` answers: refined and selected by the run's rules),
/// proposals(y) -> [K, N, x_dim], refine(y, steps) -> each network's better of its proposal and
/// its refined point [K, N, x_dim], forward_model(x) -> y when a learned f exists; attributes
/// x_names, y_names, box_lo, box_hi, k, refine_steps, refine_lr, trust_weight. Refinement takes
/// gradients: call forward (when refine_steps > 0) and refine outside no_grad.
#include <torch/script.h>
#include <torch/torch.h>

#include <string>
#include <vector>

#include "core/api/box.h"
#include "core/nn/mlp.h"
#include "core/train/trust.h"

namespace ml {

/// What the exported module is built from. The networks are read, never changed.
struct MixtureParts {
  std::vector<Mlp> inverse;  ///< g_0..g_{K-1}; at least one
  Mlp forward{nullptr};      ///< the learned f; null when proposals are ranked by `simulator`
  /// A user's TorchScript simulator to rank by when there is no f (forward true); may be null.
  const torch::jit::Module* simulator = nullptr;
  std::vector<std::string> x_names, y_names;
  Box box;
  /// The run's answer rules (core/train/refine.h, trust.h), so m(y) answers as `infer` does.
  int refine_steps = 0;
  double refine_lr = 0.005;
  TrustRegion trust;          ///< not active: selection by fit alone
  bool refine_trust = false;  ///< refinement also descends the trust penalty
};

/// Builds the module: each network's tensors copied in as parameters and buffers, its layers
/// written out as TorchScript source (Linear, BatchNorm in eval form, relu/silu/tanh, the
/// standardising affine maps). Throws std::runtime_error (one line) when neither f nor a
/// simulator is given or a layer has no TorchScript form here.
torch::jit::Module build_mixture_module(const MixtureParts& parts);

/// Saves to path.tmp and renames it over path (never a half-written file). Throws
/// std::runtime_error naming the path.
void save_script_module(const torch::jit::Module& module, const std::string& path);

}  // namespace ml
