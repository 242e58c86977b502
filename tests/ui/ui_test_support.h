#pragma once
// Helpers for the GUI tests: event-loop waits and a tiny, fast configuration.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>
#include <string>
#include <utility>
#include <vector>

#include <QMouseEvent>
#include <qcustomplot.h>

#include "ui/main_window.h"
#include "ui/panels/controls_panel.h"
#include "ui/views/robot_arm_view.h"

namespace ml::ui::test {

/// Runs the event loop until pred() holds or ms pass. Returns pred().
template <typename Pred>
bool wait_for(Pred pred, int ms) {
  QElapsedTimer clock;
  clock.start();
  while (!pred()) {
    if (clock.elapsed() > ms) return pred();
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(5);
  }
  return true;
}

/// The robot arm's view of a window.
inline RobotArmView* arm_view(const MainWindow& w) { return static_cast<RobotArmView*>(w.view_panel("robot-arm")); }

/// Sends a left-button press and release at plot coordinates (x, y) to the plot (a click).
inline void press_at(QCustomPlot* plot, double x, double y) {
  const QPointF at(plot->xAxis->coordToPixel(x), plot->yAxis->coordToPixel(y));
  QMouseEvent press(QEvent::MouseButtonPress, at, plot->mapToGlobal(at), Qt::LeftButton, Qt::LeftButton,
                    Qt::NoModifier);
  QCoreApplication::sendEvent(plot, &press);
  QMouseEvent release(QEvent::MouseButtonRelease, at, plot->mapToGlobal(at), Qt::LeftButton, Qt::NoButton,
                      Qt::NoModifier);
  QCoreApplication::sendEvent(plot, &release);
}

/// A run that finishes in a second or two on 2 CPU cores.
inline void set_tiny(ControlsPanel* c, int k = 2) {
  const std::vector<std::pair<std::string, std::string>> values{
      {"samples", "400"},          {"epochs_forward", "3"}, {"epochs_inverse", "2"}, {"hidden_forward", "16,16"},
      {"hidden_inverse", "16,16"}, {"threads", "1"},        {"k", std::to_string(k)}};
  for (const auto& [key, value] : values) c->set_value(key, value);
}

/// A run that lasts far longer than any test waits (stopped by the test).
inline void set_long(ControlsPanel* c) {
  set_tiny(c);
  c->set_value("samples", "2000");
  c->set_value("epochs_forward", "2");
  c->set_value("epochs_inverse", "20000");
  c->set_value("report_every", "1");
}

}  // namespace ml::ui::test
