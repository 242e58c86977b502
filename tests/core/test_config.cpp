#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "core/api/config.h"
#include "core/api/control.h"

namespace ml {
namespace {

TEST(Config, TheTableNumbersItsHotParametersAndTrainersFindThemByField) {
  std::set<int> slots;
  for (const auto& p : parameter_table()) {
    if (!p.hot) {
      EXPECT_EQ(p.hot_slot, -1) << p.key;
      continue;
    }
    EXPECT_GE(p.hot_slot, 0) << p.key;
    EXPECT_LT(p.hot_slot, TrainControl::kHotSlots) << p.key;
    EXPECT_TRUE(slots.insert(p.hot_slot).second) << p.key << " shares a slot";
    ASSERT_NE(p.real_field, nullptr) << p.key;
    EXPECT_EQ(hot_slot(p.real_field), p.hot_slot) << p.key;
  }
  EXPECT_EQ(hot_slot(&Config::lambda), find_parameter("lambda")->hot_slot);
  EXPECT_THROW(hot_slot(&Config::na_lr), std::logic_error);  // a cold Real parameter
}

TEST(TrainControl, AHotSlotFallsBackToTheConfiguredValueUntilSet) {
  TrainControl c;
  const int sigma2 = hot_slot(&Config::sigma2), lambda = hot_slot(&Config::lambda);
  EXPECT_TRUE(std::isnan(c.hot(sigma2)));
  EXPECT_EQ(c.hot_or(sigma2, 0.04), 0.04);
  c.set_hot(sigma2, 0.25);
  EXPECT_EQ(c.hot_or(sigma2, 0.04), 0.25);
  EXPECT_EQ(c.hot_or(lambda, 0.02), 0.02);  // slots are independent
  c.clear_hot();
  EXPECT_EQ(c.hot_or(sigma2, 0.04), 0.04);
  EXPECT_THROW(c.set_hot(TrainControl::kHotSlots, 1.0), std::out_of_range);
}

TEST(Config, PaperPresetMatchesTheReferenceCode) {
  const Config sine = preset_config("sine", "paper");
  EXPECT_EQ(sine.hidden_forward, (std::vector<int>{500, 500, 500, 500}));
  EXPECT_EQ(sine.hidden_inverse, (std::vector<int>{500, 500, 500, 500}));
  EXPECT_EQ(sine.activation_forward, "relu");
  EXPECT_TRUE(sine.batchnorm_forward);
  EXPECT_TRUE(sine.batchnorm_inverse);
  EXPECT_EQ(sine.batch, 1024);
  EXPECT_EQ(sine.epochs_forward, 500);
  EXPECT_EQ(sine.epochs_inverse, 500);
  EXPECT_DOUBLE_EQ(sine.lr_forward, 1e-3);
  EXPECT_DOUBLE_EQ(sine.weight_decay_forward, 5e-4);
  EXPECT_DOUBLE_EQ(sine.weight_decay_inverse, 0.0);
  EXPECT_EQ(sine.lr_schedule_forward, "plateau");
  EXPECT_DOUBLE_EQ(sine.boundary_weight, 100.0);
  EXPECT_DOUBLE_EQ(sine.lambda, 0.02);
  EXPECT_DOUBLE_EQ(sine.sigma2, 0.04);
  const Config arm = preset_config("robot-arm", "paper");
  EXPECT_EQ(arm.hidden_forward, (std::vector<int>{300, 300}));
  EXPECT_EQ(arm.hidden_inverse, (std::vector<int>{500, 500, 500}));
}

// METHOD.md section 2, for every setting the inverse training reads: every key of the table's
// "inverse" group must be listed here, so a new inverse setting cannot escape the check.
TEST(Config, PaperPresetSetsEveryInverseSettingAsTheReferenceCode) {
  const std::map<std::string, std::pair<std::string, std::string>> expected{
      // key -> (sine, robot-arm)
      {"hidden_inverse", {"500,500,500,500", "500,500,500"}},
      {"activation_inverse", {"relu", "relu"}},
      {"batchnorm_inverse", {"true", "true"}},
      {"epochs_inverse", {"500", "500"}},
      {"lr_inverse", {"0.001", "0.001"}},
      {"weight_decay_inverse", {"0", "0"}},
      {"lr_schedule_inverse", {"plateau", "plateau"}},
      {"grad_clip_inverse", {"0", "0"}},  // the reference code does not clip
      {"inverse_retries", {"0", "0"}},    // it trains each network once
      // the inverse loss and schedule, and the batch both phases share
      {"batch", {"1024", "1024"}},
      {"boundary_weight", {"100", "100"}},
      {"lambda", {"0.02", "0.02"}},
      {"sigma2", {"0.04", "0.04"}},
      {"schedule", {"sequential", "sequential"}},
      {"inverse_targets", {"train", "train"}},
      {"forward", {"learned", "learned"}},
  };
  const Config sine = preset_config("sine", "paper"), arm = preset_config("robot-arm", "paper");
  for (const auto& p : parameter_table()) {
    if (p.group == ParamGroup::Inverse) {
      EXPECT_TRUE(expected.count(p.key)) << p.key << " has no expected paper value";
    }
    const auto it = expected.find(p.key);
    if (it == expected.end()) continue;
    EXPECT_EQ(p.get(sine), it->second.first) << p.key;
    EXPECT_EQ(p.get(arm), it->second.second) << p.key;
  }
}

TEST(Config, TheQuickPresetClipsTheSineNetworksWhereClippingWasMeasuredToHelp) {
  EXPECT_EQ(preset_config("sine", "quick").grad_clip_inverse, 1.0);
  EXPECT_EQ(preset_config("robot-arm", "quick").grad_clip_inverse, 0.0);
  EXPECT_EQ(resolve_config({{"problem", "robot-arm"}, {"grad_clip_inverse", "2.5"}}).grad_clip_inverse, 2.5);
}

TEST(Config, OverridesApplyOnTopOfThePreset) {
  const Config c = resolve_config({{"problem", "robot-arm"},
                                   {"preset", "paper"},
                                   {"k", "3"},
                                   {"hidden", "64,32"},
                                   {"hidden_inverse", "16"},
                                   {"lr", "0.01"}});
  EXPECT_EQ(c.problem, "robot-arm");
  EXPECT_EQ(c.k, 3);
  EXPECT_EQ(c.hidden_forward, (std::vector<int>{64, 32}));
  EXPECT_EQ(c.hidden_inverse, (std::vector<int>{16}));  // specific key beats the alias
  EXPECT_DOUBLE_EQ(c.lr_forward, 0.01);
  EXPECT_DOUBLE_EQ(c.lr_inverse, 0.01);
  EXPECT_EQ(c.batch, 1024);  // untouched preset value
}

TEST(Config, OutOfRangeAndMalformedValuesAreOneLineErrors) {
  auto message = [](std::map<std::string, std::string> o) {
    try {
      resolve_config(o);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message({{"k", "0"}}).find("k: must be an integer >= 1"), std::string::npos);
  EXPECT_NE(message({{"k", "65"}}).find("<= 64"), std::string::npos);
  EXPECT_NE(message({{"k", "2.5"}}).find("k: must be an integer"), std::string::npos);
  EXPECT_NE(message({{"sigma2", "0"}}).find("sigma2: must be a number > 0"), std::string::npos);
  // Issue 31: > 0 in double but 0 (or denormal) in float32, where training uses it.
  EXPECT_NE(message({{"sigma2", "1e-50"}})
                .find("sigma2: 1e-50 is below float32's smallest normal number (1.17549435082e-38), the precision "
                      "training uses"),
            std::string::npos);
  EXPECT_NE(message({{"lr_inverse", "1e-40"}}).find("lr_inverse: 1e-40 is below float32's"), std::string::npos);
  EXPECT_EQ(message({{"sigma2", "1e-30"}}), "no error");
  EXPECT_EQ(message({{"lambda", "0"}}), "no error");
  EXPECT_NE(message({{"lambda", "-0.1"}}).find("lambda: must be a number >= 0"), std::string::npos);
  EXPECT_NE(message({{"lr", "nan"}}).find("lr_forward"), std::string::npos);
  EXPECT_NE(message({{"problem", "pendulum"}}).find("problem: must be one of sine|robot-arm"), std::string::npos);
  EXPECT_NE(message({{"hidden", "128,,64"}}).find("hidden_forward"), std::string::npos);
  EXPECT_NE(message({{"batch", "1"}}).find("batch"), std::string::npos);
  EXPECT_NE(message({{"warp", "9"}}).find("unknown parameter 'warp'"), std::string::npos);
  for (const auto& m : {message({{"k", "0"}}), message({{"hidden", "x"}})}) EXPECT_EQ(m.find('\n'), std::string::npos);
}

TEST(Config, ParseNumberChecksTheRangeAndSaysItInOneLine) {
  EXPECT_EQ(parse_number(" 2.5\t"), 2.5);
  EXPECT_EQ(parse_number("-3e2"), -300);
  EXPECT_EQ(parse_number("7", {1, 64, false, true}), 7);
  const auto message = [](const std::string& text, const NumberRange& range) {
    try {
      parse_number(text, range);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const NumberRange k{1, 64, false, true};
  EXPECT_EQ(message("0", k), "must be an integer >= 1 and <= 64 (got 0)");
  EXPECT_EQ(message("2.5", k), "must be an integer >= 1 and <= 64 (got '2.5')");
  EXPECT_EQ(message("1e1", k), "must be an integer >= 1 and <= 64 (got '1e1')");
  EXPECT_EQ(message("0", {0, 1e4, true}), "must be a number > 0 and <= 10000 (got 0)");
  EXPECT_EQ(message("0", {1, std::numeric_limits<double>::infinity(), false, true}), "must be an integer >= 1 (got 0)");
  for (const char* bad : {"", " ", "abc", "1e400", "nan", "inf", "1 2", "1,2", "2x"})
    EXPECT_EQ(message(bad, {}), std::string("must be a number (got '") + bad + "')");
}

TEST(Config, ADomainIsOneFiniteRangePerDimension) {
  const Box b = parse_domain(" -1:1, 0 : 6.5 ");
  EXPECT_EQ(b.lo, (std::vector<double>{-1, 0}));
  EXPECT_EQ(b.hi, (std::vector<double>{1, 6.5}));
  EXPECT_TRUE(parse_domain("").lo.empty());
  for (const char* bad : {"1", "-1:1,", "1:-1", "0:0", "a:1", "0:inf", "-1:1,,0:1", ":1", "1e400:2", "0:1:2"}) {
    try {
      parse_domain(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const ConfigError& e) {
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
      EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(resolve_config({{"domain", "1:0"}}), ConfigError);
  Config sine = resolve_config({{"domain", "-1:1,-1:1"}});  // parses, but a fixed-domain problem refuses it
  EXPECT_THROW(validate(sine), ConfigError);
}

TEST(Config, JsonRoundTripsEveryParameter) {
  Config c = resolve_config({{"problem", "robot-arm"},
                             {"k", "7"},
                             {"lambda", "0.125"},
                             {"hidden_inverse", "8,9"},
                             {"batchnorm_forward", "true"},
                             {"seed", "42"}});
  const Config back = config_from_json(config_to_json(c));
  for (const auto& p : parameter_table()) EXPECT_EQ(p.get(back), p.get(c)) << p.key;
}

TEST(Config, JsonRejectsUnknownKeysAndWrongTypes) {
  EXPECT_THROW(config_from_json(R"({"k": 2, "colour": "red"})"), ConfigError);
  EXPECT_THROW(config_from_json(R"({"k": "2"})"), ConfigError);
  EXPECT_THROW(config_from_json(R"({"k": 2.5})"), ConfigError);
  EXPECT_THROW(config_from_json(R"({"hidden_forward": []})"), ConfigError);
  EXPECT_THROW(config_from_json(R"({"batchnorm_forward": 1})"), ConfigError);
  EXPECT_THROW(config_from_json("[1, 2]"), ConfigError);
  EXPECT_THROW(config_from_json("{not json"), ConfigError);
  EXPECT_EQ(config_from_json(R"({"problem": "robot-arm", "preset": "paper"})").batch, 1024);
}

TEST(Config, EveryParameterHasHelpAndAFlag) {
  for (const auto& p : parameter_table()) {
    EXPECT_FALSE(p.help.empty()) << p.key;
    EXPECT_FALSE(p.label.empty()) << p.key;
    EXPECT_EQ(p.flag().find('_'), std::string::npos) << p.key;
  }
  EXPECT_TRUE(find_parameter("lambda")->hot);
  EXPECT_FALSE(find_parameter("k")->hot);
}

TEST(Config, EverySliderShowsValuesItsParameterAccepts) {
  std::vector<std::string> keys;
  for (const auto& p : parameter_table()) {
    if (!p.slider.shown()) continue;
    keys.push_back(p.key);
    ASSERT_TRUE(p.type == ParamType::Int || p.type == ParamType::Real) << p.key;
    const auto text = [&](double v) {
      return p.type == ParamType::Int ? std::to_string(static_cast<long long>(v)) : std::to_string(v);
    };
    Config c;
    EXPECT_NO_THROW(set_parameter(c, p.key, text(p.slider.min))) << p.key;
    EXPECT_NO_THROW(set_parameter(c, p.key, text(p.slider.max))) << p.key;
    if (p.slider.log) {
      EXPECT_EQ(p.type, ParamType::Real) << p.key;
      EXPECT_GT(p.slider.min, 0) << p.key;
    }
    if (p.slider.zero_at_left) {
      EXPECT_TRUE(p.slider.log) << p.key;
      EXPECT_NO_THROW(set_parameter(c, p.key, "0")) << p.key;
    }
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"k", "lambda", "sigma2"}));
  EXPECT_TRUE(find_parameter("lambda")->slider.zero_at_left);
  EXPECT_FALSE(find_parameter("sigma2")->slider.zero_at_left);  // sigma2 > 0
}

// Found by fuzz/fuzz_config.cpp: control characters in keys or values made multi-line messages.
TEST(Config, ControlCharactersInKeysAndValuesKeepMessagesOnOneLine) {
  auto message = [](const std::string& text) {
    try {
      config_from_json(text);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(R"({"a\nb": 1})"), "unknown key 'a\\x0ab'");
  const std::string device = message(R"({"device": "x\ny"})");
  EXPECT_EQ(device.find('\n'), std::string::npos) << device;
  EXPECT_NE(device.find("x\\x0ay"), std::string::npos) << device;
  // Also a fuzz finding: a number beyond double's range escaped as nlohmann's out_of_range.
  EXPECT_NE(message(R"({"sigma2": 1e999})").find("not valid JSON: "), std::string::npos);
}

}  // namespace
}  // namespace ml
