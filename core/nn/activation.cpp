#include "core/nn/activation.h"

#include <stdexcept>

#include "core/api/config.h"

namespace ml {

Activation activation_named(const std::string& name) {
  // In the order of activation_choices().
  static const Activation kinds[] = {Activation::Relu, Activation::Silu, Activation::Tanh};
  const auto& names = activation_choices();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return kinds[i];
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : "|") + n;
  throw std::invalid_argument("unknown activation '" + name + "' (known: " + list + ")");
}

torch::Tensor activate(Activation activation, const torch::Tensor& x) {
  switch (activation) {
    case Activation::Relu:
      return torch::relu(x);
    case Activation::Silu:
      return torch::silu(x);
    case Activation::Tanh:
      return torch::tanh(x);
  }
  throw std::logic_error("activate: no such activation");
}

}  // namespace ml
