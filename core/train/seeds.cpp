#include "core/train/seeds.h"

#include <stdexcept>

namespace ml {

std::int64_t derive_seed(std::int64_t seed, SeedStream stream, int network) {
  // The per-network streams are 100 apart.
  if (network < 0 || network >= 100) throw std::out_of_range("derive_seed: network out of range");
  // SplitMix64 finaliser: nearby (seed, stream) pairs give unrelated seeds.
  const auto s = static_cast<std::int64_t>(stream) + network;
  uint64_t z = static_cast<uint64_t>(seed) * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(s) + 1;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return static_cast<std::int64_t>((z ^ (z >> 31)) & 0x7FFFFFFFFFFFULL);
}

}  // namespace ml
