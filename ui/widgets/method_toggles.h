#pragma once
/// Check boxes that choose which methods a panel overlays: the mixture's proposals, the direct
/// regression's answer (the "mean collapse"), neural adjoint's candidates and, once trained, the
/// generative baselines' samples (MDN, cVAE, cINN; hidden until set_available). Each panel owns
/// one; their colours are in palette.h. GUI thread only.
#include <QWidget>
#include <map>
#include <string>

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
  /// Whether a generative method's ("mdn", "cvae", "cinn") overlay is on; false for others.
  bool generative(const std::string& method) const;
  void set_generative(const std::string& method, bool on);
  /// Shows a generative method's box (once that method is trained) or hides it.
  void set_available(const std::string& method, bool available);
  /// Whether a generative method's box is shown (for tests).
  bool available(const std::string& method) const;

 signals:
  void changed();

 private:
  QCheckBox* mixture_ = nullptr;
  QCheckBox* direct_ = nullptr;
  QCheckBox* adjoint_ = nullptr;
  std::map<std::string, QCheckBox*> generative_;
};

}  // namespace ml::ui
