// Layout that must hold on small screens: wrapping control rows, legends that leave the data
// visible, and a presentation view that fits a 1280-pixel projector with the tour open.
#include <QApplication>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <gtest/gtest.h>
#include <qcustomplot.h>

#include <vector>

#include "ui/main_window.h"
#include "ui/panels/plot_panel.h"
#include "ui/theme.h"
#include "ui/widgets/wrapping_bar.h"
#include "ui/worker/run_data.h"

using namespace ml::ui;

namespace {
/// A panel's control row: a label, then the method toggles as the bar's trailing widget (set by
/// the test, after it adds any boxes of its own to `toggles`).
struct ToggleRow {
  QWidget dock;  // as in a panel: the bar's minimum is its parent layout's business
  WrappingBar* bar = nullptr;
  QWidget* toggles = new QWidget;
  QHBoxLayout* boxes = new QHBoxLayout(toggles);
  ToggleRow() {
    auto* column = new QVBoxLayout(&dock);
    column->setContentsMargins(0, 0, 0, 0);
    bar = new WrappingBar(&dock);
    column->addWidget(bar);
    bar->row()->addWidget(new QLabel("Target y*"));
    for (const char* name : {"Mixture", "Direct", "Adjoint"}) boxes->addWidget(new QCheckBox(name));
  }
};
}  // namespace

TEST(Layout, AWrappingBarMovesItsTrailingWidgetToASecondRowWhenNarrow) {
  ToggleRow r;
  QWidget& dock = r.dock;
  WrappingBar& bar = *r.bar;
  QWidget* toggles = r.toggles;
  bar.set_trailing(toggles);
  const int one_row = bar.sizeHint().width();
  EXPECT_LT(bar.minimumSizeHint().width(), one_row);  // narrow docks may shrink it
  dock.resize(one_row + 50, 40);
  dock.show();
  QApplication::processEvents();
  EXPECT_FALSE(bar.wrapped());
  dock.resize(bar.minimumSizeHint().width(), 80);
  QApplication::processEvents();
  EXPECT_EQ(dock.width(), bar.minimumSizeHint().width());
  EXPECT_TRUE(bar.wrapped());
  EXPECT_GE(toggles->width(), toggles->sizeHint().width());  // whole on its own row
  dock.resize(one_row + 50, 80);
  QApplication::processEvents();
  EXPECT_FALSE(bar.wrapped());
}

TEST(Layout, AWrappingBarWrapsWhenItsTrailingWidgetGrows) {
  ToggleRow r;
  QWidget& dock = r.dock;
  WrappingBar& bar = *r.bar;
  QWidget* toggles = r.toggles;
  QHBoxLayout* h = r.boxes;
  std::vector<QCheckBox*> later;  // as the generative baselines' boxes, shown once trained
  for (const char* name : {"MDN", "cVAE", "cINN"}) {
    later.push_back(new QCheckBox(name));
    later.back()->setVisible(false);
    h->addWidget(later.back());
  }
  bar.set_trailing(toggles);
  dock.resize(bar.sizeHint().width() + 10, 80);
  dock.show();
  QApplication::processEvents();
  EXPECT_FALSE(bar.wrapped());
  for (auto* box : later) box->setVisible(true);  // no resize: the bar must notice by itself
  QApplication::processEvents();
  QApplication::processEvents();
  EXPECT_TRUE(bar.wrapped());
  EXPECT_GE(toggles->width(), toggles->sizeHint().width());  // every box whole
  for (auto* box : later) box->setVisible(false);
  QApplication::processEvents();
  QApplication::processEvents();
  EXPECT_FALSE(bar.wrapped());
}

namespace {
QCustomPlot* plot_with_entries(int entries) {
  QCustomPlot* plot = make_plot(nullptr);
  plot->legend->setVisible(true);
  for (int i = 0; i < entries; ++i) {
    auto* g = plot->addGraph();
    g->setName(QString("network g%1: a fairly long legend entry").arg(i + 1));
    g->setData({0.0, 1.0}, {0.0, 1.0 + i});
  }
  plot->rescaleAxes();
  return plot;
}

void lay_out(QCustomPlot* plot, int width, int height) {
  plot->show();  // a hidden widget gets its resize event only when shown
  plot->resize(width, height);
  QApplication::processEvents();
  plot->replot();
}
}  // namespace

TEST(Layout, AnOutsideLegendNeverCoversTheDataAndTakesTheRoomierSide) {
  std::unique_ptr<QCustomPlot> plot(plot_with_entries(6));
  set_legend_outside(plot.get(), true);
  lay_out(plot.get(), 900, 500);  // wide: beside the data
  EXPECT_FALSE(plot->legend->outerRect().intersects(plot->axisRect()->rect()));
  EXPECT_GT(plot->legend->outerRect().left(), plot->axisRect()->rect().right());
  lay_out(plot.get(), 500, 900);  // tall: below it
  EXPECT_FALSE(plot->legend->outerRect().intersects(plot->axisRect()->rect()));
  EXPECT_GT(plot->legend->outerRect().top(), plot->axisRect()->rect().bottom());
  set_legend_outside(plot.get(), false);
  lay_out(plot.get(), 900, 500);
  EXPECT_TRUE(plot->axisRect()->rect().contains(plot->legend->outerRect()));  // back in its corner
}

TEST(Layout, ATallInsetLegendSpreadsIntoColumns) {
  std::unique_ptr<QCustomPlot> plot(plot_with_entries(10));
  lay_out(plot.get(), 1200, 900);
  EXPECT_EQ(plot->legend->wrap(), 0);  // room for one column
  lay_out(plot.get(), 1200, 260);
  EXPECT_GE(plot->legend->wrap(), 2);
  EXPECT_LT(plot->legend->outerRect().height(), plot->axisRect()->rect().height());
}

TEST(Layout, PresentationViewWithTheTourFitsA1280PixelScreen) {
  MainWindow w;
  w.show();
  w.open_tour(0);
  w.set_presentation_view(true);
  // The largest text a 1280-pixel-wide screen gets (5:4, 1280x1024) is close to the 1080p scale.
  set_presentation(true, 1080);
  for (auto* panel : w.plot_panels()) panel->apply_theme(w.data());
  QApplication::processEvents();
  EXPECT_LE(w.minimumSizeHint().width(), 1280);
  EXPECT_LE(w.minimumSize().width(), 1280);
  w.set_presentation_view(false);
}
