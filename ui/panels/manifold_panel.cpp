#include "ui/panels/manifold_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "ui/palette.h"
#include "ui/panels/network_validity.h"
#include "ui/panels/refinement_lines.h"
#include "ui/panels/simulator_map.h"
#include "ui/theme.h"
#include "ui/views/view_registry.h"
#include "ui/widgets/method_toggles.h"
#include "ui/widgets/wrapping_bar.h"

namespace ml::ui {
namespace {

constexpr int kContinuousSteps = 400;           // slider positions over a continuous y* range
constexpr const char* kNoLegend = "no_legend";  // a plottable's property: never listed in the legend

QCPScatterStyle dots(const QColor& c, double size) {
  return QCPScatterStyle(QCPScatterStyle::ssDisc, c, c, marker_size(size));
}

/// Dimensions (a, b) of network m's proposals for every target of p, as g's points.
void set_network_points(QCPGraph* g, const ProposalSet& p, int m, int a, int b) {
  QVector<double> keys, values;
  for (int n = 0; n < p.targets; ++n) {
    keys.push_back(p.x_at(m, n)[a]);
    values.push_back(p.x_at(m, n)[b]);
  }
  g->setData(keys, values);
}

/// Dimensions (a, b) of every network's (or candidate's) proposal for p's first target.
void set_target_points(QCPGraph* g, const ProposalSet& p, int a, int b) {
  QVector<double> keys, values;
  for (int m = 0; m < p.networks; ++m) {
    keys.push_back(p.x_at(m, 0)[a]);
    values.push_back(p.x_at(m, 0)[b]);
  }
  g->setData(keys, values);
}

QString format_y(const std::vector<double>& y) {
  if (y.size() > 4) return QObject::tr("%1 values").arg(y.size());  // a spectrum: its view draws it
  QStringList parts;
  for (double v : y) parts << QString::number(v, 'f', 2);
  return parts.size() == 1 ? parts[0] : "(" + parts.join(", ") + ")";
}

}  // namespace

ManifoldPanel::ManifoldPanel(QWidget* parent) : PlotPanel(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  auto* header = new WrappingBar(this);
  QHBoxLayout* bar = header->row();
  dims_combo_ = new QComboBox(this);
  dims_combo_->setToolTip(tr("Which two of the x dimensions to draw; the others are projected away."));
  bar->addWidget(dims_combo_);
  auto* y_label = new QLabel(tr("Target y*"), this);
  bar->addWidget(y_label);
  slider_ = new QSlider(Qt::Horizontal, this);
  slider_->setToolTip(
      tr("The target whose proposals are highlighted: one large dot per network, the "
         "forward model's choice ringed. Where the map shows the simulator, clicking it picks the "
         "level set through that point."));
  y_label->setToolTip(slider_->toolTip());
  slider_->setMinimumWidth(100);  // stays draggable when the dock is narrow
  bar->addWidget(slider_, 1);
  target_label_ = new QLabel(this);
  target_label_->setMinimumWidth(90);
  bar->addWidget(target_label_);
  methods_ = new MethodToggles(this);
  header->set_trailing(methods_);
  layout->addWidget(header);

  plot_ = make_plot(this);
  plot_->setInteractions(QCP::iRangeZoom);  // a click picks y*, so no dragging
  plot_->addLayer("focus", plot_->layer("main"), QCustomPlot::limAbove);
  map_ = std::make_unique<SimulatorMap>(plot_);
  layout->addWidget(plot_, 1);
  install_plot_menu(plot_);

  // The layout (legend, colour scale, a full-screen switch) settles only at replot.
  keep_equal_units(plot_, [this] {
    if (!data_ || !data_->problem) return false;
    plot_->xAxis->setRange(home_x_);
    plot_->yAxis->setRange(home_y_);
    return true;
  });
  connect(slider_, &QSlider::valueChanged, this, &ManifoldPanel::on_slider);
  connect(plot_, &QCustomPlot::mousePress, this, &ManifoldPanel::on_click);
  connect(dims_combo_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
    if (!data_) return;
    rebuild_background();
    rebuild_proposals();
    rebuild_focus();
    rebuild_baselines();
  });
  connect(methods_, &MethodToggles::changed, this, [this] {
    apply_toggles();
    plot_->replot(QCustomPlot::rpQueuedReplot);
  });
}

ManifoldPanel::~ManifoldPanel() = default;

void ManifoldPanel::resizeEvent(QResizeEvent* event) {
  PlotPanel::resizeEvent(event);
  // Equal units on both axes, so that distances between proposals (what σ² measures) look right.
  if (data_ && data_->problem) {
    plot_->xAxis->setRange(home_x_);
    plot_->yAxis->setRange(home_y_);
  }
  fit_equal_aspect(plot_);
}

std::pair<int, int> ManifoldPanel::dims() const {
  const QVariant v = dims_combo_->currentData();
  if (!v.isValid()) return {0, 1};
  return {v.toPoint().x(), v.toPoint().y()};
}

void ManifoldPanel::set_dims(int a, int b) {
  const int i = dims_combo_->findData(QPoint(a, b));
  if (i >= 0) dims_combo_->setCurrentIndex(i);
}

int ManifoldPanel::dim_pairs() const { return dims_combo_->count(); }

QString ManifoldPanel::map_shown() const {
  return !map_->built() ? QString() : map_->learned_shown() ? QStringLiteral("learned") : QStringLiteral("true");
}

void ManifoldPanel::refresh(const RunData& data, unsigned changes) {
  data_ = &data;
  if (changes & kProblem) {
    // Offer the dimension pairs of this problem (signals blocked: rebuilt just below).
    const QSignalBlocker block(dims_combo_);
    dims_combo_->clear();
    if (data.problem) {
      const auto& names = data.problem->info.x_names;
      for (int a = 0; a < data.problem->info.x_dim; ++a)
        for (int b = a + 1; b < data.problem->info.x_dim; ++b)
          dims_combo_->addItem(QString::fromStdString(names[a] + " – " + names[b]), QPoint(a, b));
      if (data.problem->info.x_dim == 4) dims_combo_->setCurrentIndex(dims_combo_->findData(QPoint(1, 2)));
    }
    dims_combo_->setVisible(dims_combo_->count() > 1);
    const QSignalBlocker block_slider(slider_);
    if (data.problem && data.problem->continuous_target())
      slider_->setRange(0, kContinuousSteps);
    else if (data.problem)  // one position per sweep target of y_dim values
      slider_->setRange(
          0, std::max(0, static_cast<int>(data.problem->sweep_y.size()) / std::max(1, data.problem->info.y_dim) - 1));
    slider_->setEnabled(data.problem && (data.problem->continuous_target() || !data.problem->sweep_y.empty()));
    // An inset legend would hide proposals (up to k + 6 entries): keep it beside or below the map.
    set_legend_outside(plot_, true);
    rebuild_background();
  }
  if (changes & (kLandscape | kProgress)) map_->update(data);
  if (changes & (kProblem | kSweep | kMetrics)) rebuild_proposals();
  if (changes & (kProblem | kFocus | kFocusTarget)) rebuild_focus();
  if (changes & (kProblem | kBaselines | kFocus | kFocusTarget)) rebuild_baselines();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

namespace {
int count_points(const std::vector<QCPAbstractPlottable*>& graphs) {
  int n = 0;
  for (auto* g : graphs)
    if (auto* graph = qobject_cast<QCPGraph*>(g)) n += graph->dataCount();
  return n;
}
}  // namespace

int ManifoldPanel::drawn_direct_points() const { return count_points(direct_graphs_); }
int ManifoldPanel::drawn_adjoint_points() const { return count_points(adjoint_graphs_); }

int ManifoldPanel::drawn_generative_points(const std::string& method) const {
  const auto it = generative_graphs_.find(method);
  return it == generative_graphs_.end() ? 0 : count_points(it->second);
}

bool ManifoldPanel::generative_visible(const std::string& method) const {
  const auto it = generative_graphs_.find(method);
  if (it == generative_graphs_.end() || it->second.empty()) return false;
  for (auto* g : it->second)
    if (!g->visible()) return false;
  return true;
}

void ManifoldPanel::apply_toggles() {
  const auto show = [](const std::vector<QCPAbstractPlottable*>& graphs, bool on) {
    for (auto* g : graphs) {
      g->setVisible(on);
      if (on && !g->property(kNoLegend).toBool())
        g->addToLegend();
      else
        g->removeFromLegend();
    }
  };
  show(proposal_graphs_, methods_->mixture());
  show(mixture_focus_graphs_, methods_->mixture());
  show(direct_graphs_, methods_->direct());
  show(adjoint_graphs_, methods_->adjoint());
  for (const auto& [method, graphs] : generative_graphs_) show(graphs, methods_->generative(method));
}

void ManifoldPanel::rebuild_baselines() {
  for (auto* g : direct_graphs_) plot_->removePlottable(g);
  for (auto* g : adjoint_graphs_) plot_->removePlottable(g);
  direct_graphs_.clear();
  adjoint_graphs_.clear();
  for (const auto& [method, graphs] : generative_graphs_)
    for (auto* g : graphs) plot_->removePlottable(g);
  generative_graphs_.clear();
  for (const auto& method : {"mdn", "cvae", "cinn"})
    methods_->set_available(method, data_ && data_->generative_focus.count(method) > 0);
  if (!data_ || !data_->problem) return;
  const auto [a, b] = dims();
  const auto add = [&](const QString& name, const QCPScatterStyle& style) {
    auto* g = plot_->addGraph();
    g->setLayer("focus");
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(style);
    g->setName(name);
    return g;
  };
  if (const auto& d = data_->direct_sweep; d && std::max(a, b) < d->x_dim) {
    auto* g = add(tr("direct: g(y) over the sweep"),
                  QCPScatterStyle(QCPScatterStyle::ssCross, QPen(direct_color(), 1.4), Qt::NoBrush, 6));
    g->setLayer("main");
    set_network_points(g, *d, 0, a, b);
    direct_graphs_.push_back(g);
  }
  if (const auto& d = data_->direct_focus; d && d->targets > 0 && std::max(a, b) < d->x_dim) {
    auto* g = add(tr("direct: g(y*), the mean"),
                  QCPScatterStyle(QCPScatterStyle::ssCrossSquare, QPen(direct_color(), 2.5), QBrush(Qt::white), 16));
    g->setData({d->x_at(0, 0)[a]}, {d->x_at(0, 0)[b]});
    direct_graphs_.push_back(g);
  }
  if (const auto& na = data_->adjoint_focus; na && na->targets > 0 && std::max(a, b) < na->x_dim) {
    auto* g = add(tr("adjoint: %1 best for y*").arg(na->networks),
                  QCPScatterStyle(QCPScatterStyle::ssTriangle, QPen(adjoint_color(), 1.8), QBrush(Qt::white), 10));
    set_target_points(g, *na, a, b);
    adjoint_graphs_.push_back(g);
    auto* best = add(tr("adjoint: best by f"),
                     QCPScatterStyle(QCPScatterStyle::ssTriangle, QPen(Qt::white, 1.5), QBrush(adjoint_color()), 15));
    best->setData({na->x_at(0, 0)[a]}, {na->x_at(0, 0)[b]});
    adjoint_graphs_.push_back(best);
  }
  // Each trained generative baseline's samples for y*: a cloud in its colour and marker, its
  // best sample by f drawn again larger.
  for (const auto& [method, set] : data_->generative_focus) {
    if (!set || set->targets == 0 || std::max(a, b) >= set->x_dim) continue;
    const QColor c = generative_color(method);
    const QString name = QString::fromLatin1(generative_label(method));
    const auto shape = method == "mdn"    ? QCPScatterStyle::ssDiamond
                       : method == "cvae" ? QCPScatterStyle::ssSquare
                                          : QCPScatterStyle::ssStar;
    auto* g = add(tr("%1: %2 samples for y*").arg(name).arg(set->networks),
                  QCPScatterStyle(shape, QPen(c, 1.5), QBrush(faint(c, 70)), 8));
    set_target_points(g, *set, a, b);
    auto& graphs = generative_graphs_[method];
    graphs.push_back(g);
    auto* best = add(tr("%1: best by f").arg(name), QCPScatterStyle(shape, QPen(Qt::white, 1.5), QBrush(c), 14));
    best->setData({set->x_at(0, 0)[a]}, {set->x_at(0, 0)[b]});
    best->setProperty(kNoLegend, true);
    graphs.push_back(best);
  }
  apply_toggles();
}

void ManifoldPanel::show_focus_target(const std::vector<double>& y) {
  focus_y_ = y;
  target_label_->setText(tr("y* = %1").arg(format_y(y)));
  if (data_ && data_->problem && data_->problem->continuous_target() && y.size() == 1) {
    const auto& v = *data_->problem;
    const QSignalBlocker block(slider_);
    slider_->setValue(
        static_cast<int>(std::lround((y[0] - v.target_lo) / (v.target_hi - v.target_lo) * kContinuousSteps)));
  }
  if (data_) {
    rebuild_focus();
    plot_->replot(QCustomPlot::rpQueuedReplot);
  }
}

void ManifoldPanel::on_slider(int value) {
  if (!data_ || !data_->problem) return;
  const auto& v = *data_->problem;
  std::vector<double> y;
  if (v.continuous_target()) {
    y = {v.target_lo + (v.target_hi - v.target_lo) * value / kContinuousSteps};
  } else {
    const int d = v.info.y_dim;
    if ((value + 1) * d > static_cast<int>(v.sweep_y.size())) return;
    y.assign(v.sweep_y.begin() + value * d, v.sweep_y.begin() + (value + 1) * d);
  }
  show_focus_target(y);
  emit focusTargetChosen(y);
}

void ManifoldPanel::on_click(QMouseEvent* event) {
  if (!data_ || !data_->problem || event->button() != Qt::LeftButton) return;
  // The simulator's value at the clicked x: its level set is what the proposals should trace.
  const auto value = grid_value_at(*data_->problem, plot_->xAxis->pixelToCoord(event->pos().x()),
                                   plot_->yAxis->pixelToCoord(event->pos().y()));
  if (!value) return;
  const std::vector<double> y{*value};
  show_focus_target(y);
  emit focusTargetChosen(y);
}

void ManifoldPanel::rebuild_background() {
  plot_->clearPlottables();
  plot_->clearItems();
  proposal_graphs_.clear();
  focus_graphs_.clear();
  mixture_focus_graphs_.clear();
  direct_graphs_.clear();
  adjoint_graphs_.clear();
  generative_graphs_.clear();
  map_->clear();
  if (!data_ || !data_->problem) return;
  const auto& v = *data_->problem;
  const auto [a, b] = dims();
  if (std::max(a, b) >= v.info.x_dim) return;  // a data set with one x column has no x plane to draw
  plot_->xAxis->setLabel(QString::fromStdString(v.info.x_names[a]));
  plot_->yAxis->setLabel(QString::fromStdString(v.info.x_names[b]));
  const auto& box = v.info.box;
  if (v.grid_n > 1) {
    map_->build(*data_);
  } else {
    auto* prior = plot_->addGraph();
    prior->setLayer("background");
    prior->setLineStyle(QCPGraph::lsNone);
    prior->setScatterStyle(dots(QColor(0, 0, 0, 35), 2.5));
    prior->setName(tr("training x (prior)"));
    const int xd = v.info.x_dim;
    QVector<double> keys, values;
    for (size_t i = 0; i + xd <= v.prior_x.size(); i += xd) {
      keys.push_back(v.prior_x[i + a]);
      values.push_back(v.prior_x[i + b]);
    }
    prior->setData(keys, values);
  }
  auto* rect = new QCPItemRect(plot_);
  rect->setLayer("background");
  rect->topLeft->setCoords(box.lo[a], box.hi[b]);
  rect->bottomRight->setCoords(box.hi[a], box.lo[b]);
  rect->setPen(QPen(QColor(90, 90, 90), line_width(1), Qt::DashLine));
  const double pad_a = 0.08 * (box.hi[a] - box.lo[a]), pad_b = 0.08 * (box.hi[b] - box.lo[b]);
  home_x_ = QCPRange(box.lo[a] - pad_a, box.hi[a] + pad_a);
  home_y_ = QCPRange(box.lo[b] - pad_b, box.hi[b] + pad_b);
  plot_->xAxis->setRange(home_x_);
  plot_->yAxis->setRange(home_y_);
  fit_equal_aspect(plot_);
}

void ManifoldPanel::rebuild_proposals() {
  for (auto* g : proposal_graphs_) plot_->removePlottable(g);
  proposal_graphs_.clear();
  drawn_points_ = 0;
  preview_points_ = 0;
  if (!data_ || !data_->problem) return;
  const auto [a, b] = dims();
  if (!data_->sweep && data_->preview_sweep) {
    // While f learns: a sketch of g1 through f as it is now (Engine::propose_preview), hollow
    // so that it never passes for a trained network.
    const auto& p = *data_->preview_sweep;
    if (std::max(a, b) >= p.x_dim || p.networks < 1) return;
    auto* g = plot_->addGraph();
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(network_color(0), line_width(1.2)), Qt::NoBrush,
                                       marker_size(5)));
    g->setName(tr("preview: g1 trained through f as f learns"));
    set_network_points(g, p, 0, a, b);
    preview_points_ = p.targets;
    proposal_graphs_.push_back(g);
    apply_toggles();
    return;
  }
  if (!data_->sweep) return;
  const auto& p = *data_->sweep;
  if (std::max(a, b) >= p.x_dim) return;
  bool moves_named = false;
  for (int m = 0; m < p.networks; ++m) {
    // Under the dots: where refinement moved each proposal; one legend entry stands for all.
    if (auto* moves = add_refinement_lines(plot_, p, m, a, b, 0.7)) {
      moves->setName(tr("refinement: own proposal → answer"));
      moves->setProperty(kNoLegend, moves_named);
      moves_named = true;
      proposal_graphs_.push_back(moves);
    }
    auto* g = plot_->addGraph();
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(dots(network_color(m), 4.5));
    const bool valid = network_invalid_reason(data_->metrics.get(), m).isEmpty();
    const QString covers = network_coverage_text(data_->metrics.get(), m);
    g->setName(
        (valid ? tr("g%1(y) over the y sweep").arg(m + 1) : tr("g%1(y) over the y sweep ✗ not valid").arg(m + 1)) +
        (covers.isEmpty() ? QString() : QStringLiteral(", ") + covers));
    set_network_points(g, p, m, a, b);
    drawn_points_ += p.targets;
    proposal_graphs_.push_back(g);
  }
  apply_toggles();
}

void ManifoldPanel::rebuild_focus() {
  for (auto* g : focus_graphs_) plot_->removePlottable(g);
  focus_graphs_.clear();
  mixture_focus_graphs_.clear();
  if (!data_ || !data_->problem) return;
  const auto& v = *data_->problem;
  if (focus_y_.size() == 1 && v.grid_n > 1) {
    // Where the true y crosses y* between grid neighbours: dense points along the level set.
    auto* level = plot_->addGraph();
    level->setLayer("focus");
    level->setLineStyle(QCPGraph::lsNone);
    level->setScatterStyle(dots(QColor(20, 20, 20, 170), 1.8));
    level->setName(tr("level set y = y*"));
    QVector<double> keys, values;
    level_set_points(v, focus_y_[0], keys, values);
    level->setData(keys, values);
    focus_graphs_.push_back(level);
  }
  if (!data_->focus || data_->focus->targets < 1) return;
  const auto& p = *data_->focus;
  const auto [a, b] = dims();
  if (std::max(a, b) >= p.x_dim) return;
  for (int m = 0; m < p.networks; ++m) {
    if (auto* moves = add_refinement_lines(plot_, p, m, a, b, 1.5)) {
      moves->setLayer("focus");
      moves->setProperty(kNoLegend, true);
      focus_graphs_.push_back(moves);
      mixture_focus_graphs_.push_back(moves);
    }
    auto* g = plot_->addGraph();
    g->setLayer("focus");
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::white, line_width(2.0)),
                                       QBrush(network_color(m)), marker_size(14)));
    g->setData({p.x_at(m, 0)[a]}, {p.x_at(m, 0)[b]});
    g->setProperty(kNoLegend, true);  // the sweep's entry already names network m's colour
    focus_graphs_.push_back(g);
    mixture_focus_graphs_.push_back(g);
  }
  const int s = p.selected.empty() ? -1 : p.selected[0];
  if (s >= 0) {
    auto* ring = plot_->addGraph();
    ring->setLayer("focus");
    ring->setLineStyle(QCPGraph::lsNone);
    ring->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, line_width(2.2)), Qt::NoBrush, marker_size(22)));
    ring->setData({p.x_at(s, 0)[a]}, {p.x_at(s, 0)[b]});
    ring->setName(tr("selected for y* (g%1)").arg(s + 1));
    focus_graphs_.push_back(ring);
    mixture_focus_graphs_.push_back(ring);
  }
  apply_toggles();
}

}  // namespace ml::ui
