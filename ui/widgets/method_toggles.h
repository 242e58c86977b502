#pragma once
/// Three check boxes that choose which methods a panel overlays: the mixture's proposals, the
/// direct regression's answer (the "mean collapse") and neural adjoint's candidates. Each panel
/// owns one; their colours are in palette.h. GUI thread only.
#include <QWidget>

class QCheckBox;

namespace ml::ui {

class MethodToggles : public QWidget {
  Q_OBJECT
 public:
  explicit MethodToggles(QWidget* parent = nullptr);
  bool mixture() const;
  bool direct() const;
  bool adjoint() const;
  void set(bool mixture, bool direct, bool adjoint);

 signals:
  void changed();

 private:
  QCheckBox* mixture_ = nullptr;
  QCheckBox* direct_ = nullptr;
  QCheckBox* adjoint_ = nullptr;
};

}  // namespace ml::ui
