#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/experiments/sweep.h"
#include "core/platform/run_io.h"

namespace ml {
namespace {

namespace fs = std::filesystem;

SweepSpec tiny_spec() {
  SweepSpec s;
  s.base = {{"problem", "sine"},     {"samples", "200"},      {"hidden", "8"},
            {"epochs_forward", "1"}, {"epochs_inverse", "1"}, {"threads", "1"}};
  s.axes = {{"k", {"1", "2"}}, {"lambda", {"0", "0.02"}}};
  s.trials = 3;
  s.base_seed = 10;
  s.jobs = 2;
  return s;
}

TEST(Sweep, ExpandsTheCrossProductWithPairedSeeds) {
  const auto trials = expand_trials(tiny_spec());
  ASSERT_EQ(trials.size(), 12u);
  EXPECT_EQ(trials[0].config.k, 1);
  EXPECT_EQ(trials[0].config.lambda, 0.0);
  EXPECT_EQ(trials[0].config.seed, 10);
  EXPECT_EQ(trials[2].config.seed, 12);
  EXPECT_EQ(trials[3].config.lambda, 0.02);
  EXPECT_EQ(trials[11].config.k, 2);
  std::set<std::string> ids;
  for (const auto& t : trials) ids.insert(t.id);
  EXPECT_EQ(ids.size(), 12u);
}

TEST(Sweep, ShardsPartitionTheTrials) {
  const auto all = expand_trials(tiny_spec());
  std::set<std::string> seen;
  size_t total = 0;
  for (int i = 1; i <= 5; ++i)
    for (const auto& t : shard_trials(all, i, 5)) {
      seen.insert(t.id);
      ++total;
    }
  EXPECT_EQ(total, all.size());
  EXPECT_EQ(seen.size(), all.size());
  EXPECT_THROW(shard_trials(all, 0, 5), ConfigError);
  EXPECT_THROW(shard_trials(all, 6, 5), ConfigError);
}

TEST(Sweep, BadCellValuesAreConfigErrors) {
  auto s = tiny_spec();
  s.axes["k"] = {"1", "0"};
  EXPECT_THROW(expand_trials(s), ConfigError);
  s = tiny_spec();
  s.trials = 0;
  EXPECT_THROW(expand_trials(s), ConfigError);
}

TEST(Sweep, RunsResumesAndMergesShards) {
  const fs::path root = fs::temp_directory_path() / ("manifoldlab_sweep_" + std::to_string(::getpid()));
  fs::remove_all(root);
  auto spec = tiny_spec();
  spec.shard_count = 2;
  spec.shard_index = 1;
  int events = 0;
  EXPECT_EQ(run_sweep(spec, (root / "a").string(), [&](const SweepEvent&) { ++events; }).failed, 0);
  EXPECT_EQ(events, 6);
  // Rerun: every trial of the shard is already there.
  events = 0;
  int skipped = -1;
  run_sweep(spec, (root / "a").string(), [&](const SweepEvent& e) {
    ++events;
    skipped = e.skipped;
  });
  EXPECT_EQ(events, 0);
  // A lost trial file is retrained, and only that one.
  const auto first = *fs::directory_iterator(root / "a" / "trials");
  fs::remove(first.path());
  run_sweep(spec, (root / "a").string(), [&](const SweepEvent& e) {
    ++events;
    skipped = e.skipped;
  });
  EXPECT_EQ(events, 1);
  EXPECT_EQ(skipped, 5);

  spec.shard_index = 2;
  run_sweep(spec, (root / "b").string(), {});
  EXPECT_EQ(merge_sweeps({(root / "a").string(), (root / "b").string()}, (root / "all").string()), 12);
  const auto summary = nlohmann::json::parse(read_text((root / "all" / "summary.json").string()));
  ASSERT_EQ(summary["cells"].size(), 4u);
  for (const auto& cell : summary["cells"]) {
    EXPECT_EQ(cell["selected_resim_mse"]["n"], 3);
    EXPECT_EQ(cell["n_failed"], 0);
  }
  // The reader beside the writer gives back what it wrote, cell by cell.
  const auto cells = read_summary((root / "all").string());
  ASSERT_EQ(cells.size(), 4u);
  for (size_t i = 0; i < cells.size(); ++i) {
    const auto& written = summary["cells"][i];
    EXPECT_EQ(cells[i].problem, written["problem"].get<std::string>());
    EXPECT_EQ(cells[i].k, written["k"].get<int>());
    EXPECT_EQ(cells[i].lambda, written["lambda"].get<double>());
    const SummaryStat& s = cells[i].stats.at("selected_resim_mse");
    EXPECT_EQ(s.n, 3);
    EXPECT_EQ(s.mean, written["selected_resim_mse"]["mean"].get<double>());
    EXPECT_EQ(s.low, written["selected_resim_mse"]["ci95_low"].get<double>());
    EXPECT_EQ(s.high, written["selected_resim_mse"]["ci95_high"].get<double>());
  }
  EXPECT_THROW(read_summary((root / "missing").string()), std::runtime_error);
  std::ofstream((root / "all" / "summary.json").string()) << "{\"cells\": [{\"problem\": 3}]}";
  try {
    read_summary((root / "all").string());
    ADD_FAILURE() << "a malformed summary was read";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("summary.json is malformed"), std::string::npos) << e.what();
  }
  EXPECT_THROW(merge_sweeps({(root / "missing").string()}, (root / "x").string()), std::runtime_error);
  fs::remove_all(root);
}

TEST(Sweep, ADataSetSweepHasShortSafeNamesAndKeepsColumnChoicesApart) {
  const fs::path root = fs::temp_directory_path() / ("manifoldlab_sweep_csv_" + std::to_string(::getpid()));
  fs::remove_all(root);
  // A path that would be a bad file name: deep, with a comma, a quote and spaces.
  const fs::path data = root / std::string(120, 'd') / "my data, \"v2\"" / "measurements of a long experiment.csv";
  fs::create_directories(data.parent_path());
  {
    std::ofstream out(data);
    out << "a,b,c\n";
    for (int i = 0; i < 100; ++i) out << i * 0.01 << ',' << (i * 7 % 100) * 0.01 << ',' << i * 0.02 << '\n';
  }
  SweepSpec spec;
  spec.base = {{"problem", "csv:" + data.string()},
               {"x_cols", "a,b"},
               {"y_cols", "c"},
               {"hidden", "8"},
               {"epochs_forward", "1"},
               {"epochs_inverse", "1"},
               {"threads", "1"}};
  spec.axes = {{"k", {"1", "2"}}};
  spec.trials = 2;
  const auto trials = expand_trials(spec);
  ASSERT_EQ(trials.size(), 4u);
  for (const auto& t : trials) {
    EXPECT_EQ(t.id.rfind("csv-measurements_of_a_long_experimen-", 0), 0u) << t.id;
    EXPECT_EQ(t.id.find("ddd"), std::string::npos) << t.id;  // the folders stay out of the name
    EXPECT_LT(t.id.size(), 160u) << t.id;                    // well under the 255-byte file name limit
    EXPECT_EQ(t.id.find_first_of("/\\,\" "), std::string::npos) << t.id;
  }
  auto other_columns = spec;
  other_columns.base["x_cols"] = "b,a";
  EXPECT_NE(expand_trials(other_columns)[0].id, trials[0].id);

  const fs::path dir = root / "sweep";
  EXPECT_EQ(run_sweep(spec, dir.string(), {}).failed, 0);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir / "trials"), fs::directory_iterator{}), 4);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir / "models"), fs::directory_iterator{}), 2);
  const auto summary = nlohmann::json::parse(read_text((dir / "summary.json").string()));
  ASSERT_EQ(summary["cells"].size(), 2u);
  EXPECT_EQ(summary["cells"][0]["problem"], "csv:" + data.string());
  // The path's comma and quotes are quoted in summary.csv, so its first row still has every column.
  const std::string csv = read_text((dir / "summary.csv").string());
  const std::string quoted_problem = "\"csv:" + data.parent_path().parent_path().string() + "/my data, \"\"v2\"\"/";
  EXPECT_NE(csv.find(quoted_problem), std::string::npos) << csv.substr(0, 400);
  fs::remove_all(root);
}

TEST(Sweep, SameTrialGivesTheSameResultWhateverTheJobs) {
  const fs::path root = fs::temp_directory_path() / ("manifoldlab_sweep_jobs_" + std::to_string(::getpid()));
  fs::remove_all(root);
  auto spec = tiny_spec();
  spec.axes = {{"k", {"2"}}};
  spec.trials = 2;
  spec.jobs = 1;
  run_sweep(spec, (root / "one").string(), {});
  spec.jobs = 2;
  run_sweep(spec, (root / "two").string(), {});
  for (const auto& e : fs::directory_iterator(root / "one" / "trials")) {
    auto a = nlohmann::json::parse(read_text(e.path().string()));
    auto b = nlohmann::json::parse(read_text((root / "two" / "trials" / e.path().filename()).string()));
    EXPECT_EQ(a["selected_resim_mse_by_k"], b["selected_resim_mse_by_k"]) << e.path();
  }
  fs::remove_all(root);
}

TEST(Sweep, TQuantile) {
  EXPECT_NEAR(t_quantile_975(2), 12.706, 1e-9);
  EXPECT_NEAR(t_quantile_975(10), 2.262, 1e-9);
  EXPECT_NEAR(t_quantile_975(1000), 1.96, 0.01);
}

}  // namespace
}  // namespace ml
