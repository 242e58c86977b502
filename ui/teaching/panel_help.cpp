#include "ui/teaching/panel_help.h"

#include <QObject>
#include <QPoint>
#include <QWhatsThis>

#include "ui/views/view_registry.h"

namespace ml::ui {
namespace {

struct Help {
  const char* panel;
  const char* title;
  const char* body;
};

// The generic panels' texts; each problem view's lives in its ViewSpec (views/<name>_view.cpp).
// Each text describes what the panel's code draws; keep them in step with the panels.
const Help kHelp[] = {
    {"controls", "Controls",
     "<p>Every setting of a run. <b>Mixture</b>: k inverse networks, the repulsion strength λ and its "
     "length scale σ² (how far apart networks are pushed). The other groups set the problem, the data "
     "and the two kinds of network.</p>"
     "<p>Settings marked ⚡ change a running training at once; the others take effect on the next "
     "start, and a yellow note lists them.</p>"
     "<p>Space starts and pauses. Ctrl+→ trains one epoch and pauses, Ctrl+Shift+→ one network. "
     "To see regression fail, compare k&nbsp;=&nbsp;1 with λ&nbsp;=&nbsp;0 against k&nbsp;=&nbsp;4.</p>"},
    {"loss", "Loss curves",
     "<p>Training loss per epoch, falling as the networks learn. The dark grey line is the forward "
     "network f learning x → y (mean squared error).</p>"
     "<p>Each coloured line is one inverse network g: its <b>tandem fit</b> ‖f(g(y)) − y‖², how "
     "well its answers land on the target when passed through f. Tick <i>total</i>, <i>boundary</i> "
     "and <i>|repulsion|</i> to add the other terms of its loss.</p>"
     "<p>The x axis counts each network's own epochs, so every curve starts at the left. Smoothing "
     "draws an average over a faint raw line; log y leaves out values ≤ 0.</p>"},
    {"manifolds", "X-space manifolds",
     "<p>Where each inverse network puts its answers x. Each coloured dot is one network's answer "
     "g(y) for one target y of a sweep over all targets: one network traces one branch of "
     "solutions, one colour per network.</p>"
     "<p>Sine wave: the grey background is the true y = sin 3πx₁ + cos 3πx₂, and the black dotted "
     "curves are every x with y = y*, i.e. all true solutions of the chosen target. Other problems: "
     "any two x dimensions (menu), over faint dots of training samples.</p>"
     "<p>The large dots are the networks' answers for y* (slider, or click the map); the black ring "
     "is the one the forward model picks. The dashed box is the valid domain. A single regression "
     "network averages several solutions and lands between them, off every curve.</p>"
     "<p>The legend gives each network's coverage, the share of test targets it solves. With "
     "refinement on, a thin line runs from each network's own proposal to its refined answer.</p>"},
    {"results", "Results",
     "<p>Scores on the test targets, shown when a run finishes. <b>Re-simulation error</b>: put a "
     "proposed x into the true simulator and measure how far its y is from the target.</p>"
     "<p><i>selected</i>: the forward model picks among the first k networks, the method's real "
     "answer. <i>oracle</i>: the true simulator picks, a lower bound for diagnosis. <i>g_k "
     "alone</i>: network k on its own; <i>g_k chosen</i>: how many targets picked it; "
     "<i>g_k covers</i>: share of targets network k's own proposal solves (valid at 90 % or more); "
     "<i>selected valid</i>: share of targets whose selected answer is valid; <i>mixture covers</i>: "
     "share where some network's proposal is valid; <i>distinct</i>: valid different solutions per "
     "target; <i>set found</i>: share of the true solution set found (sine wave). With refinement, a "
     "line above says what it changed.</p>"
     "<p>The plot shows the selected and oracle error against k: falling means more networks "
     "help.</p>"},
    {"coverage", "Coverage",
     "<p>Where each network is valid, over the test targets, shown when a run finishes. A proposal is "
     "<b>valid</b> when its re-simulation error is below τ; an invalid input (NaN, e.g. a launch that "
     "never lands) never is. A network's <b>coverage</b> is the share of targets its own proposal "
     "solves; it is valid at 90 % or more. The title gives each network's coverage (✗: not valid) and the "
     "mixture's: the share where some network's proposal (or refined point) is valid.</p>"
     "<p><b>Two target values</b> (robot arm): one dot per target, in the colour of the selected "
     "network where its answer is valid, larger where more networks are valid. A red ring: some "
     "network is valid there but the selection picked another. A black ×: no network is valid.</p>"
     "<p><b>One target value</b>: each network's own error against y, log scale, with τ dashed; "
     "invalid proposals are drawn as × at the top. <b>More values</b> (spectra, data sets): each "
     "network's errors sorted from best to worst; where a curve crosses τ is its coverage, and its "
     "invalid proposals end it at the top.</p>"
     "<p>With refinement on, the curves show each network's own proposal before refinement.</p>"},
    {"candidates", "Candidates for y*",
     "<p>Every network's answer for the current target y*, the one the forward model selects first, "
     "then the others by their re-simulation error: each x with its unit, the <b>re-sim MSE</b> (the "
     "true simulator's y against y*), the <b>f MSE</b> (what the forward model believed), and whether it "
     "is <b>valid</b> (re-sim MSE below τ). The line above says how close y* is reached; a target no "
     "design can produce (a drawn or described spectrum) gets its closest reachable error.</p>"
     "<p><b>Copy</b> puts the table on the clipboard as CSV, <b>Export CSV…</b> writes it; a "
     "double-click shows that candidate in the problem's view and in All x dimensions.</p>"},
    {"parallel", "All x dimensions",
     "<p>Every dimension of x at once (problems with more than two): one vertical axis per dimension, "
     "scaled to the domain box (0 its low end, 1 its high end; the shaded band), named with its range "
     "below. Each line is one network's proposal for y*, in its colour; the thick one is the selected "
     "(or the one chosen in the candidates table). Faint grey lines are training inputs, where the "
     "forward model learned.</p>"
     "<p>Lines that cross between the same axes are different solutions; a line leaving the band is "
     "outside the domain.</p>"},
    {"tour", "Guided tour",
     "<p>A short lecture in scenes. Each scene sets the controls, trains a small run (seconds) and "
     "then shows what its paragraph talks about. <b>Next</b> and <b>Previous</b> move between "
     "scenes, <b>Run again</b> repeats the current one; opening a scene stops any running "
     "training.</p>"
     "<p>Scenes are plain JSON files (title, text, config, focus, baselines, show): add your own to "
     "the tour folder in your user data folder; files are ordered by name.</p>"},
};

const Help* find(const QString& panel) {
  for (const auto& h : kHelp)
    if (panel == QLatin1String(h.panel)) return &h;
  return nullptr;
}

}  // namespace

QStringList help_panels() {
  QStringList names;
  for (const auto& h : kHelp) names << QString::fromLatin1(h.panel);
  for (const auto& spec : view_table())
    if (!spec.help.isEmpty()) names << spec.export_name;
  return names;
}

QString panel_help(const QString& panel) {
  if (const Help* h = find(panel))
    return QStringLiteral("<h3>%1</h3>%2").arg(QObject::tr(h->title), QObject::tr(h->body));
  const ViewSpec* view = find_view_by_export_name(panel);
  if (!view || view->help.isEmpty()) return {};
  return QStringLiteral("<h3>%1</h3>%2").arg(view->title, view->help);
}

void show_panel_help(const QString& panel, const QPoint& global_pos, QWidget* parent) {
  const QString text = panel_help(panel);
  if (!text.isEmpty()) QWhatsThis::showText(global_pos, text, parent);
}

}  // namespace ml::ui
