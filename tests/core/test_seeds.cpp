// The run's random streams, named once (issue 15): each keeps the value it always had, so a seed
// reproduces earlier results, and no two streams share a seed unless named to.
#include <gtest/gtest.h>

#include <set>

#include "core/train/seeds.h"

namespace ml {
namespace {

TEST(Seeds, EveryStreamKeepsItsValue) {
  // derive_seed(7, stream) as computed before the streams had names (SplitMix64 of 7 and the number).
  EXPECT_EQ(derive_seed(7, SeedStream::ForwardInit), 87392623682950);
  EXPECT_EQ(derive_seed(7, SeedStream::ForwardShuffle), 89199272304484);
  EXPECT_EQ(derive_seed(7, SeedStream::SyntheticTargets), 60404078353926);
  EXPECT_EQ(derive_seed(7, SeedStream::DirectInit), 101531488689500);
  EXPECT_EQ(derive_seed(7, SeedStream::AdjointStarts), 4655741274674);
  EXPECT_EQ(derive_seed(7, SeedStream::InverseShuffle, 0), 56922648429705);
  EXPECT_EQ(derive_seed(7, SeedStream::InverseShuffle, 3), 55959016157422);
  EXPECT_EQ(derive_seed(7, SeedStream::InverseInit, 0), 14757823401457);
  EXPECT_EQ(derive_seed(7, SeedStream::InverseInit, 3), 67501587803642);
}

TEST(Seeds, StreamsAreDistinctAndNetworksInRange) {
  std::set<std::int64_t> seeds;
  for (auto stream : {SeedStream::ForwardInit, SeedStream::ForwardShuffle, SeedStream::SyntheticTargets,
                      SeedStream::DirectInit, SeedStream::AdjointStarts, SeedStream::JointShuffle})
    EXPECT_TRUE(seeds.insert(derive_seed(3, stream)).second);
  for (int m = 0; m < 64; ++m) {  // k <= 64
    EXPECT_TRUE(seeds.insert(derive_seed(3, SeedStream::InverseShuffle, m)).second) << m;
    EXPECT_TRUE(seeds.insert(derive_seed(3, SeedStream::InverseInit, m)).second) << m;
  }
  for (int attempt = 0; attempt < 20; ++attempt)  // inverse_retries <= 20
    EXPECT_TRUE(seeds.insert(derive_seed(3, SeedStream::InverseRetry, attempt)).second) << attempt;
  EXPECT_EQ(derive_seed(3, SeedStream::DirectShuffle), derive_seed(3, SeedStream::DirectInit));  // named so
  EXPECT_NE(derive_seed(3, SeedStream::ForwardInit), derive_seed(4, SeedStream::ForwardInit));
  EXPECT_THROW(derive_seed(3, SeedStream::InverseInit, 100), std::out_of_range);
  EXPECT_THROW(derive_seed(3, SeedStream::InverseInit, -1), std::out_of_range);
}

}  // namespace
}  // namespace ml
