#pragma once
/// The nanophotonic shell (PROBLEMS.md section 2): above, the target spectrum y* (black), each
/// network's proposal re-simulated (solid, its colour) and the forward model's prediction for it
/// (dashed); below, each proposal's particle to scale as concentric rings, silica and TiO2 in
/// two colours, the forward model's choice ringed. A spectrum cannot be clicked, so y* is chosen
/// among the test spectra with a slider. GUI thread only; reads RunData (owned by MainWindow).
#include <vector>

#include "ui/views/view_panel.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QMouseEvent;
class QPushButton;
class QSlider;
class QStackedWidget;
class QCPAxisRect;

namespace ml::ui {

/// This view's entry in view_table() (view_registry.h): its problem, dock, help and factory.
const ViewSpec& shell_view_spec();

class ShellView : public ViewPanel {
  Q_OBJECT
 public:
  explicit ShellView(QWidget* parent = nullptr);
  QCustomPlot* plot() const override { return plot_; }
  void refresh(const RunData& data, unsigned changes) override;
  void show_focus_target(const std::vector<double>& y) override;
  /// The slider over the test spectra (for tests).
  QSlider* target_slider() const { return slider_; }
  /// Where y* comes from: the test spectra, a described peak, points drawn on the plot, a file.
  enum class Source { Test, Peak, Drawn, File };
  void set_source(Source source);
  QComboBox* source_box() const { return source_; }
  /// The peak's controls (for tests): shape index 0 Lorentzian, 1 Gaussian; centre, FWHM, height, baseline.
  void set_peak(int shape, double centre, double width, double height, double baseline);
  /// Replaces the drawn points (wavelength nm, efficiency) and, with two or more, sends y*.
  void set_drawn_points(const std::vector<std::pair<double, double>>& points);
  const std::vector<std::pair<double, double>>& drawn_points() const { return drawn_; }
  /// Reads y* from a file (a row, a column, or wavelength,value pairs); false with the one-line
  /// reason shown (and in `error`) when it cannot, y* then unchanged.
  bool load_target_file(const QString& path, QString* error = nullptr);
  /// The line under the target controls: what y* is, or why the last request was refused.
  QString target_text() const;
  /// Spectra drawn (target, re-simulated and predicted) and particles drawn (for tests).
  int drawn_spectra() const { return drawn_spectra_; }
  int drawn_particles() const { return drawn_particles_; }

 private:
  void rebuild();
  /// Equal units in the particles' strip, so that rings are circles and radii compare.
  void fit_particles();
  void on_slider(int value);
  void send_peak();
  void send_drawn();
  void refuse(const QString& why);
  void on_press(QMouseEvent* event);
  void on_move(QMouseEvent* event);
  void on_release(QMouseEvent* event);
  int targets() const;  ///< test spectra the slider spans

  QCPAxisRect* particles_ = nullptr;
  QSlider* slider_ = nullptr;
  QLabel* target_label_ = nullptr;
  QComboBox* source_ = nullptr;
  QStackedWidget* source_controls_ = nullptr;
  QComboBox* peak_shape_ = nullptr;
  QDoubleSpinBox *peak_centre_ = nullptr, *peak_width_ = nullptr, *peak_height_ = nullptr, *peak_base_ = nullptr;
  std::vector<std::pair<double, double>> drawn_;  ///< (wavelength nm, efficiency), in drawing order
  int dragged_ = -1;                              ///< the drawn point being moved; -1: none
  double particles_w_ = 1, particles_h_ = 1;      ///< the strip's extent in nm
  int drawn_spectra_ = 0, drawn_particles_ = 0;
};

}  // namespace ml::ui
