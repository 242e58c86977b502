#include "ui/teaching/tour_scene.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "core/api/engine.h"
#include "ui/panels/controls_panel.h"

namespace ml::ui {
namespace {

using json = nlohmann::json;

/// y* has one value per simulated output, as the problem's registry entry says; a data set's y
/// is known only once it is read, so its scenes give no focus.
int y_dim_of(const std::string& problem) {
  for (const auto& info : problem_catalog())
    if (info.name == problem) return info.y_dim;
  return 0;
}

std::string text_field(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end()) throw ConfigError(std::string("missing \"") + key + "\"");
  if (!it->is_string() || it->get<std::string>().empty())
    throw ConfigError(std::string("\"") + key + "\" must be a non-empty string");
  return it->get<std::string>();
}

TourScene parse(const json& j) {
  if (!j.is_object()) throw ConfigError("a scene must be a JSON object");
  for (const auto& [key, value] : j.items()) {
    static const char* const known[] = {"title", "text", "config", "focus", "baselines", "show"};
    const auto is_key = [&key](const char* k) { return key == k; };
    if (std::find_if(std::begin(known), std::end(known), is_key) == std::end(known))
      throw ConfigError("unknown key '" + key + "' (known: title, text, config, focus, baselines, show)");
  }
  TourScene s;
  s.title = QString::fromStdString(text_field(j, "title"));
  s.text = QString::fromStdString(text_field(j, "text"));
  const auto config = j.find("config");
  if (config == j.end() || !config->is_object())
    throw ConfigError("\"config\" must be an object of parameter overrides");
  try {
    s.config = config_from_json(config->dump());
  } catch (const ConfigError& e) {
    throw ConfigError(std::string("config: ") + e.what());
  }
  // What the scene leaves unset starts where the GUI starts (a fast neural adjoint budget).
  const Config gui = interactive_defaults(s.config);
  for (const auto& p : parameter_table())
    if (!config->contains(p.key)) p.set(s.config, p.get(gui));
  if (const auto focus = j.find("focus"); focus != j.end()) {
    const int dim = y_dim_of(s.config.problem);
    if (!focus->is_array() || static_cast<int>(focus->size()) != dim ||
        !std::all_of(focus->begin(), focus->end(), [](const json& v) { return v.is_number(); }))
      throw ConfigError("\"focus\" must be an array of " + std::to_string(dim) + " number(s) for " + s.config.problem);
    for (const auto& v : *focus) s.focus.push_back(v.get<double>());
  }
  if (const auto baselines = j.find("baselines"); baselines != j.end()) {
    if (!baselines->is_array()) throw ConfigError("\"baselines\" must be an array of \"direct\" and/or \"adjoint\"");
    for (const auto& b : *baselines) {
      if (b == "direct")
        s.run_direct = true;
      else if (b == "adjoint")
        s.run_adjoint = true;
      else
        throw ConfigError("baselines: unknown " + b.dump() + " (known: \"direct\", \"adjoint\")");
    }
  }
  s.show_direct = s.run_direct;
  s.show_adjoint = s.run_adjoint;
  if (const auto show = j.find("show"); show != j.end()) {
    if (!show->is_object()) throw ConfigError("\"show\" must be an object like {\"mixture\": true, \"direct\": false}");
    const std::map<std::string, bool*> toggles{
        {"mixture", &s.show_mixture}, {"direct", &s.show_direct}, {"adjoint", &s.show_adjoint}};
    for (const auto& [key, value] : show->items()) {
      const auto t = toggles.find(key);
      if (t == toggles.end()) throw ConfigError("show: unknown key '" + key + "' (known: mixture, direct, adjoint)");
      if (!value.is_boolean()) throw ConfigError("show: " + key + " must be true or false");
      *t->second = value.get<bool>();
    }
  }
  return s;
}

}  // namespace

TourScene parse_tour_scene(const QString& file, const QByteArray& text) {
  const std::string name = QFileInfo(file).fileName().toStdString();
  try {
    json j;
    try {
      j = json::parse(text.toStdString());
    } catch (const json::parse_error& e) {
      throw ConfigError(std::string("not valid JSON: ") + e.what());
    }
    TourScene s = parse(j);
    s.file = file;
    return s;
  } catch (const ConfigError& e) {
    throw ConfigError(name + ": " + e.what());
  }
}

TourScene load_tour_scene(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly))
    throw ConfigError(QFileInfo(path).fileName().toStdString() + ": cannot read: " + f.errorString().toStdString());
  return parse_tour_scene(path, f.readAll());
}

QStringList tour_dirs() {
  QStringList dirs;
  // The installed folder first: an installed program never reads the source tree it was built from.
  const QStringList builtin{
      QCoreApplication::applicationDirPath() + "/../share/manifoldlab/tour",
#ifdef MANIFOLDLAB_SOURCE_DIR
      QStringLiteral(MANIFOLDLAB_SOURCE_DIR "/resources/tour"),
#endif
  };
  for (const QString& d : builtin)
    if (QFileInfo(d).isDir()) {
      dirs << QDir(d).absolutePath();
      break;
    }
  dirs << QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/tour";
  return dirs;
}

std::vector<TourScene> load_tour(const QStringList& dirs, QStringList* errors) {
  std::map<QString, QString> files;  // file name -> path; later folders win
  for (const QString& d : dirs)
    for (const QFileInfo& info : QDir(d).entryInfoList({"*.json"}, QDir::Files))
      files[info.fileName()] = info.filePath();
  std::vector<TourScene> scenes;
  for (const auto& [name, path] : files) {
    try {
      scenes.push_back(load_tour_scene(path));
    } catch (const ConfigError& e) {
      if (errors) *errors << QString::fromStdString(e.what());
    }
  }
  return scenes;
}

}  // namespace ml::ui
