#include "ui/widgets/wrapping_bar.h"

#include <QHBoxLayout>
#include <QResizeEvent>
#include <QVBoxLayout>
#include <algorithm>

namespace ml::ui {

WrappingBar::WrappingBar(QWidget* parent) : QWidget(parent) {
  auto* rows = new QVBoxLayout(this);
  rows->setContentsMargins(0, 0, 0, 0);
  rows->setSpacing(2);
  first_ = new QHBoxLayout;
  second_ = new QHBoxLayout;
  second_->addStretch(1);
  rows->addLayout(first_);
  rows->addLayout(second_);
}

void WrappingBar::set_trailing(QWidget* trailing) {
  trailing_ = trailing;
  trailing_->setParent(this);
  first_->addWidget(trailing_);
  wrapped_ = false;
  trailing_->installEventFilter(this);
}

bool WrappingBar::eventFilter(QObject* watched, QEvent* event) {
  if (watched == trailing_ && event->type() == QEvent::LayoutRequest) {
    updateGeometry();
    place_for(width());
  }
  return QWidget::eventFilter(watched, event);
}

int WrappingBar::first_row_minimum() const {
  int width = first_->minimumSize().width();
  if (trailing_ && !wrapped_) width -= trailing_->minimumSizeHint().width() + first_->spacing();
  return width;
}

QSize WrappingBar::minimumSizeHint() const {
  const QSize laid_out = QWidget::minimumSizeHint();
  if (!trailing_) return laid_out;
  // Narrower than one row is fine: the trailing widget then wraps.
  return {std::max(first_row_minimum(), trailing_->sizeHint().width()), laid_out.height()};
}

void WrappingBar::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  place_for(event->size().width());
}

void WrappingBar::place_for(int width) {
  if (!trailing_) return;
  // Wrap before the first row has to squeeze (a word-wrapped hint would grow lines instead).
  first_->invalidate();
  int natural = first_->sizeHint().width();
  if (!wrapped_) natural -= trailing_->sizeHint().width() + first_->spacing();
  place(width < natural + first_->spacing() + trailing_->sizeHint().width());
}

void WrappingBar::place(bool wrap) {
  if (wrap == wrapped_) return;
  first_->removeWidget(trailing_);
  second_->removeWidget(trailing_);
  (wrap ? second_ : first_)->addWidget(trailing_);
  wrapped_ = wrap;
  updateGeometry();
}

}  // namespace ml::ui
