#pragma once
/// Help > About: the method in two sentences and its references. GUI thread only.
class QWidget;
namespace ml::ui {
void show_about(QWidget* parent);
}
