#pragma once
/// Seeded samples of a problem, split into train and test, with the domain box.
#include <torch/torch.h>

#include "core/api/box.h"
#include "core/problems/problem.h"

namespace ml {

struct Dataset {
  torch::Tensor x_train, y_train, x_test, y_test;  ///< float32, on the run's device
  Box box;                                         ///< from the training x (problem's rule)
};

/// Draws `samples` points with a generator seeded by `seed` (a data set: takes all its rows in a
/// seeded order), splits.
/// Throws ConfigError when either side of the split would hold fewer than 2 rows.
Dataset make_dataset(const Problem& problem, int samples, double train_fraction, std::int64_t seed,
                     torch::Device device);

/// A CPU generator seeded explicitly (never the global one).
at::Generator seeded_generator(std::int64_t seed);

}  // namespace ml
