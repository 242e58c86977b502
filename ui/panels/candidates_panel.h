#pragma once
/// The candidates for y*: each network's proposal with every x and its unit, its re-simulation
/// error, f's error and whether it is valid, the selected one first (core/api/candidates.h), under
/// one line on how close y* is reached. Copy and Export CSV; a double-click puts a candidate into
/// the problem's view. GUI thread only; reads RunData (owned by MainWindow) in refresh().
#include <QWidget>
#include <vector>

#include "core/api/candidates.h"
#include "ui/worker/run_data.h"

class QLabel;
class QTableWidget;

namespace ml::ui {

class CandidatesPanel : public QWidget {
  Q_OBJECT
 public:
  explicit CandidatesPanel(QWidget* parent = nullptr);
  void refresh(const RunData& data, unsigned changes);
  QTableWidget* table() const { return table_; }
  /// The line above the table ("reached: ...", "not reached: closest reachable ...").
  QString summary() const;
  /// The rows shown, as CSV (candidates_csv's columns).
  QString csv() const;
  /// Writes csv() to path atomically; "" or a one-line error.
  QString export_csv(const QString& path) const;

 signals:
  /// The user double-clicked network m's row: show that candidate in the problem's view.
  void candidateChosen(int network);

 private:
  void rebuild();

  const RunData* data_ = nullptr;
  QLabel* summary_ = nullptr;
  QTableWidget* table_ = nullptr;
  std::vector<Candidate> rows_;
  ProblemInfo info_;
};

}  // namespace ml::ui
