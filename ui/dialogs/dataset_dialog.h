#pragma once
/// "Open data set…": pick a CSV file, then its x and y columns from the header. The columns are
/// checked with the engine's own reader (core/problems/csv/csv_table.h) before the dialog accepts, so a bad
/// file or choice is a one-line message here rather than a failed run. GUI thread only.
#include <QDialog>
#include <QString>

class QLabel;
class QTableWidget;

namespace ml::ui {

class DatasetDialog : public QDialog {
  Q_OBJECT
 public:
  /// Reads path's header; error() is set (and the dialog empty) when it cannot.
  explicit DatasetDialog(const QString& path, QWidget* parent = nullptr);
  QString error() const { return error_; }
  /// Comma-separated header names of the checked columns.
  QString x_columns() const;
  QString y_columns() const;
  /// Checks a column as x (role 0) or y (role 1); for tests.
  void set_role(int column, int role, bool on);
  /// Validates with the reader; false with the message shown (and in error()).
  bool validate();

 private:
  QString columns(int role) const;
  QString path_, error_;
  QTableWidget* table_ = nullptr;
  QLabel* message_ = nullptr;
};

}  // namespace ml::ui
