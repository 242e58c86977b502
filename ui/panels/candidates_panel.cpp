#include "ui/panels/candidates_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

#include "ui/atomic_file.h"
#include "ui/dialogs/warning.h"
#include "ui/palette.h"

namespace ml::ui {

CandidatesPanel::CandidatesPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  summary_ = new QLabel(tr("Candidates for y* appear once an inverse network has trained."), this);
  summary_->setWordWrap(true);
  layout->addWidget(summary_);
  table_ = new QTableWidget(0, 0, this);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->verticalHeader()->setVisible(false);
  table_->setToolTip(
      tr("Each network's answer for y*, the selected one first; double-click a row to show "
         "that candidate in the problem's view."));
  layout->addWidget(table_, 1);
  auto* buttons = new QHBoxLayout;
  auto* copy = new QPushButton(tr("Copy"), this);
  copy->setToolTip(tr("Copies the table as CSV."));
  auto* save = new QPushButton(tr("Export CSV…"), this);
  buttons->addWidget(copy);
  buttons->addWidget(save);
  buttons->addStretch(1);
  layout->addLayout(buttons);
  connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(csv()); });
  connect(save, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export candidates"), QStringLiteral("candidates.csv"),
                                                      tr("CSV (*.csv)"));
    if (path.isEmpty()) return;
    const QString error = export_csv(path);
    if (!error.isEmpty()) show_warning(this, error);
  });
  connect(table_, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
    if (row >= 0 && row < static_cast<int>(rows_.size())) emit candidateChosen(rows_[static_cast<size_t>(row)].network);
  });
}

QString CandidatesPanel::summary() const { return summary_->text(); }

QString CandidatesPanel::csv() const { return QString::fromStdString(candidates_csv(rows_, info_)); }

QString CandidatesPanel::export_csv(const QString& path) const { return write_file_atomic(path, csv().toUtf8()); }

void CandidatesPanel::refresh(const RunData& data, unsigned changes) {
  data_ = &data;
  if (changes & (kProblem | kFocus | kFocusTarget)) rebuild();
}

void CandidatesPanel::rebuild() {
  rows_.clear();
  table_->setRowCount(0);
  const auto& p = data_ ? data_->focus : nullptr;
  if (!data_ || !data_->problem || !data_->focus_is_current()) {
    summary_->setText(data_ && data_->problem &&
                              data_->focus_y.size() == static_cast<size_t>(data_->problem->info.y_dim)
                          ? tr("Candidates for y* appear once an inverse network has trained.")
                          : tr("Choose a target y*."));
    return;
  }
  info_ = data_->problem->info;
  const double tau = info_.valid_tau;
  rows_ = candidates_for(*p, 0, tau);
  summary_->setText(info_.has_simulator ? QString::fromStdString(reach_summary(rows_, tau))
                                        : tr("errors through the forward model (a data set has no simulator)"));
  QStringList headers{tr("network")};
  for (int i = 0; i < info_.x_dim; ++i) headers << QString::fromStdString(x_header(info_, i));
  headers << tr("re-sim MSE") << tr("f MSE") << tr("valid");
  table_->setColumnCount(headers.size());
  table_->setHorizontalHeaderLabels(headers);
  table_->setRowCount(static_cast<int>(rows_.size()));
  const auto number = [](double v, char format, int precision) {
    return std::isfinite(v) ? QString::number(v, format, precision) : QObject::tr("invalid");
  };
  for (int r = 0; r < static_cast<int>(rows_.size()); ++r) {
    const Candidate& c = rows_[static_cast<size_t>(r)];
    int col = 0;
    auto* name = new QTableWidgetItem(tr("g%1%2").arg(c.network + 1).arg(c.selected ? tr(" (selected)") : QString()));
    name->setForeground(network_color(c.network).darker(120));
    QFont font = name->font();
    font.setBold(c.selected);
    name->setFont(font);
    table_->setItem(r, col++, name);
    for (double v : c.x) table_->setItem(r, col++, new QTableWidgetItem(number(v, 'g', 5)));
    table_->setItem(r, col++, new QTableWidgetItem(number(c.resim_mse, 'e', 2)));
    table_->setItem(r, col++, new QTableWidgetItem(number(c.f_mse, 'e', 2)));
    table_->setItem(r, col++, new QTableWidgetItem(c.valid ? tr("✓ valid") : tr("✗ no")));
  }
  table_->resizeColumnsToContents();
}

}  // namespace ml::ui
