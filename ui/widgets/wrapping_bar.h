#pragma once
/// A panel's control row whose trailing widget (such as the method toggles) moves to a second
/// row when the panel is too narrow for one, so narrow docks (presentation view on a 1280-pixel
/// projector, a tour column beside them) keep every control usable instead of widening the window.
/// GUI thread only.
#include <QWidget>

class QHBoxLayout;

namespace ml::ui {

class WrappingBar : public QWidget {
 public:
  explicit WrappingBar(QWidget* parent = nullptr);
  /// The first row: add the bar's own widgets here.
  QHBoxLayout* row() const { return first_; }
  /// The widget that wraps; the bar owns it.
  void set_trailing(QWidget* trailing);
  bool wrapped() const { return wrapped_; }
  QSize minimumSizeHint() const override;

 protected:
  void resizeEvent(QResizeEvent* event) override;
  /// The trailing widget grew or shrank (method toggles shown once a baseline is trained): place
  /// it again for the current width.
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void place(bool wrap);
  void place_for(int width);
  int first_row_minimum() const;  ///< without the trailing widget
  QHBoxLayout* first_ = nullptr;
  QHBoxLayout* second_ = nullptr;
  QWidget* trailing_ = nullptr;
  bool wrapped_ = false;
};

}  // namespace ml::ui
