#include "core/nn/activation.h"

#include <iterator>
#include <stdexcept>

#include "core/api/config.h"

namespace ml {

namespace {
// In the order of activation_choices().
const Activation kinds[] = {Activation::Relu, Activation::Silu, Activation::Tanh};
}  // namespace

Activation activation_named(const std::string& name) {
  const auto& names = activation_choices();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return kinds[i];
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : "|") + n;
  throw std::invalid_argument("unknown activation '" + name + "' (known: " + list + ")");
}

const std::string& activation_name(Activation activation) {
  for (std::size_t i = 0; i < std::size(kinds); ++i)
    if (kinds[i] == activation) return activation_choices()[i];
  throw std::logic_error("activation_name: no such activation");
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
