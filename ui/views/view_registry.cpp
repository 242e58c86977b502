#include "ui/views/view_registry.h"

#include <QCoreApplication>

#include "ui/views/ballistics_view.h"
#include "ui/views/robot_arm_view.h"
#include "ui/views/shell_view.h"
#include "ui/worker/snapshot.h"

namespace ml::ui {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("ViewRegistry", text); }

// The sine has no view files: its picture is the X-space map over the true simulator.
ViewSpec sine_view_spec() {
  ViewSpec s;
  s.problem = "sine";
  s.default_target = [](const ProblemView&) { return std::vector<double>{0.5}; };  // several solution curves
  s.target_lo = -2.0;
  s.target_hi = 2.0;
  s.sweep_steps = 201;
  s.simulator_map = true;
  s.map_label = tr("true y = sin 3πx₁ + cos 3πx₂");
  return s;
}

}  // namespace

const std::vector<ViewSpec>& view_table() {
  // One line per problem view; the order is the core registry's.
  static const std::vector<ViewSpec> table{
      sine_view_spec(),
      robot_arm_view_spec(),
      ballistics_view_spec(),
      shell_view_spec(),
  };
  return table;
}

const ViewSpec* find_view(const std::string& problem) {
  for (const auto& spec : view_table())
    if (spec.problem == problem) return &spec;
  return nullptr;
}

const ViewSpec* find_view_by_export_name(const QString& name) {
  for (const auto& spec : view_table())
    if (!spec.export_name.isEmpty() && spec.export_name == name) return &spec;
  return nullptr;
}

}  // namespace ml::ui
