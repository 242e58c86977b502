#pragma once
/// "What am I seeing?": one short, plain description per panel, for a lecture room. The generic
/// panels' texts live in panel_help.cpp, each problem view's in its ViewSpec (view_registry.h).
/// GUI thread only.
#include <QString>
#include <QStringList>

class QPoint;
class QWidget;

namespace ml::ui {

/// The panels that have a help text: the plot panels' help_name()s (the views' export names)
/// plus "controls" and "tour".
QStringList help_panels();
/// The panel's help as rich text (a title and a few short paragraphs); "" for an unknown name.
QString panel_help(const QString& panel);
/// Shows the help as a What's-This popup at a global position; it closes on the next click.
/// Does nothing for an unknown name.
void show_panel_help(const QString& panel, const QPoint& global_pos, QWidget* parent);

}  // namespace ml::ui
