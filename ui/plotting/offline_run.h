#pragma once
/// A saved run drawn without a window: the GUI's own panels filled from Engine::load, for
/// `manifoldlab-cli figure`. GUI thread only (needs a QApplication; offscreen is fine).
#include <QString>
#include <QStringList>
#include <functional>

class QCustomPlot;

namespace ml::ui {

/// Loads the run in `dir` and hands each requested panel's plot ("loss", "manifolds", "view",
/// "results", "coverage" (a trained run only; proposes for every test target again); "view": the
/// problem's own view from ui/views/view_registry.h, where it has one, named by its export name
/// such as "arm") to `sink` with the panel's export name, laid out at
/// width x height. Throws std::runtime_error with a one-line message for a bad folder.
void render_run_panels(const QString& dir, const QStringList& panels, int width, int height,
                       const std::function<void(QCustomPlot*, const QString&)>& sink);

}  // namespace ml::ui
