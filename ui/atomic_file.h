#pragma once
/// The GUI's one way to write a file: through core's run_io (a temporary beside it, flushed to
/// disk, renamed over it), so a crash leaves the old file or the new one, never half of one.
/// Errors are one line naming the path, for a warning box or the status bar. Any thread.
#include <QByteArray>
#include <QString>
#include <functional>

namespace ml::ui {

/// Replaces path with bytes. Returns "" or a one-line error.
QString write_file_atomic(const QString& path, const QByteArray& bytes);
/// For writers that only take a file name (QCustomPlot::savePdf, QPixmap::save): `write` fills
/// the temporary file it is given and returns false when it fails; that file then replaces path.
QString write_file_atomic(const QString& path, const std::function<bool(const QString& tmp)>& write);

}  // namespace ml::ui
