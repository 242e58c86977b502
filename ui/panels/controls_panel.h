#pragma once
/// Every run parameter as an editor, generated from ml::parameter_table(): spin boxes, combos,
/// check boxes, layer-width fields, and a slider where the table gives one (ParamSpec::slider).
/// Each tooltip is the table's help text. Hot parameters are announced with hotChanged; a changed
/// cold parameter shows a "restart to apply" hint while a run exists. GUI thread only.
#include <QString>
#include <QWidget>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "core/api/config.h"

class QLabel;

namespace ml::ui {

/// The GUI's starting values on top of a preset: neural adjoint gets a budget that answers a
/// click in well under a second. Tour scenes start from them too.
Config interactive_defaults(Config c);

class ControlsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ControlsPanel(QWidget* parent = nullptr);

  /// The configuration the controls describe. Throws ml::ConfigError naming the bad key.
  Config config() const;
  /// config(), or nullopt after a warning box on this window: "These settings cannot `action`"
  /// and the bad key's message. `action` reads like "start a run".
  std::optional<Config> config_or_warn(const QString& action) const;
  /// Shows config in every control without emitting hotChanged; edited fires once.
  void set_config(const Config& config);
  /// Sets one control from text as a user would (signals fire). False for an unknown key or a
  /// value the control cannot show.
  bool set_value(const std::string& key, const std::string& text);
  /// The control's value as text ("" for an unknown key).
  std::string value(const std::string& key) const;
  /// The editor widget of a key (nullptr when unknown); for tests and focus.
  QWidget* editor(const std::string& key) const;

  /// The configuration of the existing run, if any: cold values that differ from it are listed
  /// in the "restart to apply" hint. nullptr hides the hint.
  void set_reference(const Config* running);
  /// The "restart to apply" hint's text; empty when hidden.
  QString restart_hint() const;

 signals:
  /// A hot parameter changed: its TrainControl slot (ParamSpec::hot_slot, fixed when the
  /// control was built) and the value as typed.
  void hotChanged(int slot, double value);
  /// Any control changed (once for a whole set_config).
  void edited();

 private:
  struct Editor {
    const ParamSpec* spec = nullptr;
    QWidget* widget = nullptr;
    QLabel* label = nullptr;
    std::function<std::string()> get;
    std::function<void(const std::string&)> set;
  };
  QWidget* make_editor(const ParamSpec& p, QWidget* parent);
  void on_changed(const ParamSpec& p);
  void apply_preset();
  void update_hint();
  /// Greys out the controls that mean nothing for the chosen problem (ParamSpec::scope).
  void update_scope();

  std::map<std::string, Editor> editors_;
  QLabel* hint_ = nullptr;
  bool has_reference_ = false;
  Config reference_;
  bool loading_ = false;  ///< set_config in progress: edits are not the user's
  std::string problem_;   ///< the problem the controls were last laid out for
  /// Each data set's columns and box (the DataSet-scope values), kept while another problem is chosen.
  std::map<std::string, std::map<std::string, std::string>> data_set_values_;
};

}  // namespace ml::ui
