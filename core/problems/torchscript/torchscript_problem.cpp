#include "core/problems/torchscript/torchscript_problem.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "core/problems/dataset.h"

namespace ml {
namespace {

/// The line of an exception's text that says what went wrong: TorchScript's interpreter puts
/// its traceback first and the error ("RuntimeError: ...") last.
std::string one_line(const std::exception& e) {
  const auto* c10 = dynamic_cast<const c10::Error*>(&e);
  std::istringstream in(c10 ? c10->what_without_backtrace() : e.what());
  std::string line, last;
  while (std::getline(in, line))
    if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
  last.erase(0, last.find_first_not_of(" \t"));
  return printable(last, 200);
}

/// A list-of-strings attribute of the module, or empty when it has none.
std::vector<std::string> names_attribute(const torch::jit::Module& m, const char* name) {
  std::vector<std::string> out;
  if (!m.hasattr(name)) return out;
  const auto value = m.attr(name);
  if (!value.isList()) return out;
  for (const auto& item : value.toListRef())
    if (item.isString()) out.push_back(item.toStringRef());
  return out;
}

std::string shape_text(const torch::Tensor& t) {
  std::string s = "[";
  for (int64_t d = 0; d < t.dim(); ++d) s += (d ? ", " : "") + std::to_string(t.size(d));
  return s + "]";
}

}  // namespace

TorchScriptProblem::TorchScriptProblem(const std::string& path, const std::string& domain, const std::string& prior,
                                       bool forward_true)
    : path_(path), box_(parse_domain(domain)), prior_(parse_prior(prior)) {
  const std::string file = "torchscript:" + printable(path, 200);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw ConfigError(file + ": no such file");
  try {
    module_ = torch::jit::load(path, torch::kCPU);
  } catch (const std::exception&) {
    throw ConfigError(file + ": not a TorchScript archive (save one with torch.jit.save)");
  }
  if (!module_.find_method("forward")) throw ConfigError(file + ": the module has no forward method");
  module_.eval();
  for (auto p : module_.parameters()) p.set_requires_grad(false);  // only x's gradient is wanted
  const int64_t dims = static_cast<int64_t>(box_.lo.size());
  if (dims == 0) throw ConfigError(file + " needs domain: one lo:hi range per x dimension (--domain -1:1,-1:1)");
  if (prior_.empty()) prior_.assign(dims, PriorDim{});
  if (static_cast<int64_t>(prior_.size()) != dims)
    throw ConfigError("prior: has " + std::to_string(prior_.size()) + " item(s) but domain " + std::to_string(dims) +
                      " range(s); give one per x dimension");
  x_names_ = names_attribute(module_, "x_names");
  if (!x_names_.empty() && static_cast<int64_t>(x_names_.size()) != dims)
    throw ConfigError("domain: has " + std::to_string(dims) + " range(s) but " + file + "'s x_names has " +
                      std::to_string(x_names_.size()) + " names; give one range per x dimension");
  if (x_names_.empty())
    for (int64_t d = 1; d <= dims; ++d) x_names_.push_back("x" + std::to_string(d));

  // The probe: two prior draws, with a gradient to see whether forward keeps it.
  auto gen = seeded_generator(0);
  const auto x = sample(2, gen).requires_grad_(true);
  torch::AutoGradMode grad(true);
  c10::IValue out;
  try {
    out = module_.forward({x});
  } catch (const std::exception& e) {
    throw ConfigError(file + ": forward throws on a [2, " + std::to_string(dims) + "] input: " + one_line(e));
  }
  if (!out.isTensor()) throw ConfigError(file + ": forward returns a " + out.tagKind() + ", not a tensor [N, M]");
  const auto y = out.toTensor();
  if (y.dim() != 2 || y.size(1) < 1)
    throw ConfigError(file + ": forward returns shape " + shape_text(y) + " for a [2, " + std::to_string(dims) +
                      "] input; it must be [N, M]");
  if (y.size(0) != 2)
    throw ConfigError(file + ": forward returns " + std::to_string(y.size(0)) +
                      " rows for 2 input rows; it must keep N");
  if (!y.is_floating_point()) throw ConfigError(file + ": forward returns integers; it must return floats");
  differentiable_ = y.requires_grad();
  if (names_attribute(module_, "x_names").empty()) {
    // Without x_names the domain alone gives x's width: more ranges than forward reads would train
    // on dimensions that change nothing. Forward reads only w columns when x's first w give the same y.
    torch::NoGradGuard no_grad;
    const auto same_from_first = [&](int64_t w) {
      try {
        const auto fewer = module_.forward({x.detach().narrow(1, 0, w).contiguous()});
        return fewer.isTensor() && fewer.toTensor().sizes() == y.sizes() && torch::equal(fewer.toTensor(), y.detach());
      } catch (const std::exception&) {
        return false;
      }
    };
    int64_t read = dims;
    while (read > 1 && same_from_first(read - 1)) --read;
    if (read < dims)
      throw ConfigError("domain: has " + std::to_string(dims) + " ranges but " + file +
                        "'s forward reads only the first " + std::to_string(read) +
                        " column(s) of x (its output is the same without the others); give " + std::to_string(read) +
                        " range(s)");
  }
  y_names_ = names_attribute(module_, "y_names");
  if (!y_names_.empty() && static_cast<int64_t>(y_names_.size()) != y.size(1))
    throw ConfigError(file + ": y_names has " + std::to_string(y_names_.size()) + " names but forward returns " +
                      std::to_string(y.size(1)) + " columns");
  if (y_names_.empty())
    for (int64_t d = 1; d <= y.size(1); ++d) y_names_.push_back("y" + std::to_string(d));
  if (forward_true && !differentiable_)
    throw ConfigError("forward: " + file +
                      " gives no gradient (its output does not require grad for an x that does), so g cannot "
                      "train through it; use forward learned");
}

torch::Tensor TorchScriptProblem::simulate(const torch::Tensor& x) const {
  try {
    // The module lives on the CPU (loaded there); a CUDA x goes there and back, gradients too.
    return module_.forward({x.to(torch::kCPU)}).toTensor().to(x.device(), x.scalar_type());
  } catch (const std::exception& e) {
    throw std::runtime_error("torchscript:" + printable(path_, 200) + ": forward failed: " + one_line(e));
  }
}

torch::Tensor TorchScriptProblem::sample(std::int64_t n, at::Generator& gen) const {
  const auto lo = torch::tensor(box_.lo, torch::kFloat64);
  const auto width = (torch::tensor(box_.hi, torch::kFloat64) - lo).to(torch::kFloat32);
  // One draw per kind, so that a uniform prior is exactly lo + width * U (the built-ins' form).
  auto x =
      torch::rand({n, static_cast<int64_t>(box_.lo.size())}, gen, torch::kFloat32) * width + lo.to(torch::kFloat32);
  std::vector<double> mean, sd;
  std::vector<uint8_t> normal;
  for (const auto& d : prior_) {
    normal.push_back(d.normal);
    mean.push_back(d.mean);
    sd.push_back(d.sd);
  }
  if (std::find(normal.begin(), normal.end(), 1) == normal.end()) return x;
  const auto z = torch::randn(x.sizes(), gen, torch::kFloat32);
  const auto drawn = z * torch::tensor(sd, torch::kFloat64).to(torch::kFloat32) +
                     torch::tensor(mean, torch::kFloat64).to(torch::kFloat32);
  const auto mask = torch::tensor(std::vector<int64_t>(normal.begin(), normal.end())).to(torch::kBool);
  return torch::where(mask, drawn, x);
}

std::pair<torch::Tensor, torch::Tensor> TorchScriptProblem::draw_rows(std::int64_t n, std::int64_t seed) const {
  torch::NoGradGuard no_grad;
  auto rows = Problem::draw_rows(n, seed);
  const auto bad = ~torch::isfinite(rows.second).all(1);
  const int64_t count = bad.sum().item<int64_t>();
  if (count > 0) {
    const auto first = rows.first[bad.nonzero()[0][0]];
    std::ostringstream x;
    x.precision(4);
    for (int64_t d = 0; d < first.size(0); ++d) x << (d ? ", " : "") << first[d].item<double>();
    throw ConfigError("torchscript:" + printable(path_, 200) + ": forward gives NaN or Inf on " +
                      std::to_string(count) + " of " + std::to_string(n) + " prior samples (first at x = (" + x.str() +
                      "))");
  }
  return rows;
}

}  // namespace ml
