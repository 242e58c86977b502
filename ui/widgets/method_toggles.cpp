#include "ui/widgets/method_toggles.h"

#include <QCheckBox>
#include <QHBoxLayout>

namespace ml::ui {

MethodToggles::MethodToggles(QWidget* parent) : QWidget(parent) {
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(0, 0, 0, 0);
  mixture_ = new QCheckBox(tr("Mixture"), this);
  mixture_->setToolTip(tr("The k inverse networks' proposals, one colour per network."));
  direct_ = new QCheckBox(tr("Direct"), this);
  direct_->setToolTip(
      tr("Direct inverse regression y → x trained on MSE: it averages the solution "
         "branches and lands between them (Baselines → Train direct regression)."));
  adjoint_ = new QCheckBox(tr("Adjoint"), this);
  adjoint_->setToolTip(
      tr("Neural adjoint's candidates for y*: gradient descent on x through the forward "
         "model from many starts, best first (Baselines → Run neural adjoint)."));
  for (auto* box : {mixture_, direct_, adjoint_}) {
    box->setChecked(true);
    row->addWidget(box);
    connect(box, &QCheckBox::toggled, this, &MethodToggles::changed);
  }
  const std::pair<const char*, QString> generative[] = {{"mdn", tr("MDN")}, {"cvae", tr("cVAE")}, {"cinn", tr("cINN")}};
  for (const auto& [method, label] : generative) {
    auto* box = new QCheckBox(label, this);
    box->setObjectName(QStringLiteral("toggle_") + QString::fromLatin1(method));
    box->setToolTip(tr("The %1 generative baseline's samples for y*, best by f (Baselines → Train %1).").arg(label));
    box->setChecked(true);
    box->setVisible(false);  // shown once that method is trained
    row->addWidget(box);
    connect(box, &QCheckBox::toggled, this, &MethodToggles::changed);
    generative_[method] = box;
  }
}

bool MethodToggles::generative(const std::string& method) const {
  const auto it = generative_.find(method);
  return it != generative_.end() && it->second->isChecked();
}

void MethodToggles::set_generative(const std::string& method, bool on) {
  if (const auto it = generative_.find(method); it != generative_.end()) it->second->setChecked(on);
}

void MethodToggles::set_available(const std::string& method, bool available) {
  if (const auto it = generative_.find(method); it != generative_.end() && it->second->isHidden() == available)
    it->second->setVisible(available);
}

bool MethodToggles::available(const std::string& method) const {
  const auto it = generative_.find(method);
  return it != generative_.end() && !it->second->isHidden();
}

bool MethodToggles::mixture() const { return mixture_->isChecked(); }
bool MethodToggles::direct() const { return direct_->isChecked(); }
bool MethodToggles::adjoint() const { return adjoint_->isChecked(); }

void MethodToggles::set(bool mixture, bool direct, bool adjoint) {
  mixture_->setChecked(mixture);
  direct_->setChecked(direct);
  adjoint_->setChecked(adjoint);
}

}  // namespace ml::ui
