#include "ui/panels/controls_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QScrollArea>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>
#include <climits>

#include "core/platform/runtime.h"
#include "ui/dialogs/warning.h"
#include "ui/widgets/param_widgets.h"

namespace ml::ui {
namespace {

QString tooltip(const ParamSpec& p) {
  QString t = QString::fromStdString(p.help);
  if (!p.units.empty()) t += QStringLiteral(" (%1)").arg(QString::fromStdString(p.units));
  t += p.hot ? QObject::tr("\nApplies live to a running training.") : QObject::tr("\nTakes effect on the next start.");
  return t;
}

/// The spin box alone, or with its slider (ParamSpec::slider) to the left as one row.
template <typename SpinBox>
QWidget* with_slider(const ParamSpec& p, SpinBox* spin, QWidget* parent) {
  if (!p.slider.shown()) return spin;
  QSlider* slider = make_slider(spin, p.slider, parent);
  if (p.slider.zero_at_left) slider->setToolTip(tooltip(p) + QObject::tr("\nThe slider's far left is 0 (off)."));
  auto* row = new QWidget(parent);
  auto* h = new QHBoxLayout(row);
  h->setContentsMargins(0, 0, 0, 0);
  h->addWidget(slider, 1);
  h->addWidget(spin);
  return row;
}

}  // namespace

Config interactive_defaults(Config c) {
  // Neural adjoint's benchmark budget (2048 starts x 300 steps) takes seconds per target here.
  c.na_starts = 256;
  c.na_steps = 100;
  return c;
}

ControlsPanel::ControlsPanel(QWidget* parent) : QWidget(parent) {
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  hint_ = new QLabel(this);
  hint_->setWordWrap(true);
  hint_->setStyleSheet("QLabel { background: #fff3cd; color: #5c4400; padding: 4px; border-radius: 3px; }");
  hint_->hide();
  outer->addWidget(hint_);
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* content = new QWidget(scroll);
  auto* column = new QVBoxLayout(content);
  for (const auto& [group, title] : parameter_groups()) {
    auto* box = new QGroupBox(QString::fromStdString(title), content);
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    for (const auto& p : parameter_table()) {
      if (p.group != group) continue;
      QWidget* editor = make_editor(p, box);
      auto* label = new QLabel(QString::fromStdString(p.label) + (p.hot ? QStringLiteral(" ⚡") : QString()), box);
      label->setToolTip(tooltip(p));
      editors_.at(p.key).label = label;
      form->addRow(label, editor);
    }
    column->addWidget(box);
  }
  column->addStretch();
  scroll->setWidget(content);
  outer->addWidget(scroll, 1);
  set_config(interactive_defaults(preset_config(Config{}.problem, "quick")));  // the default problem
}

QWidget* ControlsPanel::make_editor(const ParamSpec& p, QWidget* parent) {
  Editor e;
  e.spec = &p;
  const auto changed = [this, &p] { on_changed(p); };
  QWidget* widget = nullptr;
  switch (p.type) {
    case ParamType::Int: {
      auto* spin = new QSpinBox(parent);
      spin->setRange(static_cast<int>(std::max<double>(p.min, INT_MIN)),
                     static_cast<int>(std::min<double>(p.max, INT_MAX)));
      spin->setKeyboardTracking(false);
      e.get = [spin] { return std::to_string(spin->value()); };
      e.set = [spin](const std::string& v) { spin->setValue(std::stoi(v)); };
      connect(spin, qOverload<int>(&QSpinBox::valueChanged), this, changed);
      widget = with_slider(p, spin, parent);
      break;
    }
    case ParamType::Real: {
      auto* spin = new SciSpinBox(parent);
      const double lo = p.min_exclusive ? (p.min == 0 ? 1e-9 : p.min * (1 + 1e-12)) : p.min;
      spin->setRange(lo, p.max);
      e.get = [spin] { return QString::number(spin->value(), 'g', 12).toStdString(); };
      e.set = [spin](const std::string& v) { spin->setValue(std::stod(v)); };
      connect(spin, qOverload<double>(&QDoubleSpinBox::valueChanged), this, changed);
      widget = with_slider(p, spin, parent);
      break;
    }
    case ParamType::Bool: {
      auto* box = new QCheckBox(parent);
      e.get = [box] { return std::string(box->isChecked() ? "true" : "false"); };
      e.set = [box](const std::string& v) { box->setChecked(v == "true"); };
      connect(box, &QCheckBox::toggled, this, changed);
      widget = box;
      break;
    }
    case ParamType::Choice: {
      auto* combo = new QComboBox(parent);
      for (const auto& c : p.choices) combo->addItem(QString::fromStdString(c));
      if (p.key == "device" && !cuda_available()) {
        // Keep CUDA visible but unavailable, and say why.
        const int i = combo->findText("cuda");
        if (auto* model = qobject_cast<QStandardItemModel*>(combo->model()); model && i >= 0) {
          model->item(i)->setEnabled(false);
          model->item(i)->setToolTip(tr("No CUDA device is usable by LibTorch on this machine."));
        }
      }
      e.get = [combo] { return combo->currentText().toStdString(); };
      e.set = [combo, &p](const std::string& v) {
        int i = combo->findText(QString::fromStdString(v));
        if (i < 0 && !p.open_choice.empty()) {  // e.g. a data set joins the list once opened
          Config probe;
          p.set(probe, v);  // throws for a value the engine would refuse
          combo->addItem(QString::fromStdString(p.get(probe)));
          i = combo->count() - 1;
        }
        if (i < 0) throw ConfigError("unknown choice " + v);
        combo->setCurrentIndex(i);
      };
      connect(combo, qOverload<int>(&QComboBox::currentIndexChanged), this, changed);
      widget = combo;
      break;
    }
    case ParamType::IntList:
    case ParamType::Text: {
      auto* line = new QLineEdit(parent);
      if (p.type == ParamType::IntList)
        line->setValidator(new QRegularExpressionValidator(QRegularExpression(R"(^\s*\d*(\s*,\s*\d*)*\s*$)"), line));
      e.get = [line] { return line->text().toStdString(); };
      e.set = [line](const std::string& v) { line->setText(QString::fromStdString(v)); };
      connect(line, &QLineEdit::editingFinished, this, changed);
      widget = line;
      break;
    }
  }
  widget->setToolTip(tooltip(p));
  for (auto* child : widget->findChildren<QWidget*>())
    if (child->toolTip().isEmpty()) child->setToolTip(tooltip(p));
  e.widget = widget;
  editors_[p.key] = e;
  return widget;
}

Config ControlsPanel::config() const {
  Config c;
  for (const auto& p : parameter_table()) set_parameter(c, p.key, editors_.at(p.key).get());
  validate(c);
  return c;
}

std::optional<Config> ControlsPanel::config_or_warn(const QString& action) const {
  try {
    return config();
  } catch (const ConfigError& e) {
    show_warning(window(), tr("These settings cannot %1:\n%2").arg(action, QString::fromStdString(e.what())));
    return std::nullopt;
  }
}

void ControlsPanel::set_config(const Config& c) {
  loading_ = true;
  for (const auto& p : parameter_table()) {
    try {
      editors_.at(p.key).set(p.get(c));
    } catch (const std::exception&) {
      // A value the editor cannot show keeps the old one; config() will say which key is bad.
    }
  }
  loading_ = false;
  update_scope();
  update_hint();
  emit edited();
}

bool ControlsPanel::set_value(const std::string& key, const std::string& text) {
  const auto it = editors_.find(key);
  if (it == editors_.end()) return false;
  try {
    it->second.set(text);
    if (it->second.spec->type == ParamType::IntList || it->second.spec->type == ParamType::Text)
      on_changed(*it->second.spec);  // line edits announce on editingFinished only
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

std::string ControlsPanel::value(const std::string& key) const {
  const auto it = editors_.find(key);
  return it == editors_.end() ? std::string() : it->second.get();
}

QWidget* ControlsPanel::editor(const std::string& key) const {
  const auto it = editors_.find(key);
  return it == editors_.end() ? nullptr : it->second.widget;
}

void ControlsPanel::set_reference(const Config* running) {
  has_reference_ = running != nullptr;
  if (running) reference_ = *running;
  update_hint();
}

QString ControlsPanel::restart_hint() const { return hint_->isHidden() ? QString() : hint_->text(); }

void ControlsPanel::on_changed(const ParamSpec& p) {
  if (loading_) return;
  if (p.key == "problem" || p.key == "preset") apply_preset();
  if (p.hot) emit hotChanged(p.hot_slot, std::stod(editors_.at(p.key).get()));
  update_hint();
  emit edited();
}

void ControlsPanel::apply_preset() {
  // A new problem or preset brings its own values; the runtime and neural adjoint settings stay
  // the user's (the generative baselines' follow the preset: they differ per problem), and so do
  // a data set's columns and box while the problem is a data set.
  const std::string problem = value("problem");
  if (is_csv_problem(problem_) || is_torchscript_problem(problem_))
    for (const auto& p : parameter_table())
      if (p.scope != ParamScope::Any && p.scope != ParamScope::Drawn && applies_to(p, problem_))
        data_set_values_[problem_][p.key] = value(p.key);
  Config c = preset_config(problem, value("preset"));
  for (const auto& p : parameter_table())
    if (p.group == ParamGroup::Runtime || p.group == ParamGroup::Baselines) set_parameter(c, p.key, value(p.key));
  if (const auto kept = data_set_values_.find(problem); kept != data_set_values_.end())
    for (const auto& [key, text] : kept->second) {
      try {
        set_parameter(c, key, text);
      } catch (const ConfigError&) {
        // A half-typed value is dropped; the field shows the preset's, as for a new data set.
      }
    }
  set_config(c);
}

void ControlsPanel::update_scope() {
  const std::string problem = problem_ = value("problem");
  for (auto& [key, e] : editors_) {
    const bool on = applies_to(*e.spec, problem);
    e.widget->setEnabled(on);
    if (e.label) e.label->setEnabled(on);
  }
}

void ControlsPanel::update_hint() {
  QStringList pending;
  if (has_reference_) {
    for (const auto& p : parameter_table()) {
      if (p.hot || p.group == ParamGroup::Baselines || p.group == ParamGroup::Generative)
        continue;  // baselines take theirs per run
      Config probe = reference_;
      try {
        set_parameter(probe, p.key, editors_.at(p.key).get());
      } catch (const ConfigError&) {
        pending << QString::fromStdString(p.label);
        continue;
      }
      if (p.get(probe) != p.get(reference_)) pending << QString::fromStdString(p.label);
    }
  }
  hint_->setVisible(!pending.isEmpty());
  hint_->setText(tr("Restart to apply: %1").arg(pending.join(", ")));
}

}  // namespace ml::ui
