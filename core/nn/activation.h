#pragma once
/// The hidden layers' nonlinearity, named once: the table's `activation_*` choices
/// (core/api/config.h) become this enum here, and the networks switch on it.
#include <torch/torch.h>

#include <string>

namespace ml {

enum class Activation { Relu, Silu, Tanh };

/// One of activation_choices(); throws std::invalid_argument listing them otherwise.
Activation activation_named(const std::string& name);
/// The inverse: the activation's name in activation_choices() (also torch's function name).
const std::string& activation_name(Activation activation);

/// The activation as a function (the batched networks' layers).
torch::Tensor activate(Activation activation, const torch::Tensor& x);

}  // namespace ml
