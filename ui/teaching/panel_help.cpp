#include "ui/teaching/panel_help.h"

#include <QObject>
#include <QPoint>
#include <QWhatsThis>
#include <array>

namespace ml::ui {
namespace {

struct Help {
  const char* panel;
  const char* title;
  const char* body;
};

// Each text describes what the panel's code draws; keep them in step with the panels.
const std::array<Help, 8> kHelp{{
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
     "network averages several solutions and lands between them, off every curve.</p>"},
    {"arm", "Robot-arm poses",
     "<p>The robot arm: x = (rail offset, θ1, θ2, θ3) sets the arm, y is where its tip ends up. "
     "Grey dots are tips of training samples (where the arm can reach); the grey bar is the rail "
     "its base slides on.</p>"
     "<p>Click a target (⊕): each inverse network proposes one pose for it, in its colour. The "
     "legend gives each pose's re-simulation error, how far the real arm's tip lands from the "
     "target. The thick arm is the one the forward model picks.</p>"
     "<p>Many poses reach the same point: that is why one regression network fails here.</p>"},
    {"ballistics", "Ballistics trajectories",
     "<p>Inverse ballistics: x = (x0, y0, angle, v0) is a launch from the dashed box, y is where "
     "the projectile (with air drag) lands on the ground. Faint dots on the ground are landings "
     "of training samples.</p>"
     "<p>Click the ground to choose a landing point y* (⊕): each inverse network proposes one "
     "launch for it, drawn in its colour as its real flight to where it really lands (the legend "
     "says where). The thick flight is the one the forward model picks. A low fast throw and a "
     "high slow one can land on the same spot: several right answers.</p>"},
    {"shell", "Shell spectra",
     "<p>The nanophotonic shell: x = eight layer thicknesses (nm), the core (silica) and seven "
     "coatings alternating TiO₂ and silica; y is its scattering spectrum over 400–800 nm.</p>"
     "<p>Choose a target spectrum y* (black) among the test spectra with the slider. Each network "
     "proposes a particle; its spectrum re-simulated by the true Mie model is drawn solid in its "
     "colour, and what the forward model f predicts for it dashed. Below, each proposed particle "
     "to scale: silica rings blue, TiO₂ orange; the thick outline is the forward model's pick.</p>"},
    {"results", "Results",
     "<p>Scores on the test targets, shown when a run finishes. <b>Re-simulation error</b>: put a "
     "proposed x into the true simulator and measure how far its y is from the target.</p>"
     "<p><i>selected</i>: the forward model picks among the first k networks, the method's real "
     "answer. <i>oracle</i>: the true simulator picks, a lower bound for diagnosis. <i>g_k "
     "alone</i>: network k on its own; <i>g_k chosen</i>: how many targets picked it; "
     "<i>distinct</i>: valid different solutions per target; <i>coverage</i>: share of the true "
     "solution set found (sine wave).</p>"
     "<p>The plot shows the selected and oracle error against k: falling means more networks "
     "help.</p>"},
    {"tour", "Guided tour",
     "<p>A short lecture in scenes. Each scene sets the controls, trains a small run (seconds) and "
     "then shows what its paragraph talks about. <b>Next</b> and <b>Previous</b> move between "
     "scenes, <b>Run again</b> repeats the current one; opening a scene stops any running "
     "training.</p>"
     "<p>Scenes are plain JSON files (title, text, config, focus, baselines, show): add your own to "
     "the tour folder in your user data folder; files are ordered by name.</p>"},
}};

const Help* find(const QString& panel) {
  for (const auto& h : kHelp)
    if (panel == QLatin1String(h.panel)) return &h;
  return nullptr;
}

}  // namespace

QStringList help_panels() {
  QStringList names;
  for (const auto& h : kHelp) names << QString::fromLatin1(h.panel);
  return names;
}

QString panel_help(const QString& panel) {
  const Help* h = find(panel);
  if (!h) return {};
  return QStringLiteral("<h3>%1</h3>%2").arg(QObject::tr(h->title), QObject::tr(h->body));
}

void show_panel_help(const QString& panel, const QPoint& global_pos, QWidget* parent) {
  const QString text = panel_help(panel);
  if (!text.isEmpty()) QWhatsThis::showText(global_pos, text, parent);
}

}  // namespace ml::ui
