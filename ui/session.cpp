#include "ui/session.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>

#include "ui/atomic_file.h"
#include "ui/dialogs/warning.h"
#include "ui/panels/controls_panel.h"
#include "ui/worker/training_runner.h"

namespace ml::ui {
namespace {
constexpr int kMaxRecent = 8;
const char* const kRecentKey = "session/recent";
}  // namespace

SessionManager::SessionManager(TrainingRunner* runner, ControlsPanel* controls, QWidget* window)
    : QObject(window), runner_(runner), controls_(controls), window_(window) {
  connect(runner_, &TrainingRunner::modelSaved, this, [this](const QString& dir, const QString& error) {
    if (resume_after_save_) runner_->resume();
    resume_after_save_ = false;
    if (!error.isEmpty()) {
      show_warning(window_, tr("The model was not saved: %1").arg(error));
      emit message(tr("Model not saved: %1").arg(error));
      return;
    }
    remember(dir);
    emit message(tr("Saved session with model to %1").arg(dir));
  });
  connect(runner_, &TrainingRunner::modelLoaded, this, [this](const QString& dir, const QString& error) {
    if (!error.isEmpty()) {
      show_warning(window_, tr("Cannot open %1:\n%2").arg(dir, error));
      emit message(tr("Cannot open %1").arg(dir));
      return;
    }
    controls_->set_config(runner_->run_config());
    remember(dir);
    emit message(tr("Opened %1 with its trained model").arg(dir));
    emit modelOpened();
  });
}

void SessionManager::save(const QString& dir, bool with_model) {
  if (!QDir().mkpath(dir)) {
    emit message(tr("Cannot create %1").arg(dir));
    show_warning(window_, tr("Cannot create the folder %1").arg(dir));
    return;
  }
  current_ = dir;
  if (with_model && runner_->has_model()) {
    if (runner_->state() == RunState::Training) {  // a consistent set of weights: save while paused
      runner_->pause();
      resume_after_save_ = true;
    }
    runner_->save_model(dir);  // answered by modelSaved
    return;
  }
  const std::optional<Config> config = controls_->config_or_warn(tr("be saved"));
  if (!config) return;
  const QString error =
      write_file_atomic(QDir(dir).filePath("config.json"), QByteArray::fromStdString(config_to_json(*config) + "\n"));
  if (!error.isEmpty()) {
    show_warning(window_, error);
    emit message(error);
    return;
  }
  remember(dir);
  emit message(tr("Saved configuration to %1").arg(QDir(dir).filePath("config.json")));
}

void SessionManager::open(const QString& path) {
  const QFileInfo info(path);
  const QString dir = info.isDir() ? info.absoluteFilePath() : info.absolutePath();
  const bool has_model =
      QFileInfo::exists(QDir(dir).filePath("model.json")) && (info.isDir() || info.fileName() == "config.json");
  if (has_model) {
    if (!runner_->load_model(dir)) {
      show_warning(window_, tr("Stop the running training before opening a saved model."));
      return;
    }
    current_ = dir;
    emit message(tr("Opening %1…").arg(dir));
    return;
  }
  const QString file = info.isDir() ? QDir(dir).filePath("config.json") : info.absoluteFilePath();
  QFile f(file);
  if (!f.open(QIODevice::ReadOnly)) {
    show_warning(window_, tr("Cannot read %1: %2").arg(file, f.errorString()));
    return;
  }
  try {
    controls_->set_config(config_from_json(f.readAll().toStdString()));
  } catch (const ConfigError& e) {
    show_warning(window_, tr("%1 is not a valid configuration:\n%2").arg(file, QString::fromStdString(e.what())));
    return;
  }
  current_ = info.isDir() ? dir : file;
  remember(current_);
  emit message(tr("Loaded configuration %1").arg(file));
}

QStringList SessionManager::recent() const { return QSettings().value(kRecentKey).toStringList(); }

void SessionManager::clear_recent() {
  QSettings().remove(kRecentKey);
  emit recentChanged();
}

void SessionManager::remember(const QString& path) {
  QStringList list = recent();
  list.removeAll(path);
  list.prepend(path);
  while (list.size() > kMaxRecent) list.removeLast();
  QSettings s;
  s.setValue(kRecentKey, list);
  s.setValue("session/last", path);
  emit recentChanged();
}

}  // namespace ml::ui
