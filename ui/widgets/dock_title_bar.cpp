#include "ui/widgets/dock_title_bar.h"

#include <QDockWidget>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

#include "ui/teaching/panel_help.h"

namespace ml::ui {

DockTitleBar::DockTitleBar(QDockWidget* dock, const QString& panel) : QWidget(dock) {
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(6, 1, 2, 1);
  row->setSpacing(2);
  title_ = new QLabel(dock->windowTitle(), this);
  row->addWidget(title_, 1);
  connect(dock, &QDockWidget::windowTitleChanged, title_, &QLabel::setText);

  help_ = new QToolButton(this);
  help_->setObjectName("help_button");
  help_->setText(QStringLiteral("?"));
  help_->setAutoRaise(true);
  help_->setToolTip(tr("What am I seeing?"));
  connect(help_, &QToolButton::clicked, this,
          [this, panel] { show_panel_help(panel, help_->mapToGlobal(QPoint(0, help_->height())), this); });
  row->addWidget(help_);

  auto* floating = new QToolButton(this);
  floating->setIcon(style()->standardIcon(QStyle::SP_TitleBarNormalButton));
  floating->setAutoRaise(true);
  floating->setToolTip(tr("Float or dock this panel"));
  connect(floating, &QToolButton::clicked, dock, [dock] { dock->setFloating(!dock->isFloating()); });
  row->addWidget(floating);

  auto* close = new QToolButton(this);
  close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
  close->setAutoRaise(true);
  close->setToolTip(tr("Hide this panel (View menu brings it back)"));
  connect(close, &QToolButton::clicked, dock, &QDockWidget::close);
  row->addWidget(close);
}

}  // namespace ml::ui
