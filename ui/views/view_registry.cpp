#include "ui/views/view_registry.h"

#include <QCoreApplication>
#include <algorithm>

#include "ui/views/ballistics_view.h"
#include "ui/views/robot_arm_view.h"
#include "ui/views/shell_view.h"
#include "ui/worker/snapshot.h"

namespace ml::ui {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("ViewRegistry", text); }

ViewSpec sine_view() {
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

ViewSpec robot_arm_view() {
  ViewSpec s;
  s.problem = "robot-arm";
  s.title = tr("Robot-arm poses");
  s.dock_name = "dock_arm";
  s.help = "arm";
  s.make = [](QWidget* parent) { return new RobotArmView(parent); };
  s.default_target = [](const ProblemView&) { return std::vector<double>{1.4, 0.3}; };  // reached several ways
  return s;
}

ViewSpec ballistics_view() {
  ViewSpec s;
  s.problem = "ballistics";
  s.title = tr("Ballistics trajectories");
  s.dock_name = "dock_ballistics";
  s.help = "ballistics";
  s.make = [](QWidget* parent) { return new BallisticsView(parent); };
  s.default_target = [](const ProblemView& v) {  // the prior's median landing: many launches reach it
    std::vector<double> y = v.prior_y;
    y.erase(std::remove_if(y.begin(), y.end(), [](double d) { return !(d == d); }), y.end());
    if (y.empty()) return std::vector<double>{};
    std::nth_element(y.begin(), y.begin() + static_cast<long>(y.size() / 2), y.end());
    return std::vector<double>{y[y.size() / 2]};
  };
  return s;
}

ViewSpec shell_view() {
  ViewSpec s;
  s.problem = "shell";
  s.title = tr("Shell spectra");
  s.dock_name = "dock_shell";
  s.help = "shell";
  s.make = [](QWidget* parent) { return new ShellView(parent); };
  s.max_sweep = 48;  // each sweep re-simulates k x 48 particles (Mie, 201 wavelengths) per refresh
  return s;
}

}  // namespace

const std::vector<ViewSpec>& view_table() {
  // One line per problem view; the order is the core registry's.
  static const std::vector<ViewSpec> table{
      sine_view(),
      robot_arm_view(),
      ballistics_view(),
      shell_view(),
  };
  return table;
}

const ViewSpec* find_view(const std::string& problem) {
  for (const auto& spec : view_table())
    if (spec.problem == problem) return &spec;
  return nullptr;
}

}  // namespace ml::ui
