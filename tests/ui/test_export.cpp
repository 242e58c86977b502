// Figures and sessions: valid PNG/PDF/SVG files, export of every panel, config and model round trips.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMessageBox>
#include <QImage>
#include <QTemporaryDir>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "core/api/config.h"
#include "ui/atomic_file.h"
#include "ui/dialogs/export_dialog.h"
#include "ui/main_window.h"
#include "ui/panels/controls_panel.h"
#include "ui/panels/manifold_panel.h"
#include "ui/panels/plot_panel.h"
#include "ui/plotting/figure_export.h"
#include "ui/session.h"
#include "ui/widgets/method_toggles.h"
#include "ui/worker/training_runner.h"
#include "ui_test_support.h"

using namespace ml::ui;
using ml::ui::test::wait_for;

namespace {

QByteArray read_all(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// A window with a finished tiny run, so every panel has something to draw.
void train_tiny(MainWindow& w) {
  w.show();
  test::set_tiny(w.controls(), 2);
  ASSERT_TRUE(w.start());
  ASSERT_TRUE(wait_for([&] { return w.runner()->state() == RunState::Finished && w.data().metrics; }, 60000));
}

}  // namespace

TEST(Export, WritesValidPngPdfAndSvg) {
  MainWindow w;
  train_tiny(w);
  QTemporaryDir dir;
  const FigureOptions o{640, 480, 150};
  QCustomPlot* plot = w.manifold_panel()->plot();
  const QString png = dir.filePath("m.png"), pdf = dir.filePath("m.pdf"), svg = dir.filePath("m.svg");
  EXPECT_EQ(export_figure(plot, png, o), QString());
  EXPECT_EQ(export_figure(plot, pdf, o), QString());
  EXPECT_EQ(export_figure(plot, svg, o), QString());
  EXPECT_TRUE(read_all(png).startsWith("\x89PNG\r\n\x1a\n"));
  EXPECT_TRUE(read_all(pdf).startsWith("%PDF"));
  const QByteArray s = read_all(svg);
  EXPECT_TRUE(s.contains("<svg")) << s.left(200).toStdString();
  EXPECT_TRUE(s.contains("</svg>"));
  // The DPI sets the pixel size: 640 points at 150 dpi -> 1000 pixels.
  EXPECT_EQ(QImage(png).width(), 1000);
  EXPECT_FALSE(export_figure(plot, dir.filePath("m.bmp"), o).isEmpty());
}

TEST(Export, AFailedWriteKeepsTheOldFileAndLeavesNoTemporary) {
  QTemporaryDir dir;
  const QString path = dir.filePath("a.txt");
  ASSERT_EQ(write_file_atomic(path, QByteArray("old")), QString());
  const QString error = write_file_atomic(path, [](const QString& tmp) {
    QFile f(tmp);
    return f.open(QIODevice::WriteOnly) && f.write("half") && false;  // a writer that fails midway
  });
  EXPECT_TRUE(error.contains(path)) << error.toStdString();
  EXPECT_EQ(read_all(path), "old");
  EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files), QStringList({"a.txt"}));
  EXPECT_TRUE(write_file_atomic(dir.filePath("no/such/b.txt"), QByteArray("x")).contains("no/such/b.txt"));
  EXPECT_EQ(
      write_file_atomic(path, [](const QString& tmp) { return QImage(4, 4, QImage::Format_RGB32).save(tmp, "PNG"); }),
      QString());
  EXPECT_TRUE(read_all(path).startsWith("\x89PNG"));
}

TEST(Export, AllPanelsGoToOneFolder) {
  MainWindow w;
  train_tiny(w);
  QTemporaryDir dir;
  EXPECT_EQ(export_all_panels(w.plot_panels(), dir.path(), FigureOptions{}), QString());
  EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files).size(), 3 * w.plot_panels().size());
}

TEST(Session, ConfigRoundTrip) {
  QTemporaryDir dir;
  {
    MainWindow w;
    w.controls()->set_value("k", "6");
    w.controls()->set_value("lambda", "0.1");
    w.session()->save(dir.path(), /*with_model=*/false);
  }
  const QByteArray json = read_all(QDir(dir.path()).filePath("config.json"));
  const ml::Config c = ml::config_from_json(json.toStdString());
  EXPECT_EQ(c.k, 6);
  EXPECT_DOUBLE_EQ(c.lambda, 0.1);
  MainWindow w2;
  w2.session()->open(dir.path());
  EXPECT_EQ(w2.controls()->value("k"), "6");
  EXPECT_EQ(w2.session()->recent().value(0), dir.path());
}

TEST(Session, ModelRoundTripShowsTheRunWithoutRetraining) {
  QTemporaryDir dir;
  {
    MainWindow w;
    train_tiny(w);
    bool saved = false;
    QObject::connect(w.runner(), &TrainingRunner::modelSaved,
                     [&](const QString&, const QString& e) { saved = e.isEmpty(); });
    w.session()->save(dir.path(), /*with_model=*/true);
    ASSERT_TRUE(wait_for([&] { return saved; }, 10000));
  }
  EXPECT_TRUE(QFile::exists(QDir(dir.path()).filePath("model.json")));
  MainWindow w;
  w.session()->open(QDir(dir.path()).filePath("config.json"));
  ASSERT_TRUE(wait_for([&] { return w.runner()->state() == RunState::Finished && w.data().sweep; }, 20000));
  EXPECT_EQ(w.data().sweep->networks, 2);
  EXPECT_EQ(w.controls()->value("hidden_inverse"), "16,16");
  EXPECT_EQ(w.data().inverse_curves(), 2);  // the saved loss history
}

namespace {
/// The text of the warning boxes open on w (non-modal, so the window keeps running).
QStringList warnings(const QWidget& w) {
  QStringList texts;
  for (auto* box : w.findChildren<QMessageBox*>())
    if (box->isVisible()) texts << box->text();
  return texts;
}
}  // namespace

TEST(Session, BadConfigAndModelFilesAreRefusedWithAWarningAndTheWindowKeepsWorking) {
  QTemporaryDir dir;
  const auto write = [&](const QString& name, const QByteArray& bytes) {
    QFile f(QDir(dir.path()).filePath(name));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(bytes);
  };
  MainWindow w;
  w.show();
  const std::vector<std::pair<QByteArray, QString>> configs{
      {R"({"k": 0})", "k: must be an integer >= 1"},   {R"({"k": "four"})", "k: must be an integer"},
      {R"({"warp": 9})", "unknown key 'warp'"},        {R"({"sigma2": 0})", "sigma2: must be a number > 0"},
      {R"({"hidden_forward": []})", "hidden_forward"}, {"{\"k\": ", "config.json is not a valid configuration"},
  };
  for (const auto& [text, expected] : configs) {
    write("config.json", text);
    w.session()->open(QDir(dir.path()).filePath("config.json"));
    const QStringList shown = warnings(w);
    ASSERT_EQ(shown.size(), 1) << text.toStdString();
    EXPECT_TRUE(shown[0].contains(expected)) << shown[0].toStdString();
    EXPECT_EQ(w.controls()->value("k"), "4");  // nothing applied
    for (auto* box : w.findChildren<QMessageBox*>()) box->close();
    QApplication::processEvents();
  }
  // A saved model whose weights are truncated: a warning, and the window is idle and usable.
  write("config.json", QByteArray::fromStdString(ml::config_to_json(w.controls()->config())));
  write("model.json", R"({"format": "manifoldlab-model"})");
  write("forward.pt", "not a weight file");
  w.session()->open(dir.path());
  ASSERT_TRUE(wait_for([&] { return !warnings(w).isEmpty(); }, 20000));
  EXPECT_TRUE(warnings(w)[0].contains("Cannot open")) << warnings(w)[0].toStdString();
  EXPECT_FALSE(w.runner()->busy());
  EXPECT_NO_THROW(w.controls()->config());
}

namespace {
/// Every file under dir, by relative path, with its bytes.
std::map<QString, QByteArray> folder_contents(const QString& dir) {
  std::map<QString, QByteArray> out;
  QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    QFile f(it.next());
    if (f.open(QIODevice::ReadOnly)) out[QDir(dir).relativeFilePath(f.fileName())] = f.readAll();
  }
  return out;
}
}  // namespace

TEST(Session, AFullDiskWarnsKeepsTheLastSaveWholeAndTheNextSaveWorks) {  // issue 31
  QTemporaryDir disk;
  if (std::system(("mount -t tmpfs -o size=300k tmpfs " + disk.path().toStdString() + " 2>/dev/null").c_str()) != 0)
    GTEST_SKIP() << "cannot mount a tmpfs here (not root)";
  const QString dir = QDir(disk.path()).filePath("session");
  MainWindow w;
  train_tiny(w);
  QString result = "pending";
  QObject::connect(w.runner(), &TrainingRunner::modelSaved, [&](const QString&, const QString& e) { result = e; });
  const auto save = [&] {
    result = "pending";
    w.session()->save(dir, /*with_model=*/true);
    return wait_for([&] { return result != "pending"; }, 10000);
  };
  ASSERT_TRUE(save());
  ASSERT_EQ(result, "");
  const auto before = folder_contents(dir);
  ASSERT_TRUE(before.count("inverse_1.pt"));
  {  // all but 4 kB of the disk taken
    QFile filler(QDir(disk.path()).filePath("filler"));
    ASSERT_TRUE(filler.open(QIODevice::WriteOnly));
    while (filler.write(QByteArray(4096, 'x')) == 4096) {
    }
    filler.close();
    filler.resize(std::max<qint64>(0, filler.size() - 8192));
  }
  ASSERT_TRUE(save());
  EXPECT_TRUE(result.contains("No space left on device")) << result.toStdString();
  ASSERT_EQ(warnings(w).size(), 1);
  EXPECT_TRUE(warnings(w)[0].contains("The model was not saved")) << warnings(w)[0].toStdString();
  EXPECT_EQ(folder_contents(dir), before) << "the last save changed or a temporary file was left";
  EXPECT_FALSE(w.runner()->busy());
  for (auto* box : w.findChildren<QMessageBox*>()) box->close();
  QFile::remove(QDir(disk.path()).filePath("filler"));
  ASSERT_TRUE(save());
  EXPECT_EQ(result, "");
  EXPECT_EQ(std::system(("umount " + disk.path().toStdString()).c_str()), 0);
}

TEST(Session, GenerativeBaselinesAreSavedAndTheirCloudsShowAfterLoading) {  // issue 31
  QTemporaryDir dir;
  const auto finished = [](const MainWindow& w) { return w.runner()->state() == RunState::Finished; };
  std::vector<double> y0;
  {
    MainWindow w;
    w.show();
    test::set_tiny(w.controls(), 2);
    for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
             {"gen_epochs", "2"}, {"gen_hidden", "16,16"}, {"gen_samples", "20"}, {"gen_batch", "64"}})
      w.controls()->set_value(key, value);
    ASSERT_TRUE(w.start());
    ASSERT_TRUE(wait_for([&] { return finished(w) && w.data().problem; }, 60000));
    y0 = {w.data().problem->sweep_y[w.data().problem->sweep_y.size() / 3]};
    ASSERT_TRUE(w.run_generative({"mdn"}));
    ASSERT_TRUE(wait_for([&] { return finished(w) && w.data().generative_focus.count("mdn") > 0; }, 60000));
    bool saved = false;
    QObject::connect(w.runner(), &TrainingRunner::modelSaved,
                     [&](const QString&, const QString& e) { saved = e.isEmpty(); });
    w.session()->save(dir.path(), /*with_model=*/true);
    ASSERT_TRUE(wait_for([&] { return saved; }, 10000));
  }
  EXPECT_TRUE(QFile::exists(QDir(dir.path()).filePath("mdn.pt")));
  MainWindow w;
  w.show();
  w.session()->open(dir.path());
  ASSERT_TRUE(wait_for([&] { return finished(w) && w.data().sweep; }, 20000));
  w.set_focus_target(y0);
  ASSERT_TRUE(wait_for([&] { return w.manifold_panel()->drawn_generative_points("mdn") == 20 + 1; }, 20000));
  EXPECT_TRUE(w.manifold_panel()->methods()->available("mdn"));
  EXPECT_FALSE(w.manifold_panel()->methods()->available("cvae"));
}
