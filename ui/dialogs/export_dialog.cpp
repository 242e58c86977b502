#include "ui/dialogs/export_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

#include "ui/panels/plot_panel.h"

namespace ml::ui {

ExportDialog::ExportDialog(const QList<PlotPanel*>& panels, PlotPanel* current, QWidget* parent)
    : QDialog(parent), panels_(panels) {
  setWindowTitle(tr("Export figure"));
  auto* form = new QFormLayout(this);
  panel_combo_ = new QComboBox(this);
  for (auto* p : panels_) panel_combo_->addItem(p->windowTitle().isEmpty() ? p->export_name() : p->windowTitle());
  panel_combo_->setCurrentIndex(std::max(0, static_cast<int>(panels_.indexOf(current))));
  form->addRow(tr("Panel"), panel_combo_);
  format_combo_ = new QComboBox(this);
  format_combo_->addItems({tr("PNG image"), tr("PDF (vector)"), tr("SVG (vector)")});
  form->addRow(tr("Format"), format_combo_);
  auto* row = new QHBoxLayout;
  path_edit_ = new QLineEdit(this);
  auto* browse_button = new QPushButton(tr("Browse…"), this);
  row->addWidget(path_edit_, 1);
  row->addWidget(browse_button);
  form->addRow(tr("File"), row);
  const FigureOptions o = saved_figure_options();
  width_ = new QSpinBox(this);
  width_->setRange(100, 10000);
  width_->setValue(o.width);
  height_ = new QSpinBox(this);
  height_->setRange(100, 10000);
  height_->setValue(o.height);
  dpi_ = new QSpinBox(this);
  dpi_->setRange(48, 1200);
  dpi_->setValue(o.dpi);
  width_->setToolTip(tr("Layout width in points: fonts keep their size, so a larger figure shows more room."));
  dpi_->setToolTip(tr("PNG only: the image gets width × DPI / 96 pixels."));
  form->addRow(tr("Width"), width_);
  form->addRow(tr("Height"), height_);
  form->addRow(tr("PNG resolution (DPI)"), dpi_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, [this] {
    save_figure_options(options());
    accept();
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(browse_button, &QPushButton::clicked, this, &ExportDialog::browse);
  connect(panel_combo_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ExportDialog::suggest_path);
  connect(format_combo_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ExportDialog::suggest_path);
  suggest_path();
}

PlotPanel* ExportDialog::panel() const { return panels_.value(panel_combo_->currentIndex()); }
QString ExportDialog::path() const { return path_edit_->text(); }
FigureOptions ExportDialog::options() const { return FigureOptions{width_->value(), height_->value(), dpi_->value()}; }

void ExportDialog::suggest_path() {
  const QString suffix = figure_suffix(static_cast<FigureFormat>(format_combo_->currentIndex()));
  const QString dir = path_edit_->text().isEmpty() ? QSettings().value("export/dir", QDir::homePath()).toString()
                                                   : QFileInfo(path_edit_->text()).absolutePath();
  const QString name = panel() ? panel()->export_name() : QStringLiteral("figure");
  path_edit_->setText(QDir(dir).filePath(name + "." + suffix));
}

void ExportDialog::browse() {
  const QString file =
      QFileDialog::getSaveFileName(this, tr("Export figure"), path_edit_->text(), tr("Figures (*.png *.pdf *.svg)"));
  if (file.isEmpty()) return;
  path_edit_->setText(file);
  FigureFormat f;
  if (figure_format_for(file, &f)) {
    const QSignalBlocker block(format_combo_);
    format_combo_->setCurrentIndex(static_cast<int>(f));
  }
  QSettings().setValue("export/dir", QFileInfo(file).absolutePath());
}

QString export_all_panels(const QList<PlotPanel*>& panels, const QString& dir, const FigureOptions& options) {
  QStringList errors;
  if (!QDir().mkpath(dir)) return QObject::tr("cannot create %1").arg(dir);
  for (auto* p : panels)
    for (auto f : {FigureFormat::Png, FigureFormat::Pdf, FigureFormat::Svg}) {
      const QString e =
          export_figure(p->plot(), QDir(dir).filePath(p->export_name() + "." + figure_suffix(f)), options);
      if (!e.isEmpty()) errors << e;
    }
  return errors.join('\n');
}

FigureOptions saved_figure_options() {
  QSettings s;
  FigureOptions o;
  o.width = s.value("export/width", o.width).toInt();
  o.height = s.value("export/height", o.height).toInt();
  o.dpi = s.value("export/dpi", o.dpi).toInt();
  return o;
}

void save_figure_options(const FigureOptions& o) {
  QSettings s;
  s.setValue("export/width", o.width);
  s.setValue("export/height", o.height);
  s.setValue("export/dpi", o.dpi);
}

}  // namespace ml::ui
