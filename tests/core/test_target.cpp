// A target the user brings (core/api/target.h) and the candidates table (core/api/candidates.h).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>

#include "core/api/candidates.h"
#include "core/api/target.h"

namespace ml {
namespace {

std::vector<double> grid_400_800() {  // the shell's grid: 201 wavelengths, 2 nm apart
  std::vector<double> g;
  for (int i = 0; i <= 200; ++i) g.push_back(400 + 2.0 * i);
  return g;
}

TEST(Target, TwoColumnsAreResampledLinearlyOntoTheGrid) {
  // Coarse points every 100 nm of a line y = lambda / 100: linear interpolation is exact.
  const auto y = parse_target("wavelength,value\n800,8\n400,4\n500,5\n600,6\n700,7\n", "t.csv", 201, grid_400_800());
  ASSERT_EQ(y.size(), 201u);
  for (size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(y[i], (400 + 2.0 * i) / 100, 1e-12) << i;
  // Between two points: a straight line, not a smooth curve.
  const auto kink = parse_target("400 0\n600 1\n800 0\n", "k", 201, grid_400_800());
  EXPECT_NEAR(kink[50], 0.5, 1e-12);   // 500 nm
  EXPECT_NEAR(kink[100], 1.0, 1e-12);  // 600 nm
}

TEST(Target, ARowOrAColumnOfYDimValuesIsTheTargetAsItIs) {
  EXPECT_EQ(parse_target("y0,y1\n0.5,-1.25\n9,9\n", "r", 2, {}), (std::vector<double>{0.5, -1.25}));
  EXPECT_EQ(parse_target("0.5\n-1.25\n", "c", 2, {}), (std::vector<double>{0.5, -1.25}));
}

TEST(Target, BadFilesSayWhyInOneLine) {
  const auto g = grid_400_800();
  const auto message = [&](const std::string& text, int y_dim, const std::vector<double>& grid) {
    try {
      parse_target(text, "f.csv", y_dim, grid);
    } catch (const TargetError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("", 201, g), "f.csv: holds no numbers");
  EXPECT_EQ(message("a,b\n", 201, g), "f.csv: holds no numbers");
  EXPECT_EQ(message("400,1\n500,nan\n", 201, g), "f.csv:2: nan is not a finite number");
  EXPECT_EQ(message("400,1\n500,abc\n", 201, g), "f.csv:2: 'abc' is not a number");
  EXPECT_EQ(message("450,1\n750,2\n", 201, g), "f.csv: covers 450 to 750; the target needs 400 to 800");
  EXPECT_EQ(message("1,2,3\n", 201, g),
            "f.csv: has 3 value(s) where the target needs 201 (one row, one column, or two columns "
            "coordinate,value to resample)");
  // Without a grid two columns cannot be resampled.
  EXPECT_EQ(message("1,2\n3,4\n5,6\n", 1, {}),
            "f.csv: has 2 value(s) where the target needs 1 (one row or one column)");
  EXPECT_EQ(message("500,1\n500,2\n", 201, g), "f.csv: coordinate 500 appears twice");
  for (const auto& m : {message("", 201, g), message("450,1\n750,2\n", 201, g)})
    EXPECT_EQ(m.find('\n'), std::string::npos);
}

TEST(Target, ReadsAFileAndNamesAMissingOne) {
  const std::string path = ::testing::TempDir() + "target_two_columns.csv";
  {
    std::ofstream out(path);
    out << "# a spectrum\n400\t1\n800\t3\n";
  }
  const auto y = read_target_file(path, 201, grid_400_800());
  EXPECT_NEAR(y[100], 2.0, 1e-12);
  std::remove(path.c_str());
  EXPECT_THROW(read_target_file(path, 201, grid_400_800()), TargetError);
}

TEST(Target, APeakHasItsHeightAtTheCentreAndHalfOfItAtHalfWidth) {
  const std::vector<double> grid{500, 575, 600, 625, 700};
  for (bool gaussian : {false, true}) {
    PeakTarget p;
    p.gaussian = gaussian;
    p.centre = 600;
    p.width = 50;
    p.height = 2;
    p.baseline = 0.5;
    const auto y = peak_target(p, grid);
    EXPECT_DOUBLE_EQ(y[2], 2.5);
    EXPECT_NEAR(y[1], 1.5, 1e-12);
    EXPECT_NEAR(y[3], 1.5, 1e-12);
    // Far out: a Lorentzian keeps its wings (1/(1+16) at 4 half-widths), a Gaussian does not.
    EXPECT_NEAR(y[0], 0.5 + 2 * (gaussian ? std::exp(-std::log(2.0) * 16) : 1.0 / 17), 1e-12);
  }
  PeakTarget bad;
  bad.width = 0;
  EXPECT_THROW(peak_target(bad, grid), TargetError);
}

TEST(Target, ADrawnCurvePassesThroughItsPointsWithoutOvershoot) {
  const auto g = grid_400_800();
  const auto y = drawn_target({{700, 0.2}, {450, 0.1}, {600, 3.0}, {550, 1.0}}, g);
  EXPECT_NEAR(y[(600 - 400) / 2], 3.0, 1e-12);
  EXPECT_NEAR(y[(550 - 400) / 2], 1.0, 1e-12);
  EXPECT_NEAR(y[0], 0.1, 1e-12);    // flat before the first point
  EXPECT_NEAR(y[200], 0.2, 1e-12);  // and after the last
  for (double v : y) {
    EXPECT_LE(v, 3.0 + 1e-12);  // never above the drawn peak
    EXPECT_GE(v, 0.1 - 1e-12);  // nor below the lowest point
  }
  EXPECT_THROW(drawn_target({{600, 1.0}}, g), TargetError);
  EXPECT_THROW(drawn_target({{600, 1.0}, {600, 2.0}}, g), TargetError);
  EXPECT_THROW(drawn_target({{600, 1.0}, {650, NAN}}, g), TargetError);
}

ProposalSet three_networks() {
  ProposalSet p;
  p.networks = 3;
  p.targets = 1;
  p.x_dim = 2;
  p.y_dim = 2;
  p.y = {0, 0};
  p.x = {1, 2, 3, 4, 5, 6};
  p.fy = {0, 0, 0, 0, 0, 0};
  p.sy = p.fy;
  p.fit_error = {0.4, 0.2, 0.6};
  p.resim_error = {5e-4, NAN, 2e-4};
  p.rank_score = p.fit_error;
  p.selected = {1};
  return p;
}

TEST(Candidates, TheSelectedOneComesFirstThenByResimulationErrorInvalidLast) {
  const auto c = candidates_for(three_networks(), 0, 1e-3);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].network, 1);
  EXPECT_TRUE(c[0].selected);
  EXPECT_FALSE(c[0].valid);  // NaN: an input the simulator refuses
  EXPECT_EQ(c[1].network, 2);
  EXPECT_EQ(c[2].network, 0);
  EXPECT_EQ(c[1].x, (std::vector<double>{5, 6}));
  EXPECT_DOUBLE_EQ(c[2].f_mse, 0.2);  // ||f(x) - y||^2 over y_dim
  EXPECT_TRUE(c[1].valid);
  EXPECT_EQ(reach_summary(c, 1e-3),
            "reached by another network: re-simulation error 2.00e-04; the selected one nan (tau = 1.00e-03)");
  EXPECT_EQ(reach_summary(c, 1e-4), "not reached: closest reachable re-simulation error 2.00e-04 (tau = 1.00e-04)");
}

TEST(Candidates, CsvNamesEveryColumnWithItsUnit) {
  ProblemInfo info;
  info.x_dim = 2;
  info.x_names = {"t1", "t2"};
  info.x_units = {"nm", ""};
  const auto csv = candidates_csv(candidates_for(three_networks(), 0, 1e-3), info);
  EXPECT_EQ(csv,
            "network,selected,t1 (nm),t2,resim_mse,f_mse,valid\n"
            "2,1,3,4,nan,0.1,0\n"
            "3,0,5,6,0.0002,0.3,1\n"
            "1,0,1,2,0.0005,0.2,1\n");
}

}  // namespace
}  // namespace ml
