#include "ui/atomic_file.h"

#include <QFile>
#include <QObject>
#include <stdexcept>

#include "core/platform/run_io.h"

namespace ml::ui {
namespace {
std::string native(const QString& path) { return QFile::encodeName(path).toStdString(); }
}  // namespace

QString write_file_atomic(const QString& path, const QByteArray& bytes) {
  try {
    write_text_atomic(native(path), bytes.toStdString());
  } catch (const std::runtime_error& e) {
    return QString::fromLocal8Bit(e.what());
  }
  return {};
}

QString write_file_atomic(const QString& path, const std::function<bool(const QString& tmp)>& write) {
  const QString tmp = path + ".tmp";  // the name core's write_text_atomic uses too
  if (!write(tmp)) {
    QFile::remove(tmp);
    return QObject::tr("cannot write %1").arg(path);
  }
  try {
    commit_file(native(tmp), native(path));
  } catch (const std::runtime_error& e) {
    return QString::fromLocal8Bit(e.what());
  }
  return {};
}

}  // namespace ml::ui
