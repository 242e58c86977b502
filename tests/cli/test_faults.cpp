// Issue 31: a full disk under train, export and sweep (a small tmpfs the test mounts as root;
// skipped where it cannot): one line, exit 1, no temporary file, the previous files whole, and the
// same command completes once there is space.
#include <gtest/gtest.h>
#include <sys/statvfs.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "cli_test_support.h"

namespace {

namespace fs = std::filesystem;

using namespace ml::cli_test;

/// Every file under dir, by relative path, with its bytes.
std::map<std::string, std::string> folder_contents(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).string()] = read(e.path());
  return out;
}

/// Takes all but `left` bytes of dir's file system with dir/filler.
void fill_all_but(const fs::path& dir, std::size_t left) {
  struct statvfs info {};
  ASSERT_EQ(::statvfs(dir.c_str(), &info), 0);
  const std::size_t free = info.f_bavail * info.f_frsize;
  std::ofstream(dir / "filler", std::ios::binary) << std::string(free > left ? free - left : 0, 'x');
}

TEST(Cli, AFullDiskIsOneLineAndLeavesThePreviousRunWhole) {
  const auto dir = temp_dir("full_disk");
  fs::create_directories(dir);
  if (std::system(("mount -t tmpfs -o size=300k tmpfs " + dir.string() + " 2>/dev/null").c_str()) != 0)
    GTEST_SKIP() << "cannot mount a tmpfs here (not root)";
  const std::string tiny = std::string("train --problem sine --k 2 ") + kTiny;
  const std::string train = tiny + " --out " + (dir / "run").string();
  ASSERT_EQ(run(train + " --seed 1").code, 0);
  const auto before = folder_contents(dir / "run");
  ASSERT_TRUE(before.count("proposals.csv") && before.count("inverse_1.pt")) << before.size();
  fill_all_but(dir, 4096);
  const auto r = run(train + " --seed 2");
  EXPECT_EQ(r.code, 1) << r.output;
  const std::string error = "manifoldlab-cli train: error: cannot write " + (dir / "run").string();
  EXPECT_NE(r.output.find(error), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(": No space left on device\n"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("terminate called"), std::string::npos) << r.output;
  EXPECT_EQ(folder_contents(dir / "run"), before) << "the previous run changed or a temporary file was left";
  // Space freed: the same command completes.
  fs::remove(dir / "filler");
  ASSERT_EQ(run(train + " --seed 2").code, 0);
  const auto after = folder_contents(dir / "run");
  EXPECT_EQ(after.size(), before.size());
  EXPECT_NE(after.at("inverse_1.pt"), before.at("inverse_1.pt"));

  // export: the previous module stays whole.
  const std::string pt = (dir / "mixture.pt").string();
  ASSERT_EQ(run("export --model " + (dir / "run").string() + " --out " + pt).code, 0);
  const std::string module = read(pt);
  fill_all_but(dir, 4096);
  ASSERT_EQ(run(tiny + " --seed 3 --out " + (fs::temp_directory_path() / "manifoldlab_cli_elsewhere").string()).code,
            0);
  const auto exported =
      run("export --model " + (fs::temp_directory_path() / "manifoldlab_cli_elsewhere").string() + " --out " + pt);
  EXPECT_EQ(exported.code, 1) << exported.output;
  expect_one_line_error(exported, "cannot write " + pt + ": No space left on device");
  EXPECT_EQ(read(pt), module);
  fs::remove(dir / "filler");
  fs::remove_all(fs::temp_directory_path() / "manifoldlab_cli_elsewhere");
  EXPECT_EQ(std::system(("umount " + dir.string()).c_str()), 0);
  fs::remove_all(dir);
}

TEST(Cli, ASweepThatFillsTheDiskStopsAndItsRerunCompletesEveryTrialOnce) {  // issue 31
  const auto dir = temp_dir("full_disk_sweep");
  fs::create_directories(dir);
  if (std::system(("mount -t tmpfs -o size=300k tmpfs " + dir.string() + " 2>/dev/null").c_str()) != 0)
    GTEST_SKIP() << "cannot mount a tmpfs here (not root)";
  const std::string sweep =
      std::string("sweep --problem sine --k 1,2 --trials 2 --jobs 1 ") + kTiny + " --out " + (dir / "s").string();
  fill_all_but(dir, 12288);
  const auto full = run(sweep);
  EXPECT_EQ(full.code, 1) << full.output;
  expect_one_line_error(full, ": No space left on device");
  EXPECT_NE(full.output.find("manifoldlab-cli sweep: error: cannot write " + (dir / "s").string()), std::string::npos)
      << full.output;
  for (const auto& e : fs::recursive_directory_iterator(dir / "s")) EXPECT_NE(e.path().extension(), ".tmp") << e.path();
  fs::remove(dir / "filler");
  const auto rerun = run(sweep);
  ASSERT_EQ(rerun.code, 0) << rerun.output;
  int records = 0;
  for (const auto& e : fs::directory_iterator(dir / "s" / "trials")) {
    ++records;
    EXPECT_EQ(read(e.path()).find("\"failed\""), std::string::npos) << e.path();
  }
  EXPECT_EQ(records, 4);
  EXPECT_TRUE(fs::exists(dir / "s" / "summary.csv"));
  EXPECT_EQ(std::system(("umount " + dir.string()).c_str()), 0);
  fs::remove_all(dir);
}

}  // namespace
