#pragma once
/// A user's data set as a problem: numeric x and y columns of a CSV file (core/problems/csv/csv_table.h).
/// There is no true simulator: errors are measured through the learned forward model, and the
/// "prior" is the empirical one (rows drawn with replacement).
#include "core/problems/problem.h"

namespace ml {

class CsvDataProblem : public Problem {
 public:
  /// Reads and validates the file. Throws CsvError with file, line and column, and ConfigError
  /// when `domain` (empty: the training rows' bounding box) has a range count other than x's.
  CsvDataProblem(const std::string& path, const std::string& x_columns, const std::string& y_columns, Box domain = {});
  std::string name() const override { return "csv:" + path_; }
  std::vector<std::string> x_names() const override { return x_names_; }
  std::vector<std::string> y_names() const override { return y_names_; }
  /// Throws std::logic_error: a data set has no simulator.
  torch::Tensor simulate(const torch::Tensor& x) const override;
  torch::Tensor sample(std::int64_t n, at::Generator& gen) const override;
  Box domain(const torch::Tensor& x_train) const override {
    return domain_.lo.empty() ? bounding_box(x_train) : domain_;
  }
  bool has_simulator() const override { return false; }
  std::pair<torch::Tensor, torch::Tensor> rows() const override { return {x_, y_}; }

 private:
  std::string path_;
  std::vector<std::string> x_names_, y_names_;
  torch::Tensor x_, y_;  ///< [rows, dim] float32, CPU
  Box domain_;           ///< the user's box, or empty
};

}  // namespace ml
