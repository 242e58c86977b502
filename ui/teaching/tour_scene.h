#pragma once
/// The guided tour's scenes: plain JSON files (resources/tour/NN-name.json, and a teacher's own in
/// the user's data folder), each a title, one paragraph of text, parameter overrides over the
/// problem's preset, and what to do once the run has finished. Loading is strict: an unknown key
/// or a bad value throws ml::ConfigError with one line that names the file. Torch-free, Qt core only.
#include <QString>
#include <QStringList>
#include <vector>

#include "core/api/config.h"

namespace ml::ui {

struct TourScene {
  QString file;               ///< where it was read from
  QString title;              ///< one line
  QString text;               ///< one paragraph (plain text)
  Config config;              ///< the problem's preset with the scene's "config" overrides applied
  std::vector<double> focus;  ///< y* to highlight ([y_dim]); empty: the problem's default
  bool run_direct = false;    ///< "baselines": train the direct regression after the run
  bool run_adjoint = false;   ///< "baselines": run neural adjoint on y* after the run
  bool show_mixture = true;   ///< "show": the overlays' check boxes once finished
  bool show_direct = false;   ///< default: run_direct
  bool show_adjoint = false;  ///< default: run_adjoint
};

/// Parses one scene from JSON text; `file` only names it in errors. Throws ConfigError
/// ("<file>: <what is wrong>").
TourScene parse_tour_scene(const QString& file, const QByteArray& json);
/// Reads and parses one scene file. Throws ConfigError naming the file.
TourScene load_tour_scene(const QString& path);

/// Folders searched for scenes, in order: the built-in one (<prefix>/share/manifoldlab/tour beside
/// the installed executable, or else the source tree's resources/tour, compiled in for a build
/// run in place; the first that exists) and the user's folder (QStandardPaths::AppDataLocation/tour,
/// may not exist).
QStringList tour_dirs();

/// Every *.json scene in dirs, ordered by file name; a later folder's file replaces an earlier
/// folder's file of the same name (so a teacher can override a built-in scene). Files that do
/// not load are skipped and their one-line errors appended to `errors` (may be null).
std::vector<TourScene> load_tour(const QStringList& dirs, QStringList* errors);

}  // namespace ml::ui
