#pragma once
/// The one way the GUI reports a refused input or a failed operation: a non-modal warning box on
/// `parent`, so a bad file or setting never blocks the event loop (or an offscreen test) and the
/// window keeps running. GUI thread only.
#include <QString>

class QWidget;

namespace ml::ui {
void show_warning(QWidget* parent, const QString& text);
}  // namespace ml::ui
