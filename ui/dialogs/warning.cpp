#include "ui/dialogs/warning.h"

#include <QMessageBox>

namespace ml::ui {

void show_warning(QWidget* parent, const QString& text) {
  auto* box = new QMessageBox(QMessageBox::Warning, QObject::tr("ManifoldLab"), text, QMessageBox::Ok, parent);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

}  // namespace ml::ui
