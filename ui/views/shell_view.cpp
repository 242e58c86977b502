#include "ui/views/shell_view.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QSlider>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <array>
#include <cmath>
#include <qcustomplot.h>

#include "core/api/target.h"
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
  source_ = new QComboBox(this);
  source_->addItems({tr("test spectrum"), tr("described peak"), tr("drawn"), tr("from file")});
  source_->setToolTip(
      tr("Where y* comes from: one of the test spectra, a peak you describe, points you draw on "
         "the spectrum plot, or a file (a row or column of 201 values, or wavelength,value pairs)."));
  label->setToolTip(source_->toolTip());
  header->row()->addWidget(source_);
  source_controls_ = new QStackedWidget(this);
  slider_ = new QSlider(Qt::Horizontal, this);
  slider_->setToolTip(tr("Chooses y* among the test spectra; each network proposes a particle for it."));
  slider_->setMinimumWidth(100);
  source_controls_->addWidget(slider_);
  auto* peak = new QWidget(this);
  auto* ph = new QHBoxLayout(peak);
  ph->setContentsMargins(0, 0, 0, 0);
  peak_shape_ = new QComboBox(peak);
  peak_shape_->addItems({tr("Lorentzian"), tr("Gaussian")});
  ph->addWidget(peak_shape_);
  const auto spin = [&](const QString& prefix, double lo, double hi, double value, double step, int decimals,
                        const QString& suffix, const QString& tip) {
    auto* s = new QDoubleSpinBox(peak);
    s->setRange(lo, hi);
    s->setDecimals(decimals);
    s->setSingleStep(step);
    s->setValue(value);
    s->setPrefix(prefix);
    s->setSuffix(suffix);
    s->setToolTip(tip);
    s->setKeyboardTracking(false);  // one target per finished edit, not per key
    ph->addWidget(s);
    connect(s, qOverload<double>(&QDoubleSpinBox::valueChanged), this, &ShellView::send_peak);
    return s;
  };
  peak_centre_ = spin(tr("at "), 400, 800, 600, 5, 0, tr(" nm"), tr("The peak's centre wavelength."));
  peak_width_ = spin(tr("width "), 2, 800, 60, 5, 0, tr(" nm"), tr("Full width at half maximum."));
  peak_height_ = spin(tr("height "), 0, 20, 3, 0.1, 2, QString(), tr("Scattering efficiency above the baseline."));
  peak_base_ = spin(tr("on "), 0, 20, 0.5, 0.1, 2, QString(), tr("The baseline's scattering efficiency."));
  connect(peak_shape_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ShellView::send_peak);
  source_controls_->addWidget(peak);
  auto* drawn = new QWidget(this);
  auto* dh = new QHBoxLayout(drawn);
  dh->setContentsMargins(0, 0, 0, 0);
  dh->addWidget(new QLabel(tr("click the plot to add points, drag to move, right-click to remove"), drawn), 1);
  auto* clear = new QPushButton(tr("Clear"), drawn);
  dh->addWidget(clear);
  connect(clear, &QPushButton::clicked, this, [this] { set_drawn_points({}); });
  source_controls_->addWidget(drawn);
  auto* open = new QPushButton(tr("Open target file…"), this);
  open->setToolTip(source_->toolTip());
  connect(open, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Target spectrum"), QString(),
                                                      tr("Spectra (*.csv *.txt *.tsv *.dat);;All files (*)"));
    if (!path.isEmpty()) load_target_file(path);
  });
  source_controls_->addWidget(open);
  header->row()->addWidget(source_controls_, 1);
  layout->addWidget(header);
  target_label_ = new QLabel(this);
  target_label_->setWordWrap(true);
  layout->addWidget(target_label_);
  connect(source_, qOverload<int>(&QComboBox::currentIndexChanged), this,
          [this](int i) { set_source(static_cast<Source>(i)); });

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
  connect(plot_, &QCustomPlot::mousePress, this, &ShellView::on_press);
  connect(plot_, &QCustomPlot::mouseMove, this, &ShellView::on_move);
  connect(plot_, &QCustomPlot::mouseRelease, this, &ShellView::on_release);
}

QString ShellView::target_text() const { return target_label_->text(); }

void ShellView::refuse(const QString& why) {
  target_label_->setText(QStringLiteral("<span style='color:#b00020'>%1</span>").arg(why.toHtmlEscaped()));
}

void ShellView::set_source(Source source) {
  const int i = static_cast<int>(source);
  if (source_->currentIndex() != i) {
    const QSignalBlocker block(source_);
    source_->setCurrentIndex(i);
  }
  source_controls_->setCurrentIndex(i);
  switch (source) {
    case Source::Test:
      on_slider(slider_->value());
      break;
    case Source::Peak:
      send_peak();
      break;
    case Source::Drawn:
      send_drawn();
      break;
    case Source::File:
      target_label_->setText(tr("Open a file: a row or a column of 201 efficiencies, or wavelength (nm), value pairs"));
      break;
  }
  rebuild();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ShellView::set_peak(int shape, double centre, double width, double height, double baseline) {
  {
    const QSignalBlocker b1(peak_shape_), b2(peak_centre_), b3(peak_width_), b4(peak_height_), b5(peak_base_);
    peak_shape_->setCurrentIndex(shape);
    peak_centre_->setValue(centre);
    peak_width_->setValue(width);
    peak_height_->setValue(height);
    peak_base_->setValue(baseline);
  }
  send_peak();
}

void ShellView::send_peak() {
  if (source_->currentIndex() != static_cast<int>(Source::Peak)) return;
  PeakTarget p;
  p.gaussian = peak_shape_->currentIndex() == 1;
  p.centre = peak_centre_->value();
  p.width = peak_width_->value();
  p.height = peak_height_->value();
  p.baseline = peak_base_->value();
  const auto& w = shell::wavelengths_nm();
  try {
    const auto y = peak_target(p, std::vector<double>(w.begin(), w.end()));
    target_label_->setText(tr("%1 peak at %2 nm, %3 nm wide, height %4 on %5")
                               .arg(p.gaussian ? tr("Gaussian") : tr("Lorentzian"))
                               .arg(p.centre)
                               .arg(p.width)
                               .arg(p.height)
                               .arg(p.baseline));
    emit focusTargetChosen(y);
  } catch (const TargetError& e) {
    refuse(QString::fromUtf8(e.what()));
  }
}

void ShellView::set_drawn_points(const std::vector<std::pair<double, double>>& points) {
  drawn_ = points;
  send_drawn();
  rebuild();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ShellView::send_drawn() {
  if (source_->currentIndex() != static_cast<int>(Source::Drawn)) return;
  const auto& w = shell::wavelengths_nm();
  try {
    const auto y = drawn_target(drawn_, std::vector<double>(w.begin(), w.end()));
    target_label_->setText(tr("drawn: a smooth curve through %1 points").arg(drawn_.size()));
    emit focusTargetChosen(y);
  } catch (const TargetError& e) {
    refuse(QString::fromUtf8(e.what()));  // y* stays what it was
  }
}

bool ShellView::load_target_file(const QString& path, QString* error) {
  const auto& w = shell::wavelengths_nm();
  try {
    const auto y = read_target_file(path.toStdString(), shell::kOutputs, std::vector<double>(w.begin(), w.end()));
    set_source(Source::File);
    target_label_->setText(tr("from %1").arg(QFileInfo(path).fileName()));
    emit focusTargetChosen(y);
    return true;
  } catch (const TargetError& e) {
    refuse(QString::fromUtf8(e.what()));
    if (error) *error = QString::fromUtf8(e.what());
    return false;
  }
}

void ShellView::on_press(QMouseEvent* event) {
  if (source_->currentIndex() != static_cast<int>(Source::Drawn)) return;
  if (!plot_->axisRect()->rect().contains(event->pos())) return;
  const double px = event->pos().x(), py = event->pos().y();
  int nearest = -1;
  double best = 12.0 * devicePixelRatioF();  // pixels: a press this close grabs a point
  for (size_t i = 0; i < drawn_.size(); ++i) {
    const double d =
        std::hypot(plot_->xAxis->coordToPixel(drawn_[i].first) - px, plot_->yAxis->coordToPixel(drawn_[i].second) - py);
    if (d < best) {
      best = d;
      nearest = static_cast<int>(i);
    }
  }
  if (event->button() == Qt::RightButton) {
    if (nearest >= 0) {
      drawn_.erase(drawn_.begin() + nearest);
      set_drawn_points(drawn_);
    }
    return;
  }
  if (nearest < 0) {
    drawn_.push_back({plot_->xAxis->pixelToCoord(px), std::max(0.0, plot_->yAxis->pixelToCoord(py))});
    nearest = static_cast<int>(drawn_.size()) - 1;
    set_drawn_points(drawn_);
  }
  dragged_ = nearest;
}

void ShellView::on_move(QMouseEvent* event) {
  if (dragged_ < 0 || dragged_ >= static_cast<int>(drawn_.size())) return;
  drawn_[static_cast<size_t>(dragged_)] = {plot_->xAxis->pixelToCoord(event->pos().x()),
                                           std::max(0.0, plot_->yAxis->pixelToCoord(event->pos().y()))};
  rebuild();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ShellView::on_release(QMouseEvent*) {
  if (dragged_ < 0) return;
  dragged_ = -1;
  send_drawn();  // one target per finished drag
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
  if ((changes & kLandscape) && !data.focus) rebuild();  // f's prediction moved
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ShellView::show_focus_target(const std::vector<double>& y) {
  if (!data_ || !data_->problem) return;
  const auto& v = *data_->problem;
  const int i = v.sweep_index(y);
  if (i >= 0 && i < targets()) {
    const QSignalBlocker block(slider_);
    slider_->setValue(i);
    target_label_->setText(tr("test spectrum %1 of %2").arg(i + 1).arg(targets()));
  } else if (y.size() == static_cast<size_t>(v.info.y_dim) &&
             source_->currentIndex() == static_cast<int>(Source::Test)) {
    // Chosen elsewhere (File > Open target y*, --target): say so rather than name a test spectrum.
    const QSignalBlocker block(source_);
    source_->setCurrentIndex(static_cast<int>(Source::File));
    source_controls_->setCurrentIndex(static_cast<int>(Source::File));
    target_label_->setText(tr("your own target (not a test spectrum)"));
  }
  rebuild();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ShellView::on_slider(int value) {
  if (source_->currentIndex() != static_cast<int>(Source::Test)) return;
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
  // The candidate the user put into the view (candidates table), else the selected one, is drawn thick.
  const auto highlighted = [&] {
    if (data_->chosen_network >= 0 && data_->chosen_network < p->networks) return data_->chosen_network;
    return p->selected.empty() ? -1 : p->selected[0];
  };
  // While f learns and no network answers yet: f's prediction for the target's own particle
  // (a test spectrum) or the nearest training particle's, converging on the black curve.
  const auto& ff = data_->forward_focus;
  const bool learning = !proposals && ff && ff->y == data_->focus_y && ff->fy.size() == static_cast<size_t>(n);
  if (learning) add_spectrum(ff->fy.data(), QPen(QColor(214, 39, 40), line_width(2.0), Qt::DashLine));
  if (proposals) {
    const int selected = highlighted();
    for (int m = 0; m < p->networks; ++m) {
      const QColor c = network_color(m);
      add_spectrum(p->fy_at(m, 0), QPen(c, line_width(1.2), Qt::DashLine));
      add_spectrum(p->sy_at(m, 0), QPen(c, line_width(m == selected ? 3.0 : 1.8)));
    }
  }
  if (data_->focus_y.size() == static_cast<size_t>(n))
    add_spectrum(data_->focus_y.data(), QPen(Qt::black, line_width(2.6)));
  if (source_->currentIndex() == static_cast<int>(Source::Drawn) && !drawn_.empty()) {
    auto* points = plot_->addGraph();
    QVector<double> xs, ys;
    for (const auto& [x, v] : drawn_) {
      xs.push_back(x);
      ys.push_back(v);
    }
    points->setData(xs, ys);
    points->setLineStyle(QCPGraph::lsNone);
    points->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, line_width(1.5)), QBrush(QColor(255, 210, 60)), 9));
    points->removeFromLegend();
  }
  auto* key = new QCPItemText(plot_);
  key->setClipToAxisRect(false);
  key->position->setType(QCPItemPosition::ptAxisRectRatio);
  key->position->setCoords(0.01, 0.01);
  key->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
  key->setText(proposals ? tr("black: target y*   solid: proposals re-simulated   dashed: f's prediction")
               : learning
                   ? (ff->exact ? tr("black: target y*   dashed: f, still learning, on this spectrum's own particle")
                                : tr("black: target y*   dashed: f, still learning, on the nearest training particle"))
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
  const int selected = highlighted();
  const int chosen_by_f = p->selected.empty() ? -1 : p->selected[0];
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
                      .arg(m == chosen_by_f ? tr(" (selected)")
                           : m == selected  ? tr(" (shown)")
                                            : QString())
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
