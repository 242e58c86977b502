// Issue 14: a sweep folder never reuses trials run with other settings, and a failed trial is
// recorded, counted and left out of the means without stopping the others.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/experiments/sweep.h"
#include "core/platform/run_io.h"
#include "../common/absurd_row_data.h"

namespace ml {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

fs::path fresh_dir(const std::string& name) {
  const auto d = fs::temp_directory_path() / ("manifoldlab_trust_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}

/// One cell, three trials, trained in about a second each.
SweepSpec three_trials() {
  SweepSpec s;
  s.base = {{"problem", "sine"},     {"samples", "200"},      {"hidden", "8"},
            {"epochs_forward", "2"}, {"epochs_inverse", "2"}, {"threads", "1"}};
  s.axes = {{"k", {"2"}}};
  s.trials = 3;
  s.base_seed = 10;
  s.jobs = 1;  // one worker: a failure that ended its loop would leave the later trials undone
  return s;
}

std::string refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "accepted";
}

json read_json(const fs::path& p) { return json::parse(read_text(p.string())); }

std::map<std::string, json> trial_files(const fs::path& dir) {
  std::map<std::string, json> out;
  for (const auto& e : fs::directory_iterator(dir / "trials"))
    if (e.path().extension() == ".json") out[e.path().stem().string()] = read_json(e.path());
  return out;
}

TEST(SweepTrust, ARerunWithOtherSettingsIsRefusedNamingTheKeys) {
  const auto dir = fresh_dir("rerun");
  auto spec = three_trials();
  spec.trials = 1;
  ASSERT_EQ(run_sweep(spec, dir.string(), {}).finished, 1);
  const auto before = trial_files(dir);
  const json identity = read_json(dir / "sweep.json");
  EXPECT_EQ(identity["settings"]["epochs_forward"], "2");
  EXPECT_EQ(before.begin()->second["settings_hash"], identity["settings_hash"]);

  auto longer = spec;
  longer.base["epochs_forward"] = "30";
  longer.base["epochs_inverse"] = "20";
  const std::string message = refusal([&] { run_sweep(longer, dir.string(), {}); });
  EXPECT_NE(message.find("epochs_forward ('2' in the folder, '30' in this command)"), std::string::npos) << message;
  EXPECT_NE(message.find("epochs_inverse ('2' in the folder, '20' in this command)"), std::string::npos) << message;
  EXPECT_NE(message.find("new --out folder"), std::string::npos) << message;
  EXPECT_EQ(message.find("samples"), std::string::npos) << message;  // only the keys that differ
  EXPECT_EQ(message.find('\n'), std::string::npos);
  EXPECT_EQ(trial_files(dir), before);  // nothing retrained or rewritten

  // Every other kind of setting counts too: the data, the preset, the first seed.
  for (const auto& [key, value] :
       std::map<std::string, std::string>{{"samples", "300"}, {"lr", "0.02"}, {"forward", "true"}}) {
    auto other = spec;
    other.base[key] = value;
    EXPECT_NE(refusal([&] { run_sweep(other, dir.string(), {}); }), "accepted") << key;
  }
  auto reseeded = spec;
  reseeded.base_seed = 11;
  EXPECT_NE(refusal([&] { run_sweep(reseeded, dir.string(), {}); }).find("first_seed ('10' in the folder"),
            std::string::npos);
  // How a trial runs is not what it computes: other threads or a wider axis resume the folder.
  auto resumed = spec;
  resumed.base["threads"] = "2";
  resumed.axes["k"] = {"1", "2"};
  const auto outcome = run_sweep(resumed, dir.string(), {});
  EXPECT_EQ(outcome.skipped, 1);
  EXPECT_EQ(outcome.finished, 1);
  fs::remove_all(dir);
}

TEST(SweepTrust, MergeRefusesShardsRunWithOtherSettings) {
  const auto root = fresh_dir("merge");
  auto spec = three_trials();
  spec.trials = 2;
  spec.shard_count = 2;
  spec.shard_index = 1;
  run_sweep(spec, (root / "a").string(), {});
  spec.shard_index = 2;
  spec.base["samples"] = "300";
  run_sweep(spec, (root / "b").string(), {});
  const std::string message = refusal([&] {
    merge_sweeps({(root / "a").string(), (root / "b").string()}, (root / "all").string());
  });
  EXPECT_NE(message.find("different settings: samples ('200' in "), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(root / "all" / "trials"));  // refused before anything was copied
  spec.base["samples"] = "200";
  run_sweep(spec, (root / "b2").string(), {});
  EXPECT_EQ(merge_sweeps({(root / "a").string(), (root / "b2").string()}, (root / "all").string()), 2);
  EXPECT_EQ(read_json(root / "all" / "sweep.json")["settings_hash"],
            read_json(root / "a" / "sweep.json")["settings_hash"]);
  // Into a folder that holds another sweep: refused too.
  EXPECT_NE(refusal([&] { merge_sweeps({(root / "b").string()}, (root / "all").string()); }).find("samples"),
            std::string::npos);
  // A trial file of the other sweep copied in by hand is found, not averaged in.
  const auto stray = *fs::directory_iterator(root / "b" / "trials");
  fs::copy_file(stray.path(), root / "a" / "trials" / "stray.json");
  const std::string mixed = refusal([&] { write_summaries((root / "a").string()); });
  EXPECT_NE(mixed.find("mixes trials run with different settings: samples ('200' in "), std::string::npos) << mixed;
  fs::remove_all(root);
}

TEST(SweepTrust, AFolderFromBeforeSweepJsonIsJudgedByItsTrialsConfigs) {
  const auto dir = fresh_dir("legacy");
  auto spec = three_trials();
  spec.trials = 2;
  run_sweep(spec, dir.string(), {});
  fs::remove(dir / "sweep.json");
  for (const auto& e : fs::directory_iterator(dir / "trials")) {
    json r = read_json(e.path());
    r.erase("settings_hash");
    r.erase("status");
    write_text_atomic(e.path().string(), r.dump());
  }
  int events = 0;
  const auto outcome = run_sweep(spec, dir.string(), [&](const SweepEvent&) { ++events; });
  EXPECT_EQ(events, 0);
  EXPECT_EQ(outcome.skipped, 2);
  EXPECT_TRUE(fs::exists(dir / "sweep.json"));
  auto other = spec;
  other.base["hidden"] = "16";
  EXPECT_NE(refusal([&] { run_sweep(other, dir.string(), {}); }).find("hidden_forward"), std::string::npos);
  fs::remove_all(dir);
}

TEST(SweepTrust, AFailedTrialIsRecordedCountedLeftOutAndRetried) {
  const auto dir = fresh_dir("failed");
  const auto spec = three_trials();
  SweepHooks hooks;
  hooks.before_train = [](const TrialSpec& t, TrainControl& control) {
    if (t.trial == 0) control.set_hot(hot_slot(&Config::lr_inverse), 1e30);  // one Adam step overflows the loss
  };
  std::vector<std::string> errors;
  const auto outcome = run_sweep(
      spec, dir.string(), [&](const SweepEvent& e) { errors.push_back(e.error); }, nullptr, hooks);
  EXPECT_EQ(outcome.total, 3);
  EXPECT_EQ(outcome.failed, 1);
  EXPECT_EQ(outcome.finished, 2);
  EXPECT_NE(outcome.first_failure.find("_t000: inverse network 1's loss became NaN or infinite"), std::string::npos)
      << outcome.first_failure;
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_FALSE(errors[0].empty());

  auto files = trial_files(dir);
  ASSERT_EQ(files.size(), 3u);
  std::string failed_id;
  std::vector<std::string> finished_ids;
  for (const auto& [id, r] : files) {
    if (r["status"] == "failed")
      failed_id = id;
    else if (r["status"] == "finished")
      finished_ids.push_back(id);
  }
  ASSERT_EQ(finished_ids.size(), 2u);
  ASSERT_EQ(failed_id.substr(failed_id.size() - 5), "_t000");
  EXPECT_NE(files[failed_id]["reason"].get<std::string>().find("NaN or infinite"), std::string::npos);
  EXPECT_FALSE(files[failed_id].contains("selected_resim_mse"));
  EXPECT_FALSE(fs::exists(dir / "models"));  // trial 0 failed: no model to draw

  json summary = read_json(dir / "summary.json");
  ASSERT_EQ(summary["cells"].size(), 1u);
  EXPECT_EQ(summary["failed"], 1);
  EXPECT_EQ(summary["cells"][0]["n_failed"], 1);
  EXPECT_EQ(summary["cells"][0]["selected_resim_mse"]["n"], 2);
  const std::string trials_csv = read_text((dir / "trials.csv").string());
  EXPECT_NE(trials_csv.find(",failed,inverse network 1's loss became NaN"), std::string::npos) << trials_csv;
  std::istringstream sum(read_text((dir / "summary.csv").string()));
  std::string header, row;
  std::getline(sum, header);
  std::getline(sum, row);
  const auto column = [](const std::string& line, int i) {
    std::istringstream in(line);
    std::string cell;
    for (int c = 0; c <= i && std::getline(in, cell, ','); ++c) {
    }
    return cell;
  };
  const int n_failed_col =
      static_cast<int>(std::count(header.begin(), header.begin() + header.find(",n_failed") + 1, ','));
  EXPECT_EQ(column(row, n_failed_col), "1") << header << "\n" << row;

  // The means are over finished trials only: with known values the statistics are exact, and a
  // number left in the failed record changes nothing.
  files[finished_ids[0]]["selected_resim_mse"] = 1.0;
  files[finished_ids[1]]["selected_resim_mse"] = 5.0;
  files[failed_id]["selected_resim_mse"] = 1000.0;
  for (const auto& [id, r] : files) write_text_atomic((dir / "trials" / (id + ".json")).string(), r.dump());
  write_summaries(dir.string());
  const json s = read_json(dir / "summary.json")["cells"][0]["selected_resim_mse"];
  EXPECT_DOUBLE_EQ(s["mean"].get<double>(), 3.0);
  EXPECT_DOUBLE_EQ(s["std"].get<double>(), std::sqrt(8.0));
  EXPECT_DOUBLE_EQ(s["median"].get<double>(), 3.0);
  EXPECT_NEAR(s["ci95_high"].get<double>(), 3.0 + 12.706 * std::sqrt(8.0) / std::sqrt(2.0), 1e-9);

  // A rerun retries the failed trial, and only it.
  int events = 0;
  const auto again = run_sweep(spec, dir.string(), [&](const SweepEvent&) { ++events; });
  EXPECT_EQ(events, 1);
  EXPECT_EQ(again.skipped, 2);
  EXPECT_EQ(again.finished, 1);
  EXPECT_EQ(again.failed, 0);
  summary = read_json(dir / "summary.json");
  EXPECT_EQ(summary["cells"][0]["n_failed"], 0);
  EXPECT_EQ(summary["cells"][0]["selected_resim_mse"]["n"], 3);
  EXPECT_TRUE(fs::exists(dir / "models"));
  fs::remove_all(dir);
}

TEST(SweepTrust, MergeTakesAFinishedRunOfATrialOverAFailedOne) {
  const auto root = fresh_dir("merge_failed");
  auto spec = three_trials();
  spec.trials = 1;
  SweepHooks diverge;
  diverge.before_train = [](const TrialSpec&, TrainControl& control) {
    control.set_hot(hot_slot(&Config::lr_inverse), 1e30);
  };
  EXPECT_EQ(run_sweep(spec, (root / "bad").string(), {}, nullptr, diverge).failed, 1);
  EXPECT_EQ(run_sweep(spec, (root / "good").string(), {}).finished, 1);
  for (const auto& order : {std::vector<std::string>{"bad", "good"}, std::vector<std::string>{"good", "bad"}}) {
    const auto out = root / ("all_" + order[0]);
    merge_sweeps({(root / order[0]).string(), (root / order[1]).string()}, out.string());
    const json summary = read_json(out / "summary.json");
    EXPECT_EQ(summary["failed"], 0) << order[0];
    EXPECT_EQ(summary["cells"][0]["selected_resim_mse"]["n"], 1) << order[0];
  }
  fs::remove_all(root);
}

// A data set with one mistyped row (tests/common/absurd_row_data.h): both seeds give failed
// trials with their reasons, not a null in the tables.
TEST(SweepTrust, ADataSetWithAnAbsurdRowGivesFailedTrialsWithReasons) {
  const auto dir = fresh_dir("outlier");
  fs::create_directories(dir);
  const auto data = dir / "outlier.csv";
  test_data::write_sine_rows_with_an_absurd_one(data);
  SweepSpec spec = three_trials();
  spec.base = {{"problem", "csv:" + data.string()},
               {"x_cols", "x1,x2"},
               {"y_cols", "y"},
               {"hidden", "8"},
               {"epochs_forward", "2"},
               {"epochs_inverse", "2"},
               {"threads", "1"}};
  spec.base_seed = 3;  // seed 3 puts the row in training, seed 4 among the test rows
  spec.trials = 2;
  const auto outcome = run_sweep(spec, (dir / "sweep").string(), {});
  EXPECT_EQ(outcome.failed, 2);
  std::vector<std::string> reasons;
  for (const auto& [id, r] : trial_files(dir / "sweep")) reasons.push_back(r.value("reason", ""));
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_NE(reasons[0].find("the forward model's loss became NaN or infinite"), std::string::npos) << reasons[0];
  EXPECT_EQ(reasons[1], "its forward test MSE is not finite");
  EXPECT_EQ(read_json(dir / "sweep" / "summary.json")["cells"][0]["n_failed"], 2);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ml
