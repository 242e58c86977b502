#include "core/problems/dataset.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <tuple>

#include "core/api/config.h"

namespace ml {

at::Generator seeded_generator(std::int64_t seed) {
  return at::make_generator<at::CPUGeneratorImpl>(static_cast<uint64_t>(seed));
}

Dataset make_dataset(const Problem& problem, int samples, double train_fraction, std::int64_t seed,
                     torch::Device device) {
  auto gen = seeded_generator(seed);
  torch::Tensor x, y;
  if (const auto [rows_x, rows_y] = problem.rows(); rows_x.defined()) {
    // A data set: every row, shuffled by the seed (`samples` applies to drawn problems only).
    const auto order = torch::randperm(rows_x.size(0), gen, torch::kLong);
    x = rows_x.index_select(0, order);
    y = rows_y.index_select(0, order);
    samples = static_cast<int>(rows_x.size(0));
  }
  const auto n_train = static_cast<std::int64_t>(std::llround(samples * train_fraction));
  if (n_train < 2 || samples - n_train < 2)
    throw ConfigError("samples: " + std::to_string(samples) + " samples leave too few rows for the train/test split");
  if (!x.defined()) std::tie(x, y) = problem.draw_rows(samples, seed);
  Dataset d;
  d.x_train = x.slice(0, 0, n_train).to(device);
  d.y_train = y.slice(0, 0, n_train).to(device);
  d.x_test = x.slice(0, n_train).to(device);
  d.y_test = y.slice(0, n_train).to(device);
  d.box = problem.domain(d.x_train);
  return d;
}

}  // namespace ml
