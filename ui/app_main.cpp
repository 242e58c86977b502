#include "ui/app_main.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <algorithm>
#include <memory>
#include <cstdio>

#include "ui/main_window.h"
#include "ui/panels/controls_panel.h"
#include "ui/screenshot.h"
#include "ui/soak.h"
#include "ui/session.h"

namespace ml::ui {

namespace {
/// Whether Qt can open a window here. Without one, QApplication aborts the process; over SSH
/// DISPLAY and WAYLAND_DISPLAY are unset. A QT_QPA_PLATFORM the user chose (offscreen) is trusted.
bool display_available() {
#if defined(__linux__)
  return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
         qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
#else
  return true;
#endif
}
}  // namespace

int run_app(int argc, char** argv) {
  // Without a display, --help and --version still answer (a plain QCoreApplication parses them).
  const bool display = display_available();
  std::unique_ptr<QCoreApplication> app(display ? new QApplication(argc, argv) : new QCoreApplication(argc, argv));
  QCoreApplication::setOrganizationName("ManifoldLab");
  QCoreApplication::setApplicationName("ManifoldLab");
  QCoreApplication::setApplicationVersion(MANIFOLDLAB_VERSION);
  if (display) {
    // The installed desktop entry and icon (resources/desktop/); without them the window has no icon.
    QGuiApplication::setDesktopFileName("io.github.manifoldlab.ManifoldLab");
    QApplication::setWindowIcon(QIcon::fromTheme("io.github.manifoldlab.ManifoldLab"));
  }

  QCommandLineParser parser;
  parser.setApplicationDescription("ManifoldLab: a mixture of tandem networks for ill-posed inverse problems.");
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption problem({"p", "problem"},
                             QString::fromStdString("Problem to open: " + known_problems_text() + "."), "name");
  QCommandLineOption set("set", "Set a parameter before the window opens (repeatable).", "key=value");
  QCommandLineOption screenshot("screenshot", "Train, save the window and panels as PNG, then quit.", "file");
  QCommandLineOption seconds("train-seconds", "Training time before --screenshot.", "seconds", "10");
  QCommandLineOption presentation("presentation", "Open in presentation view (full screen, large fonts; F11 toggles).");
  QCommandLineOption export_dir("export-dir", "With --screenshot: export every panel (PNG, PDF, SVG) there.", "dir");
  QCommandLineOption baselines(
      "baselines", "With --screenshot: also train direct regression and MDN, cVAE, cINN, and run neural adjoint.");
  QCommandLineOption tour("tour", "Open the guided tour at its first scene (Help → Guided tour).");
  QCommandLineOption tour_scene("tour-scene",
                                "Open guided-tour scene n (from 1); with --screenshot, picture it when ready.", "n");
  QCommandLineOption no_start("no-start", "With --screenshot: picture the window as launched, without training.");
  QCommandLineOption shots_at("shots-at", "With --screenshot: also picture the window at these seconds after Start.",
                              "s1,s2,...");
  QCommandLineOption target("target",
                            "y* from a file once the problem is drawn: a row or a column of values, or "
                            "coordinate,value pairs (a spectrum's wavelength in nm) resampled onto its y grid.",
                            "file");
  QCommandLineOption draw_target("draw-target", "The shell: y* drawn through these points (nm:value,...).", "points");
  parser.addPositionalArgument("session", "A saved session or run folder (or its config.json) to open.", "[session]");
  QCommandLineOption status_log("status-log", "With --screenshot: print the status bar every 0.5 s while busy.");
  QCommandLineOption soak("soak-runs",
                          "Run n times in one window (Start, finish, Reset, next k), printing memory and "
                          "the GUI's worst stall after each run, then quit.",
                          "n");
  for (auto* hidden : {&screenshot, &export_dir, &seconds, &baselines, &tour_scene, &no_start, &shots_at, &status_log,
                       &draw_target, &soak})
    hidden->setFlags(QCommandLineOption::HiddenFromHelp);
  parser.addOptions({problem, set, presentation, tour, screenshot, seconds, export_dir, baselines, tour_scene, no_start,
                     shots_at, status_log, target, draw_target, soak});
  parser.process(*app);  // --help and --version print and exit 0 here
  if (!display) {
    std::fprintf(stderr,
                 "manifoldlab: no display (DISPLAY and WAYLAND_DISPLAY are not set): use manifoldlab-cli for "
                 "headless runs, or set QT_QPA_PLATFORM=offscreen for pictures\n");
    return 1;
  }

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
  if (!parser.positionalArguments().isEmpty()) window.session()->open(parser.positionalArguments().front());
  std::vector<std::pair<double, double>> drawn;
  for (const QString& point : parser.value(draw_target).split(',', Qt::SkipEmptyParts)) {
    const QStringList wv = point.split(':');
    bool ok_w = false, ok_v = false;
    if (wv.size() == 2) drawn.emplace_back(wv[0].toDouble(&ok_w), wv[1].toDouble(&ok_v));
    if (!ok_w || !ok_v) {
      std::fprintf(stderr, "manifoldlab: --draw-target takes nm:value pairs, got '%s'\n", qPrintable(point));
      return 2;
    }
  }
  if (parser.isSet(target) || !drawn.empty()) window.set_target_once_drawn(parser.value(target), drawn);
  if (parser.isSet(presentation)) window.set_presentation_view(true);
  const int scene = parser.isSet(tour_scene) ? parser.value(tour_scene).toInt() : 0;
  if (parser.isSet(tour_scene) && scene < 1) {
    std::fprintf(stderr, "manifoldlab: --tour-scene takes a scene number from 1\n");
    return 2;
  }
  if (parser.isSet(soak)) {
    const int runs = parser.value(soak).toInt();
    if (runs < 1) {
      std::fprintf(stderr, "manifoldlab: --soak-runs takes a number of runs from 1\n");
      return 2;
    }
    schedule_soak(&window, runs);
  } else if (parser.isSet(screenshot)) {
    ScreenshotOptions o;
    o.file = parser.value(screenshot);
    o.train_seconds = parser.value(seconds).toDouble();
    o.export_dir = parser.value(export_dir);
    o.baselines = parser.isSet(baselines);
    o.tour_scene = scene;
    o.no_start = parser.isSet(no_start);
    o.status_log = parser.isSet(status_log);
    for (const QString& t : parser.value(shots_at).split(',', Qt::SkipEmptyParts)) o.shots_at.push_back(t.toDouble());
    std::sort(o.shots_at.begin(), o.shots_at.end());
    schedule_screenshot(&window, o);
  } else if (scene > 0 || parser.isSet(tour))
    window.open_tour(std::max(scene, 1) - 1);
  return app->exec();
}

}  // namespace ml::ui
