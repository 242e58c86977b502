#include "ui/dialogs/dataset_dialog.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/problems/csv/csv_table.h"

namespace ml::ui {

DatasetDialog::DatasetDialog(const QString& path, QWidget* parent) : QDialog(parent), path_(path) {
  setWindowTitle(tr("Open data set"));
  auto* layout = new QVBoxLayout(this);
  auto* intro = new QLabel(tr("Columns of %1: tick the inputs x (what the inverse networks propose) and the "
                              "outputs y (the targets). There is no true simulator for a data set, so errors "
                              "are measured through the learned forward model.")
                               .arg(path),
                           this);
  intro->setWordWrap(true);
  layout->addWidget(intro);
  resize(480, 380);
  table_ = new QTableWidget(0, 3, this);
  table_->setHorizontalHeaderLabels({tr("column"), tr("x"), tr("y")});
  table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  table_->verticalHeader()->hide();
  layout->addWidget(table_, 1);
  message_ = new QLabel(this);
  message_->setWordWrap(true);
  message_->setStyleSheet("QLabel { color: #a00; }");
  layout->addWidget(message_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, [this] {
    if (validate()) accept();
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);

  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    error_ = tr("%1: cannot read the file").arg(path);
    message_->setText(error_);
    return;
  }
  const QStringList names = QString::fromUtf8(file.readLine()).trimmed().split(',');
  table_->setRowCount(names.size());
  for (int i = 0; i < names.size(); ++i) {
    table_->setItem(i, 0, new QTableWidgetItem(names[i].trimmed()));
    for (int role = 0; role < 2; ++role) {
      auto* box = new QTableWidgetItem;
      box->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
      // A first guess: the last column is y, the others x; the user changes it.
      box->setCheckState((role == 1) == (i + 1 == names.size()) ? Qt::Checked : Qt::Unchecked);
      table_->setItem(i, 1 + role, box);
    }
  }
}

QString DatasetDialog::columns(int role) const {
  QStringList picked;
  for (int i = 0; i < table_->rowCount(); ++i)
    if (table_->item(i, 1 + role)->checkState() == Qt::Checked) picked << QString::number(i);
  return picked.join(',');  // indices: header names may repeat or hold commas
}

QString DatasetDialog::x_columns() const { return columns(0); }
QString DatasetDialog::y_columns() const { return columns(1); }

void DatasetDialog::set_role(int column, int role, bool on) {
  if (column < 0 || column >= table_->rowCount() || role < 0 || role > 1) return;
  table_->item(column, 1 + role)->setCheckState(on ? Qt::Checked : Qt::Unchecked);
}

bool DatasetDialog::validate() {
  try {
    read_csv_table(path_.toStdString(), x_columns().toStdString(), y_columns().toStdString());
    error_.clear();
  } catch (const std::exception& e) {
    error_ = QString::fromStdString(e.what());
  }
  message_->setText(error_);
  return error_.isEmpty();
}

}  // namespace ml::ui
