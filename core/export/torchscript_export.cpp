#include "core/export/torchscript_export.h"

#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "core/nn/residual_layer.h"
#include "core/platform/run_io.h"

namespace ml {
namespace {

std::string real(double v) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

/// Registers one network's tensors under `prefix` and returns its TorchScript method, which
/// repeats MlpImpl::forward op for op (addmm as Linear does, batch_norm as BatchNorm1d does in
/// eval mode), so that results match the engine's to float rounding.
std::string network_method(torch::jit::Module& module, const Mlp& net, const std::string& prefix) {
  const auto add = [&](const std::string& name, const torch::Tensor& t, bool buffer) {
    module.register_parameter(prefix + "_" + name, t.detach().to(torch::kCPU).clone(), buffer);
    return "self." + prefix + "_" + name;
  };
  std::ostringstream src;
  src << "def _" << prefix << "(self, h: Tensor) -> Tensor:\n";
  if (net->in_shift().defined())
    src << "    h = (h - " << add("in_shift", net->in_shift(), true) << ") / " << add("in_scale", net->in_scale(), true)
        << "\n";
  // "VAR = torch.addmm(...)" and "VAR = torch.batch_norm(VAR, ...)", a layer's tensors named NAME_*.
  const auto linear_line = [&](const std::string& var, const std::string& in, const torch::nn::LinearImpl& linear,
                               const std::string& name) {
    src << "    " << var << " = torch.addmm(" << add(name + "_bias", linear.bias, false) << ", " << in << ", "
        << add(name + "_weight", linear.weight, false) << ".t())\n";
  };
  const auto batch_norm_line = [&](const std::string& var, const torch::nn::BatchNorm1dImpl& bn,
                                   const std::string& name) {
    src << "    " << var << " = torch.batch_norm(" << var << ", " << add(name + "_weight", bn.weight, false) << ", "
        << add(name + "_bias", bn.bias, false) << ", " << add(name + "_running_mean", bn.running_mean, true) << ", "
        << add(name + "_running_var", bn.running_var, true) << ", False, 0.0, " << real(bn.options.eps())
        << ", False)\n";
  };
  int i = 0;
  for (const auto& layer : net->layers()->children()) {
    const std::string id = std::to_string(i++);
    if (const auto* linear = layer->as<torch::nn::Linear>()) {
      linear_line("h", "h", *linear, id);
    } else if (const auto* bn = layer->as<torch::nn::BatchNorm1d>()) {
      batch_norm_line("h", *bn, id);
    } else if (const auto* res = layer->as<ResidualLayer>()) {
      linear_line("z", "h", *res->linear(), id);
      if (res->norm()) batch_norm_line("z", *res->norm(), id + "_bn");
      src << "    h = h + torch." << activation_name(res->activation()) << "(z)\n";
    } else if (layer->as<torch::nn::ReLU>()) {
      src << "    h = torch.relu(h)\n";
    } else if (layer->as<torch::nn::SiLU>()) {
      src << "    h = torch.silu(h)\n";
    } else if (layer->as<torch::nn::Tanh>()) {
      src << "    h = torch.tanh(h)\n";
    } else {
      throw std::runtime_error("export: layer '" + layer->name() + "' has no TorchScript form");
    }
  }
  if (net->out_shift().defined())
    src << "    h = h * " << add("out_scale", net->out_scale(), true) << " + "
        << add("out_shift", net->out_shift(), true) << "\n";
  src << "    return h\n";
  return src.str();
}

c10::List<std::string> strings(const std::vector<std::string>& v) {
  c10::List<std::string> list;
  for (const auto& s : v) list.push_back(s);
  return list;
}

c10::List<double> reals(const std::vector<double>& v) {
  c10::List<double> list;
  for (double d : v) list.push_back(d);
  return list;
}

}  // namespace

torch::jit::Module build_mixture_module(const MixtureParts& parts) {
  if (parts.inverse.empty()) throw std::runtime_error("export: the model holds no inverse network");
  if (!parts.forward && !parts.simulator)
    throw std::runtime_error(
        "export: this model ranks proposals through a built-in simulator, which has no TorchScript form; "
        "export a model trained with forward learned or on a torchscript: problem");
  torch::jit::Module module(c10::QualifiedName("__torch__.manifoldlab.Mixture"));
  module.register_attribute("x_names", c10::ListType::ofStrings(), strings(parts.x_names));
  module.register_attribute("y_names", c10::ListType::ofStrings(), strings(parts.y_names));
  module.register_attribute("box_lo", c10::ListType::ofFloats(), reals(parts.box.lo));
  module.register_attribute("box_hi", c10::ListType::ofFloats(), reals(parts.box.hi));
  module.register_attribute("k", c10::IntType::get(), static_cast<int64_t>(parts.inverse.size()));

  std::string src;
  std::string stack;
  for (size_t m = 0; m < parts.inverse.size(); ++m) {
    const std::string name = "g" + std::to_string(m);
    src += network_method(module, parts.inverse[m], name);
    stack += (m ? ", self._" : "self._") + name + "(y)";
  }
  src += "def proposals(self, y: Tensor) -> Tensor:\n    y = y.float()\n    return torch.stack([" + stack + "])\n";
  if (parts.forward) {
    src += network_method(module, parts.forward, "f");
    src += "def forward_model(self, x: Tensor) -> Tensor:\n    return self._f(x.float())\n";
    src += "def _rank_by(self, x: Tensor) -> Tensor:\n    return self._f(x)\n";
  } else {
    module.register_module("simulator", *parts.simulator);
    src += "def _rank_by(self, x: Tensor) -> Tensor:\n    return self.simulator.forward(x).float()\n";
  }
  module.register_attribute("refine_steps", c10::IntType::get(), static_cast<int64_t>(parts.refine_steps));
  module.register_attribute("refine_lr", c10::FloatType::get(), parts.refine_lr);
  module.register_attribute("trust_weight", c10::FloatType::get(), parts.trust.active() ? parts.trust.weight : 0.0);
  // trust.h's penalty (in double), and evaluation.cpp's score_proposals: ||rank_by(x) - y||^2 + it.
  src += "def _penalty(self, x: Tensor) -> Tensor:\n";
  if (parts.trust.active()) {
    module.register_buffer("trust_mean", parts.trust.mean.to(torch::kCPU, torch::kFloat64).clone());
    module.register_buffer("trust_precision", parts.trust.precision.to(torch::kCPU, torch::kFloat64).clone());
    src +=
        "    c = x.double() - self.trust_mean\n"
        "    d2 = (torch.matmul(c, self.trust_precision) * c).sum(-1)\n"
        "    return (" +
        real(parts.trust.weight) + " * torch.relu(d2 - " + real(parts.trust.threshold) + ")).float()\n";
  } else {
    src += "    return torch.zeros(x.shape[:-1])\n";
  }
  src +=
      "def _score(self, x: Tensor, y: Tensor) -> Tensor:\n"
      "    k = x.size(0)\n"
      "    n = x.size(1)\n"
      "    fy = self._rank_by(x.reshape(k * n, x.size(2))).reshape(k, n, -1)\n"
      "    return (fy - y.unsqueeze(0)).pow(2).sum(-1) + self._penalty(x)\n";
  // As refine.cpp: Adam on u = (x - lo) / width, kept in [0, 1]; then each network keeps the
  // better of its proposal and its refined point by score (a NaN never winning). TorchScript in
  // LibTorch 1.13 cannot switch gradients on (no enable_grad), so callers must not be in no_grad.
  src +=
      "def refine(self, y: Tensor, steps: int) -> Tensor:\n"
      "    y = y.float()\n"
      "    p = self.proposals(y)\n"
      "    if steps <= 0:\n"
      "        return p\n"
      "    lo = torch.tensor(self.box_lo).float()\n"
      "    width = (torch.tensor(self.box_hi).float() - lo).clamp_min(1e-12)\n"
      "    u = ((p - lo) / width).clamp(0.0, 1.0).detach()\n"
      "    m1 = torch.zeros_like(u)\n"
      "    m2 = torch.zeros_like(u)\n"
      "    k = p.size(0)\n"
      "    n = p.size(1)\n"
      "    d = p.size(2)\n"
      "    for t in range(1, steps + 1):\n"
      "        u.requires_grad_(True)\n"
      "        fy = self._rank_by((lo + u * width).reshape(k * n, d)).reshape(k, n, -1)\n"
      "        loss = (fy - y.unsqueeze(0)).pow(2).sum()" +
      std::string(parts.trust.active() && parts.refine_trust ? " + self._penalty(lo + u * width).sum()" : "") +
      "\n"
      "        g = torch.autograd.grad([loss], [u])[0]\n"
      "        assert g is not None\n"
      "        u = u.detach()\n"
      "        m1 = 0.9 * m1 + 0.1 * g\n"
      "        m2 = 0.999 * m2 + 0.001 * g * g\n"
      "        step = self.refine_lr / (1.0 - 0.9 ** t)\n"
      "        u = (u - step * m1 / ((m2 / (1.0 - 0.999 ** t)).sqrt() + 1e-8)).clamp(0.0, 1.0)\n"
      "    r = (lo + u * width).detach()\n"
      "    inf = float(\"inf\")\n"
      "    better = torch.nan_to_num(self._score(r, y), nan=inf) < torch.nan_to_num(self._score(p, y), nan=inf)\n"
      "    return torch.where(better.unsqueeze(-1), r, p)\n";
  // As evaluation.cpp's select_best: the lowest score, a NaN never winning.
  src +=
      "def forward(self, y: Tensor) -> Tensor:\n"
      "    y = y.float()\n"
      "    p = self.refine(y, self.refine_steps)\n"
      "    n = p.size(1)\n"
      "    d = p.size(2)\n"
      "    best = torch.nan_to_num(self._score(p, y), nan=float(\"inf\")).argmin(0)\n"
      "    return p.gather(0, best.reshape(1, n, 1).expand(1, n, d)).squeeze(0)\n";
  try {
    module.define(src);
  } catch (const std::exception& e) {
    // The message is TorchScript's compiler output over many lines; its first says what failed.
    std::string what = e.what();
    what = what.substr(what.find_first_not_of("\n"));
    throw std::runtime_error("export: cannot build the TorchScript module: " + what.substr(0, what.find('\n')));
  }
  module.eval();
  return module;
}

void save_script_module(const torch::jit::Module& module, const std::string& path) {
  // In memory first, then checked writes (write_text_atomic): LibTorch's file writer throws from
  // its destructor on a full disk, which ends the process.
  std::ostringstream bytes(std::ios::binary);
  module.save(bytes);
  write_text_atomic(path, bytes.str());
}

}  // namespace ml
