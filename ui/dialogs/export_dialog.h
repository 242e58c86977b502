#pragma once
/// The figure export dialog (panel, file, size, DPI) and "export all panels" to a folder.
/// GUI thread only; the panels are owned by the main window and outlive the dialog.
#include <QDialog>
#include <QList>

#include "ui/plotting/figure_export.h"

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace ml::ui {

class PlotPanel;

class ExportDialog : public QDialog {
  Q_OBJECT
 public:
  ExportDialog(const QList<PlotPanel*>& panels, PlotPanel* current, QWidget* parent = nullptr);
  PlotPanel* panel() const;
  QString path() const;
  FigureOptions options() const;

 private:
  void browse();
  void suggest_path();

  QList<PlotPanel*> panels_;
  QComboBox* panel_combo_ = nullptr;
  QComboBox* format_combo_ = nullptr;
  QLineEdit* path_edit_ = nullptr;
  QSpinBox *width_ = nullptr, *height_ = nullptr, *dpi_ = nullptr;
};

/// Writes every panel as PNG, PDF and SVG into dir (<name>.<suffix>). Returns the errors, one
/// per line ("" when all went well).
QString export_all_panels(const QList<PlotPanel*>& panels, const QString& dir, const FigureOptions& options);

/// Figure options remembered across runs (QSettings).
FigureOptions saved_figure_options();
void save_figure_options(const FigureOptions& options);

}  // namespace ml::ui
