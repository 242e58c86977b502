#pragma once
/// Every random stream of a run, named once. A stream's seed is derive_seed(run seed, stream);
/// the data set and its split take the run's seed itself (make_dataset). The values are part of
/// the results: changing one changes every run that draws from it. Torch-free.
#include <cstdint>

namespace ml {

enum class SeedStream : std::int64_t {
  ForwardInit = 1,         ///< f's initial weights
  ForwardShuffle = 10,     ///< f's batch order
  SyntheticTargets = 20,   ///< the prior draws behind inverse_targets = synthetic
  ValidationTargets = 25,  ///< the prior draws that judge an inverse network for a retry
  DirectInit = 30,         ///< the direct regression's initial weights
  DirectShuffle = 30,      ///< its batch order: the same value as DirectInit, kept so results stay
  AdjointStarts = 40,      ///< neural adjoint's starting points
  JointShuffle = 50,       ///< the joint schedule's batch order (all k networks share it)
  GenerativeInit = 60,     ///< + method index: a generative baseline's weights, noise, permutations
  GenerativeShuffle = 70,  ///< + method index: its batch order
  GenerativeSamples = 80,  ///< + method index: its samples for the compared targets
  PreviewInit = 90,        ///< the inverse preview's networks (core/train/inverse_preview.h)
  PreviewBatches = 91,     ///< its batch draws
  InverseShuffle = 100,    ///< + m: inverse network m's batch order (sequential schedule)
  InverseInit = 200,       ///< + m: inverse network m's initial weights
  /// + attempt - 1: the run seed of a retried inverse network's attempt (inverse_retries): the
  /// attempt draws its weights and batch order from network m's streams of that seed.
  InverseRetry = 300,
};

/// A derived, independent seed for `stream` of a run seeded by `seed`; `network` (0 <= network <
/// 100) picks network m's stream of InverseShuffle and InverseInit and is 0 for the others.
/// Throws std::out_of_range for a network outside that range.
std::int64_t derive_seed(std::int64_t seed, SeedStream stream, int network = 0);

}  // namespace ml
