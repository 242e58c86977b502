#include "ui/views/shell_view.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>
#include <algorithm>
#include <array>
#include <cmath>
#include <qcustomplot.h>

#include "core/problems/shell/shell_physics.h"
#include "ui/palette.h"
#include "ui/theme.h"
#include "ui/views/view_registry.h"
#include "ui/widgets/wrapping_bar.h"

namespace ml::ui {
namespace {

QColor silica_color() { return QColor(170, 205, 235); }
QColor tio2_color() { return QColor(235, 175, 95); }

QVector<double> wavelengths() {
  const auto& w = shell::wavelengths_nm();
  return QVector<double>(w.begin(), w.end());
}

QVector<double> row(const double* y, int n) { return QVector<double>(y, y + n); }

}  // namespace

const ViewSpec& shell_view_spec() {
  static const ViewSpec spec = [] {
    ViewSpec s;
    s.problem = "shell";
    s.title = ShellView::tr("Shell spectra");
    s.export_name = "shell";
    s.help = ShellView::tr(
        "<p>The nanophotonic shell: x = eight layer thicknesses (nm), the core (silica) and seven "
        "coatings alternating TiO₂ and silica; y is its scattering spectrum over 400–800 nm.</p>"
        "<p>Choose a target spectrum y* (black) among the test spectra with the slider. Each network "
        "proposes a particle; its spectrum re-simulated by the true Mie model is drawn solid in its "
        "colour, and what the forward model f predicts for it dashed. Below, each proposed particle "
        "to scale: silica rings blue, TiO₂ orange; the thick outline is the forward model's pick.</p>");
    s.make = [](QWidget* parent) { return new ShellView(parent); };
    s.max_sweep = 48;  // each sweep re-simulates k x 48 particles (Mie, 201 wavelengths) per refresh
    return s;
  }();
  return spec;
}

ShellView::ShellView(QWidget* parent) : ViewPanel(shell_view_spec(), parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  auto* header = new WrappingBar(this);
  auto* label = new QLabel(tr("Target spectrum y*"), this);
  header->row()->addWidget(label);
  slider_ = new QSlider(Qt::Horizontal, this);
  slider_->setToolTip(tr("Chooses y* among the test spectra; each network proposes a particle for it."));
  label->setToolTip(slider_->toolTip());
  slider_->setMinimumWidth(100);
  header->row()->addWidget(slider_, 1);
  target_label_ = new QLabel(this);
  target_label_->setMinimumWidth(110);
  header->row()->addWidget(target_label_);
  layout->addWidget(header);

  plot_ = make_plot(this);
  plot_->setInteractions(QCP::Interactions());
  plot_->xAxis->setLabel(tr("wavelength λ (nm)"));
  plot_->yAxis->setLabel(tr("scattering efficiency σ/πR²"));
  plot_->xAxis->setRange(shell::wavelengths_nm().front(), shell::wavelengths_nm().back());
  particles_ = new QCPAxisRect(plot_);
  plot_->plotLayout()->addElement(1, 0, particles_);
  plot_->plotLayout()->setRowStretchFactors({2.0, 1.0});
  for (auto* axis : particles_->axes()) axis->setVisible(false);  // the rings carry their own scale bar
  particles_->setMinimumMargins(QMargins(4, 4, 4, 4));
  connect(plot_, &QCustomPlot::afterLayout, this, &ShellView::fit_particles);
  layout->addWidget(plot_, 1);
  install_plot_menu(plot_);
  connect(slider_, &QSlider::valueChanged, this, &ShellView::on_slider);
}

int ShellView::targets() const {
  if (!data_ || !data_->problem || data_->problem->info.y_dim < 1) return 0;
  return static_cast<int>(data_->problem->sweep_y.size()) / data_->problem->info.y_dim;
}

void ShellView::refresh(const RunData& data, unsigned changes) {
  data_ = &data;
  if (changes & kProblem) {
    const QSignalBlocker block(slider_);
    slider_->setRange(0, std::max(0, targets() - 1));
    slider_->setEnabled(targets() > 0);
  }
  if (changes & (kProblem | kFocus | kFocusTarget)) {
    show_focus_target(data.focus_y);
    return;  // show_focus_target rebuilt and replotted
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ShellView::show_focus_target(const std::vector<double>& y) {
  if (!data_ || !data_->problem) return;
  const auto& v = *data_->problem;
  const size_t d = static_cast<size_t>(v.info.y_dim);
  for (int i = 0; i < targets() && y.size() == d; ++i)
    if (std::equal(y.begin(), y.end(), v.sweep_y.begin() + static_cast<long>(i * d))) {
      const QSignalBlocker block(slider_);
      slider_->setValue(i);
      target_label_->setText(tr("test spectrum %1 of %2").arg(i + 1).arg(targets()));
    }
  rebuild();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ShellView::on_slider(int value) {
  if (!data_ || !data_->problem || value < 0 || value >= targets()) return;
  const auto& v = *data_->problem;
  const size_t d = static_cast<size_t>(v.info.y_dim);
  const std::vector<double> y(v.sweep_y.begin() + static_cast<long>(value * d),
                              v.sweep_y.begin() + static_cast<long>((value + 1) * d));
  target_label_->setText(tr("test spectrum %1 of %2").arg(value + 1).arg(targets()));
  emit focusTargetChosen(y);
}

void ShellView::rebuild() {
  plot_->clearPlottables();
  plot_->clearItems();
  drawn_spectra_ = drawn_particles_ = 0;
  const int n = shell::kOutputs;
  if (!drawing_own_problem() || data_->problem->info.y_dim != n) return;
  const QVector<double> lambda = wavelengths();
  // No legend: an inset one would cover the spectra, and the particles below name each network.
  const auto add_spectrum = [&](const double* y, const QPen& pen) {
    auto* g = plot_->addGraph();
    g->setData(lambda, row(y, n), true);
    g->setPen(pen);
    g->removeFromLegend();
    ++drawn_spectra_;
  };
  const auto& p = data_->focus;
  const bool proposals = p && p->targets > 0 && p->x_dim == shell::kLayers && p->y_dim == n;
  if (proposals) {
    const int selected = p->selected.empty() ? -1 : p->selected[0];
    for (int m = 0; m < p->networks; ++m) {
      const QColor c = network_color(m);
      add_spectrum(p->fy_at(m, 0), QPen(c, line_width(1.2), Qt::DashLine));
      add_spectrum(p->sy_at(m, 0), QPen(c, line_width(m == selected ? 3.0 : 1.8)));
    }
  }
  if (data_->focus_y.size() == static_cast<size_t>(n))
    add_spectrum(data_->focus_y.data(), QPen(Qt::black, line_width(2.6)));
  auto* key = new QCPItemText(plot_);
  key->setClipToAxisRect(false);
  key->position->setType(QCPItemPosition::ptAxisRectRatio);
  key->position->setCoords(0.01, 0.01);
  key->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
  key->setText(proposals ? tr("black: target y*   solid: proposals re-simulated   dashed: f's prediction")
                         : tr("black: target y* (proposals once the inverse networks train)"));
  key->setFont(plot_->legend->font());
  key->setBrush(QColor(255, 255, 255, 210));
  plot_->xAxis->setRange(lambda.front(), lambda.back());
  plot_->yAxis->rescale();
  const QCPRange r = plot_->yAxis->range();
  plot_->yAxis->setRange(r.lower - 0.05 * r.size(), r.upper + 0.2 * r.size());  // room for the key line
  if (!proposals) return;

  // The particles side by side, to scale: rings from the outside in, each filled with its
  // material, so a layer shows as the band between its outer radius and the next one's.
  QCPAxis* px = particles_->axis(QCPAxis::atBottom);
  QCPAxis* py = particles_->axis(QCPAxis::atLeft);
  double widest = 0;
  std::vector<std::array<double, shell::kLayers>> radii(static_cast<size_t>(p->networks));
  for (int m = 0; m < p->networks; ++m) {
    double r = 0;
    for (int i = 0; i < shell::kLayers; ++i) radii[m][i] = r += std::max(0.0, p->x_at(m, 0)[i]);
    widest = std::max(widest, r);
  }
  if (!(widest > 0)) return;
  const double pitch = 2.6 * widest;  // room for each label
  const auto place = [&](QCPItemPosition* pos, double x, double y) {
    pos->setAxes(px, py);
    pos->setCoords(x, y);
  };
  const int selected = p->selected.empty() ? -1 : p->selected[0];
  for (int m = 0; m < p->networks; ++m) {
    const double cx = m * pitch;
    for (int i = shell::kLayers - 1; i >= 0; --i) {
      auto* ring = new QCPItemEllipse(plot_);
      ring->setClipAxisRect(particles_);
      place(ring->topLeft, cx - radii[m][i], radii[m][i]);
      place(ring->bottomRight, cx + radii[m][i], -radii[m][i]);
      ring->setBrush(i % 2 == 0 ? silica_color() : tio2_color());  // the core (layer 1) is silica
      ring->setPen(QPen(QColor(60, 60, 60, 120), line_width(0.6)));
    }
    auto* outline = new QCPItemEllipse(plot_);
    outline->setClipAxisRect(particles_);
    place(outline->topLeft, cx - radii[m].back(), radii[m].back());
    place(outline->bottomRight, cx + radii[m].back(), -radii[m].back());
    outline->setPen(QPen(network_color(m), line_width(m == selected ? 4.0 : 2.0)));
    auto* name = new QCPItemText(plot_);
    name->setClipAxisRect(particles_);
    place(name->position, cx, -widest * 1.05);
    name->setPositionAlignment(Qt::AlignTop | Qt::AlignHCenter);
    name->setText(tr("g%1%2\nR = %3 nm\nMSE %4")
                      .arg(m + 1)
                      .arg(m == selected ? tr(" (selected)") : QString())
                      .arg(radii[m].back(), 0, 'f', 0)
                      .arg(p->resim_at(m, 0), 0, 'e', 1));
    name->setColor(network_color(m).darker(130));
    name->setFont(plot_->legend->font());
    ++drawn_particles_;
  }
  auto* materials = new QCPItemText(plot_);  // which colour is which material
  materials->setClipAxisRect(particles_);
  place(materials->position, -widest, widest * 1.1);
  materials->setPositionAlignment(Qt::AlignBottom | Qt::AlignLeft);
  materials->setText(tr("rings to scale: silica (blue, the core), TiO₂ (orange)"));
  materials->setFont(plot_->legend->font());
  particles_w_ = (p->networks - 1) * pitch + 2.4 * widest;
  particles_h_ = 3.8 * widest;  // the rings, the key line above, three label lines below
  px->setRange(-1.2 * widest, -1.2 * widest + particles_w_);
  py->setRange(-2.35 * widest, 1.45 * widest);
  fit_particles();
}

void ShellView::fit_particles() {
  const QRect r = particles_->rect();
  if (r.width() < 10 || r.height() < 10) return;
  QCPAxis* px = particles_->axis(QCPAxis::atBottom);
  QCPAxis* py = particles_->axis(QCPAxis::atLeft);
  // nm per pixel: the larger of the two, so the whole strip fits and a circle stays a circle.
  const double scale = std::max(particles_w_ / r.width(), particles_h_ / r.height());
  const double cx = px->range().center(), cy = py->range().center();
  px->setRange(cx - scale * r.width() / 2, cx + scale * r.width() / 2);
  py->setRange(cy - scale * r.height() / 2, cy + scale * r.height() / 2);
}

}  // namespace ml::ui
