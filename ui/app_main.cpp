#include "ui/app_main.h"

#include <QApplication>
#include <QCommandLineParser>
#include <algorithm>
#include <cstdio>

#include "ui/main_window.h"
#include "ui/panels/controls_panel.h"
#include "ui/screenshot.h"

namespace ml::ui {

int run_app(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName("ManifoldLab");
  QApplication::setApplicationName("ManifoldLab");
  QApplication::setApplicationVersion(MANIFOLDLAB_VERSION);

  QCommandLineParser parser;
  parser.setApplicationDescription("ManifoldLab: a mixture of tandem networks for ill-posed inverse problems.");
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption problem({"p", "problem"}, "Problem to open: sine or robot-arm.", "name");
  QCommandLineOption set("set", "Set a parameter before the window opens (repeatable).", "key=value");
  QCommandLineOption screenshot("screenshot", "Train, save the window and panels as PNG, then quit.", "file");
  QCommandLineOption seconds("train-seconds", "Training time before --screenshot.", "seconds", "10");
  QCommandLineOption presentation("presentation", "Open in presentation view (full screen, large fonts; F11 toggles).");
  QCommandLineOption export_dir("export-dir", "With --screenshot: export every panel (PNG, PDF, SVG) there.", "dir");
  QCommandLineOption baselines("baselines", "With --screenshot: also run direct regression and neural adjoint.");
  QCommandLineOption tour("tour", "Open the guided tour at its first scene (Help → Guided tour).");
  QCommandLineOption tour_scene("tour-scene",
                                "Open guided-tour scene n (from 1); with --screenshot, picture it when ready.", "n");
  for (auto* hidden : {&screenshot, &export_dir, &seconds, &baselines, &tour_scene})
    hidden->setFlags(QCommandLineOption::HiddenFromHelp);
  parser.addOptions({problem, set, presentation, tour, screenshot, seconds, export_dir, baselines, tour_scene});
  parser.process(app);

  MainWindow window;
  // The problem first: choosing it loads its preset, which the --set values then refine.
  if (parser.isSet(problem) && !window.controls()->set_value("problem", parser.value(problem).toStdString())) {
    std::fprintf(stderr, "manifoldlab: unknown problem '%s'\n", qPrintable(parser.value(problem)));
    return 2;
  }
  for (const QString& kv : parser.values(set)) {
    const int eq = kv.indexOf('=');
    if (eq <= 0 || !window.controls()->set_value(kv.left(eq).toStdString(), kv.mid(eq + 1).toStdString())) {
      std::fprintf(stderr, "manifoldlab: cannot set '%s'\n", qPrintable(kv));
      return 2;
    }
  }
  window.show();
  if (parser.isSet(presentation)) window.set_presentation_view(true);
  const int scene = parser.isSet(tour_scene) ? parser.value(tour_scene).toInt() : 0;
  if (parser.isSet(tour_scene) && scene < 1) {
    std::fprintf(stderr, "manifoldlab: --tour-scene takes a scene number from 1\n");
    return 2;
  }
  if (parser.isSet(screenshot))
    schedule_screenshot(&window, {parser.value(screenshot), parser.value(seconds).toDouble(), parser.value(export_dir),
                                  parser.isSet(baselines), scene});
  else if (scene > 0 || parser.isSet(tour))
    window.open_tour(std::max(scene, 1) - 1);
  return app.exec();
}

}  // namespace ml::ui
