#pragma once
/// The `joint` schedule: all k inverse networks train at once on the same batches, each with its
/// own Adam state and learning-rate schedule; network m is repelled from the detached outputs of
/// the networks r < m on the same batch. The networks are spread over worker threads.
#include <string>
#include <vector>

#include "core/nn/mlp.h"
#include "core/train/trainer.h"

namespace ml {

/// Trains `nets` (fresh, on the data's device) through the frozen f. Runs on the caller's thread,
/// which also makes every progress call; the step's work runs on min(k, threads) workers with
/// threads / workers intra-op threads each, as BatchedMlp groups of consecutive networks (on CUDA
/// one group on the caller's thread, see joint_path_for), so results are
/// reproducible for a given seed and thread count. Runs the epoch loop (epoch_loop.h) with all k
/// networks in each step: each report is emitted once per network (Progress::joint is true) and
/// each epoch adds one LossRow per network. On return every network is in eval mode (also when
/// stopped: all k are then partly trained).
TrainStatus train_inverse_joint(std::vector<Mlp>& nets, const ForwardFn& f, TrainContext& ctx, int threads);

/// The joint step's implementation per device, chosen by measurement (manifoldlab-cli bench):
/// "batched" on the CPU (one BatchedMlp group per worker thread beats one thread per network:
/// fewer, larger matmuls and one Adam per group) and on CUDA (one group; launches dominate there,
/// not yet measured on a GPU).
std::string joint_path_for(const torch::Device& device);

}  // namespace ml
