#pragma once
/// Forward, inverse and direct-regression training, each one network through the epoch loop
/// (epoch_loop.h): on the caller's thread, reporting through a callback at most every
/// `report_every` steps, honouring stop/pause/hot values between steps.
#include <torch/torch.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/nn/mlp.h"
#include "core/train/forward_fn.h"
#include "core/train/losses.h"
#include "core/train/seeds.h"
#include "core/train/train_context.h"

namespace ml {

struct EpochPlan;

/// One step's loss terms [4] (total, fit, boundary, repulsion; the total is minimised) on the
/// training rows idx.
using TermsFn = std::function<torch::Tensor(const torch::Tensor& idx)>;

/// Trains `module` alone through the epoch loop (epoch_loop.h) with its own Adam, its gradient norm
/// clipped to max_grad_norm (0: off); leaves it in eval mode. Every one-model training (f, the
/// inverse networks, the direct regression, the generative baselines) goes through it.
TrainStatus train_module(torch::nn::Module& module, const EpochPlan& plan, double weight_decay, double max_grad_norm,
                         TermsFn terms, TrainContext& ctx);

/// Trains f: x -> y on MSE.
TrainStatus train_forward(Mlp& f, TrainContext& ctx);

/// The frozen `earlier` networks' proposals for targets y [N, y_dim], as earlier_proposals stacks
/// them ([R, N, x_dim], most recent first; no gradient); undefined when there are none. Computed
/// `chunk` rows at a time: with the training batch as the chunk, each row goes through the same
/// matrix kernels as in a training step (the BLAS picks kernels by matrix size, and they round
/// differently), so training gives the same numbers as computing the proposals at every step.
torch::Tensor frozen_proposals(std::vector<Mlp>& earlier, const torch::Tensor& y, long chunk);

/// The sequential schedule's loss terms [4] (total, fit, boundary, repulsion; see inverse_terms)
/// of network g on targets yb [B, y_dim], repelled by `others` [R, B, x_dim] (frozen_proposals of
/// the same targets; undefined for the first network).
torch::Tensor inverse_step_terms(Mlp& g, const torch::Tensor& others, const ForwardFn& f, const torch::Tensor& yb,
                                 const BoxTensors& box, const InverseLossWeights& weights);

/// Trains inverse network m through the frozen forward f, repelled by `earlier` (frozen, eval mode).
/// Its batch order is network m's InverseShuffle stream of `run_seed` (the configured seed but for
/// a retried attempt; see SeedStream::InverseRetry).
TrainStatus train_inverse(Mlp& g, int m, std::vector<Mlp> earlier, const ForwardFn& f, TrainContext& ctx,
                          std::int64_t run_seed);
TrainStatus train_inverse(Mlp& g, int m, std::vector<Mlp> earlier, const ForwardFn& f, TrainContext& ctx);

/// Trains the direct inverse regression g: y -> x on MSE(g(y), x), with the inverse networks'
/// settings: the baseline that averages the solution branches.
TrainStatus train_direct(Mlp& g, TrainContext& ctx);

}  // namespace ml
