#pragma once
/// A dock's title bar with a "?" button that shows the panel's "What am I seeing?" text
/// (panel_help.h), beside the usual float and close buttons. GUI thread only; a Qt child of its
/// dock, which must outlive it.
#include <QWidget>

class QDockWidget;
class QLabel;
class QToolButton;

namespace ml::ui {

class DockTitleBar : public QWidget {
  Q_OBJECT
 public:
  /// panel: the help key (see help_panels()).
  DockTitleBar(QDockWidget* dock, const QString& panel);
  QToolButton* help_button() const { return help_; }

 private:
  QLabel* title_ = nullptr;
  QToolButton* help_ = nullptr;
};

}  // namespace ml::ui
