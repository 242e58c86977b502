#include <gtest/gtest.h>

#include "core/nn/schedule.h"

namespace ml {
namespace {

TEST(LrSchedule, OneCycleWarmsUpThenAnneals) {
  LrSchedule s("onecycle", 1.0, 1001);
  EXPECT_NEAR(s.factor(0), 1.0 / 25, 1e-12);
  EXPECT_NEAR(s.factor(300), 1.0, 1e-12);
  EXPECT_LT(s.factor(1000), 1e-5);
  EXPECT_GT(s.factor(150), s.factor(0));
  EXPECT_GT(s.factor(500), s.factor(900));
}

TEST(LrSchedule, PlateauHalvesAfterPatienceEpochsWithoutImprovement) {
  LrSchedule s("plateau", 1.0, 100);
  s.end_epoch(1.0);
  for (int i = 0; i < LrSchedule::kPlateauPatience; ++i) s.end_epoch(1.0);
  EXPECT_EQ(s.factor(0), 1.0);
  s.end_epoch(1.0);  // patience exceeded
  EXPECT_EQ(s.factor(0), 0.5);
  s.end_epoch(0.5);                                                                // improvement resets the count
  for (int i = 0; i < LrSchedule::kPlateauPatience; ++i) s.end_epoch(0.49999999);  // below threshold: no improvement
  EXPECT_EQ(s.factor(0), 0.5);
}

TEST(LrSchedule, CosineAndConstant) {
  EXPECT_EQ(LrSchedule("constant", 1.0, 10).factor(9), 1.0);
  LrSchedule c("cosine", 1.0, 11);
  EXPECT_NEAR(c.factor(0), 1.0, 1e-12);
  EXPECT_NEAR(c.factor(5), 0.5, 1e-12);
  EXPECT_NEAR(c.factor(10), 0.0, 1e-12);
  EXPECT_THROW(LrSchedule("warp", 1.0, 10), std::invalid_argument);
}

}  // namespace
}  // namespace ml
