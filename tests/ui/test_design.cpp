// Issue 29: the user's own target (a described peak, a drawing, a file), the candidates table,
// the parallel coordinates, f's prediction while it learns, and a loss axis whose labels never
// overlap. Views and panels are fed hand-made RunData: no training, deterministic.
#include <QFile>
#include <QTableWidget>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include <memory>
#include <qcustomplot.h>

#include "core/api/target.h"
#include "core/problems/shell/shell_physics.h"
#include "ui/main_window.h"
#include "ui/panels/candidates_panel.h"
#include "ui/panels/loss_panel.h"
#include "ui/panels/parallel_panel.h"
#include "ui/views/shell_view.h"
#include "ui/views/view_registry.h"
#include "ui_test_support.h"

using namespace ml::ui;

namespace {

std::vector<double> wavelengths() {
  const auto& w = ml::shell::wavelengths_nm();
  return std::vector<double>(w.begin(), w.end());
}

std::shared_ptr<ProblemView> shell_problem() {
  const int n = ml::shell::kOutputs;
  auto v = std::make_shared<ProblemView>();
  v->info.name = "shell";
  v->info.x_dim = ml::shell::kLayers;
  v->info.y_dim = n;
  v->info.y_grid = wavelengths();
  for (int i = 0; i < ml::shell::kLayers; ++i) {
    v->info.x_names.push_back("t" + std::to_string(i + 1));
    v->info.x_units.push_back("nm");
    v->info.box.lo.push_back(30);
    v->info.box.hi.push_back(70);
  }
  for (int t = 0; t < 3; ++t)
    for (int i = 0; i < n; ++i) v->sweep_y.push_back(1.0 + t + 0.001 * i);
  v->view = find_view("shell");
  return v;
}

/// Three networks' proposals for one target y: network 2 (index 1) selected, index 0 invalid.
std::shared_ptr<ml::ProposalSet> three_proposals(const std::vector<double>& y, int x_dim) {
  auto p = std::make_shared<ml::ProposalSet>();
  p->targets = 1;
  p->networks = 3;
  p->x_dim = x_dim;
  p->y_dim = static_cast<int>(y.size());
  p->y = y;
  for (int m = 0; m < 3; ++m)
    for (int i = 0; i < x_dim; ++i) p->x.push_back(35 + 10 * m + i);
  for (int m = 0; m < 3; ++m) {
    p->fy.insert(p->fy.end(), y.begin(), y.end());
    p->sy.insert(p->sy.end(), y.begin(), y.end());
  }
  p->fit_error = {0.3 * p->y_dim, 0.1 * p->y_dim, 0.2 * p->y_dim};
  p->resim_error = {NAN, 2e-4, 5e-2};
  p->rank_score = p->fit_error;
  p->selected = {1};
  p->oracle = {1};
  return p;
}

/// The shell with three networks' proposals for y* = 2.0 everywhere.
RunData shell_with_proposals() {
  RunData data;
  data.problem = shell_problem();
  data.focus_y = std::vector<double>(ml::shell::kOutputs, 2.0);
  data.focus = three_proposals(data.focus_y, ml::shell::kLayers);
  return data;
}

struct ShellFixture {
  RunData data;
  ShellView view;
  std::vector<std::vector<double>> chosen;
  ShellFixture() {
    data.problem = shell_problem();
    data.focus_y.assign(data.problem->sweep_y.begin(), data.problem->sweep_y.begin() + ml::shell::kOutputs);
    view.resize(900, 700);
    view.show();
    view.refresh(data, kProblem | kFocusTarget);
    QObject::connect(&view, &ViewPanel::focusTargetChosen, [this](const std::vector<double>& y) {
      chosen.push_back(y);
      data.focus_y = y;
      view.refresh(data, kFocusTarget);
    });
  }
};

}  // namespace

TEST(Design, ADescribedPeakBecomesTheTarget) {
  ShellFixture f;
  f.view.set_source(ShellView::Source::Peak);
  f.view.set_peak(0, 600, 60, 3, 0.5);
  ASSERT_FALSE(f.chosen.empty());
  ml::PeakTarget peak;
  peak.centre = 600;
  peak.width = 60;
  peak.height = 3;
  peak.baseline = 0.5;
  EXPECT_EQ(f.chosen.back(), ml::peak_target(peak, wavelengths()));
  EXPECT_NEAR(f.chosen.back()[100], 3.5, 1e-12);  // 600 nm is the grid's middle
  EXPECT_TRUE(f.view.target_text().contains("Lorentzian peak at 600 nm")) << f.view.target_text().toStdString();
}

TEST(Design, ADrawnTargetNeedsTwoPointsAndFollowsThem) {
  ShellFixture f;
  f.view.set_source(ShellView::Source::Drawn);
  const size_t before = f.chosen.size();
  f.view.set_drawn_points({{600, 2.0}});
  EXPECT_EQ(f.chosen.size(), before);  // refused: y* unchanged
  EXPECT_TRUE(f.view.target_text().contains("at least two points")) << f.view.target_text().toStdString();
  f.view.set_drawn_points({{500, 1.0}, {600, 4.0}, {700, 1.0}});
  ASSERT_EQ(f.chosen.size(), before + 1);
  EXPECT_EQ(f.chosen.back(), ml::drawn_target({{500, 1.0}, {600, 4.0}, {700, 1.0}}, wavelengths()));

  // A click on the plot adds a point where it lands.
  f.view.plot()->replot();
  test::press_at(f.view.plot(), 650, 3.0);
  ASSERT_EQ(f.view.drawn_points().size(), 4u);
  EXPECT_NEAR(f.view.drawn_points().back().first, 650, 5);
  EXPECT_EQ(f.chosen.back(), ml::drawn_target(f.view.drawn_points(), wavelengths()));
}

TEST(Design, AFileTargetIsResampledAndABadOneChangesNothing) {
  ShellFixture f;
  QTemporaryDir dir;
  const auto write = [&](const QString& name, const QByteArray& text) {
    QFile file(dir.filePath(name));
    EXPECT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(text);
    return file.fileName();
  };
  ASSERT_TRUE(f.view.load_target_file(write("good.csv", "wavelength,efficiency\n400,1\n800,3\n")));
  ASSERT_EQ(f.chosen.size(), 1u);
  EXPECT_NEAR(f.chosen.back()[100], 2.0, 1e-12);
  EXPECT_TRUE(f.view.target_text().contains("good.csv"));
  for (const auto& [name, text] : std::vector<std::pair<QString, QByteArray>>{{"short.csv", "1,2,3\n"},
                                                                              {"nan.csv", "400,1\n800,nan\n"},
                                                                              {"text.csv", "400,1\n600,x\n"},
                                                                              {"empty.csv", ""}}) {
    QString error;
    EXPECT_FALSE(f.view.load_target_file(write(name, text), &error)) << name.toStdString();
    EXPECT_FALSE(error.isEmpty());
    EXPECT_FALSE(error.contains('\n'));
  }
  EXPECT_EQ(f.chosen.size(), 1u);
}

TEST(Design, WhileFLearnsTheShellViewShowsItsPrediction) {
  ShellFixture f;
  EXPECT_EQ(f.view.drawn_spectra(), 1);
  auto ff = std::make_shared<ForwardFocus>();
  ff->y = f.data.focus_y;
  ff->x.assign(ml::shell::kLayers, 50.0);
  ff->fy.assign(ml::shell::kOutputs, 1.5);
  ff->exact = true;
  f.data.forward_focus = ff;
  f.view.refresh(f.data, kLandscape);
  EXPECT_EQ(f.view.drawn_spectra(), 2);  // the target and f's prediction
  // A prediction for another target is not drawn.
  auto other = std::make_shared<ForwardFocus>(*ff);
  other->y.assign(ml::shell::kOutputs, 9.0);
  f.data.forward_focus = other;
  f.view.refresh(f.data, kLandscape);
  EXPECT_EQ(f.view.drawn_spectra(), 1);
}

TEST(Design, ReferenceXIsTheTestTargetsOwnElseTheNearestTrainingInput) {
  ProblemView v;
  v.info.x_dim = 1;
  v.info.y_dim = 2;
  v.sweep_y = {1, 1, 2, 2};
  v.sweep_x = {10, 20};
  v.prior_y = {0, 0, 5, 5};
  v.prior_x = {-1, -5};
  bool exact = false;
  EXPECT_EQ(v.reference_x({2, 2}, &exact), std::vector<double>{20});
  EXPECT_TRUE(exact);
  EXPECT_EQ(v.reference_x({4, 4.5}, &exact), std::vector<double>{-5});
  EXPECT_FALSE(exact);
  EXPECT_TRUE(v.reference_x({1}).empty());
}

TEST(Design, TheCandidatesTableListsTheSelectedFirstWithEveryX) {
  RunData data = shell_with_proposals();
  CandidatesPanel panel;
  panel.refresh(data, kProblem | kFocus);
  QTableWidget* t = panel.table();
  ASSERT_EQ(t->rowCount(), 3);
  ASSERT_EQ(t->columnCount(), 1 + ml::shell::kLayers + 3);
  EXPECT_EQ(t->horizontalHeaderItem(1)->text(), "t1 (nm)");
  EXPECT_EQ(t->item(0, 0)->text(), "g2 (selected)");
  EXPECT_EQ(t->item(1, 0)->text(), "g3");  // 5e-2, then the invalid g1 last
  EXPECT_EQ(t->item(2, 0)->text(), "g1");
  EXPECT_EQ(t->item(2, 1 + ml::shell::kLayers)->text(), "invalid");
  EXPECT_TRUE(panel.summary().startsWith("reached: re-simulation error 2.00e-04")) << panel.summary().toStdString();
  EXPECT_TRUE(panel.csv().startsWith("network,selected,t1 (nm),t2 (nm)"));
  int shown = -1;
  QObject::connect(&panel, &CandidatesPanel::candidateChosen, [&](int m) { shown = m; });
  emit t->cellDoubleClicked(1, 0);
  EXPECT_EQ(shown, 2);
  // Another target's proposals are not listed as this one's.
  data.focus_y.assign(ml::shell::kOutputs, 7.0);
  panel.refresh(data, kFocusTarget);
  EXPECT_EQ(t->rowCount(), 0);
}

TEST(Design, ParallelCoordinatesDrawOneLinePerNetwork) {
  const RunData data = shell_with_proposals();
  ParallelPanel panel;
  panel.resize(800, 400);
  panel.refresh(data, kProblem | kFocus);
  EXPECT_EQ(panel.drawn_lines(), 3);
}

TEST(Design, LossAxisLabelsNeverOverlap) {
  RunData data;
  data.curves.resize(2);
  for (int e = 0; e < 40; ++e) {
    LossPoint p;
    p.network = 0;
    p.epoch = e;
    p.terms.total = p.terms.fit = 0.075 + 0.05 * e / 40.0;  // under a decade: 0.075 .. 0.125
    data.curves[1].push_back(p);
  }
  for (bool log_y : {true, false}) {
    LossPanel panel;
    panel.resize(500, 180);  // a short dock
    panel.show();
    panel.set_log_y(log_y);
    panel.refresh(data, kLosses);
    panel.plot()->replot();
    const QVector<double> ticks = panel.plot()->yAxis->tickVector();
    ASSERT_GE(ticks.size(), 2) << "log " << log_y;
    const double gap = QFontMetrics(panel.plot()->yAxis->tickLabelFont()).height();
    for (int i = 1; i < ticks.size(); ++i)
      EXPECT_GE(std::abs(panel.plot()->yAxis->coordToPixel(ticks[i]) - panel.plot()->yAxis->coordToPixel(ticks[i - 1])),
                1.5 * gap)
          << "log " << log_y << " ticks " << ticks[i - 1] << ", " << ticks[i];
  }
}

TEST(Design, AWindowTakesATargetFileForAnyProblemAndRefusesABadOne) {
  MainWindow w;
  w.show();
  ASSERT_TRUE(test::wait_for([&] { return w.data().problem != nullptr; }, 20000));  // the sine, drawn at launch
  QTemporaryDir dir;
  QFile good(dir.filePath("y.csv")), bad(dir.filePath("bad.csv"));
  ASSERT_TRUE(good.open(QIODevice::WriteOnly) && bad.open(QIODevice::WriteOnly));
  good.write("y\n0.25\n");
  bad.write("0.25,0.5\n");
  good.close();
  bad.close();
  ASSERT_TRUE(w.open_target_file(good.fileName()));
  EXPECT_EQ(w.data().focus_y, std::vector<double>{0.25});
  QString error;
  EXPECT_FALSE(w.open_target_file(bad.fileName(), &error));
  EXPECT_FALSE(error.isEmpty());
  EXPECT_EQ(w.data().focus_y, std::vector<double>{0.25});
}
