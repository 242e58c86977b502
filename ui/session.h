#pragma once
/// Sessions: a folder holding config.json (the CLI's schema) and, optionally, the trained model
/// (Engine::save's files). Also a bare config .json can be opened. Recent sessions live in
/// QSettings. GUI thread only; parented to the main window.
#include <QObject>
#include <QString>
#include <QStringList>

class QWidget;

namespace ml::ui {

class ControlsPanel;
class TrainingRunner;

class SessionManager : public QObject {
  Q_OBJECT
 public:
  /// All three must outlive the manager (they are the main window's children).
  SessionManager(TrainingRunner* runner, ControlsPanel* controls, QWidget* window);

  /// Saves into dir (created if needed): the controls' config.json, or with_model and a trained
  /// model, the engine's whole run (its config.json included). Errors go to `message`.
  void save(const QString& dir, bool with_model);
  /// Opens a session folder, a config.json inside one, or a bare config .json file.
  void open(const QString& path);
  QString current() const { return current_; }

  QStringList recent() const;
  void clear_recent();

 signals:
  /// One line for the status bar (errors included).
  void message(const QString& text);
  void recentChanged();
  /// A saved model was loaded; its config is now in the controls.
  void modelOpened();

 private:
  void remember(const QString& path);

  TrainingRunner* runner_;
  ControlsPanel* controls_;
  QWidget* window_;
  QString current_;
  bool resume_after_save_ = false;  ///< save() paused a running training to save it
};

}  // namespace ml::ui
