#include "core/problems/csv/csv_data.h"

#include <utility>

#include "core/api/config.h"
#include "core/problems/csv/csv_table.h"

namespace ml {
namespace {

torch::Tensor matrix(const std::vector<double>& values, std::size_t rows) {
  return torch::tensor(values, torch::kFloat64).reshape({static_cast<long>(rows), -1}).to(torch::kFloat32);
}

}  // namespace

CsvDataProblem::CsvDataProblem(const std::string& path, const std::string& x_columns, const std::string& y_columns,
                               Box domain)
    : path_(path), domain_(std::move(domain)) {
  const CsvTable t = read_csv_table(path, x_columns, y_columns);
  x_names_ = t.x_names;
  y_names_ = t.y_names;
  x_ = matrix(t.x, t.rows);
  y_ = matrix(t.y, t.rows);
  if (!domain_.lo.empty() && domain_.lo.size() != x_names_.size())
    throw ConfigError("domain has " + std::to_string(domain_.lo.size()) + " range(s) but " + path + " has " +
                      std::to_string(x_names_.size()) + " x column(s)");
}

torch::Tensor CsvDataProblem::simulate(const torch::Tensor&) const {
  throw std::logic_error(path_ + " is a data set: it has no true simulator");
}

torch::Tensor CsvDataProblem::sample(std::int64_t n, at::Generator& gen) const {
  return x_.index_select(0, torch::randint(x_.size(0), {n}, gen, torch::kLong));
}

}  // namespace ml
