#pragma once
// Helpers for the tests that run the real manifoldlab-cli binary (MANIFOLDLAB_CLI).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace ml::cli_test {

namespace fs = std::filesystem;

struct Result {
  int code;
  std::string output;  // stdout and stderr together
};

/// Runs `program args` (stderr into the output) with `env` (env(1)'s arguments) before it.
inline Result run_program(const std::string& program, const std::string& args, const std::string& env) {
  const std::string cmd = (env.empty() ? "" : "env " + env + " ") + program + " " + args + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

inline Result run(const std::string& args, const std::string& env = "") {
  return run_program(MANIFOLDLAB_CLI, args, env);
}

/// A fresh path under the temporary folder, unique per process; not created.
inline fs::path temp_dir(const std::string& name) {
  const auto d = fs::temp_directory_path() / ("manifoldlab_cli_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}

inline std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline int count_lines(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

inline void expect_one_line_error(const Result& r, const std::string& fragment) {
  EXPECT_NE(r.code, 0) << r.output;
  EXPECT_NE(r.output.find(fragment), std::string::npos) << r.output;
  EXPECT_EQ(count_lines(r.output), 1) << r.output;
}

/// A run that trains in about a second.
inline const char* const kTiny = "--samples 300 --hidden 16 --epochs-forward 2 --epochs-inverse 2 --threads 1";

}  // namespace ml::cli_test
