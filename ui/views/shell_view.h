#pragma once
/// The nanophotonic shell (PROBLEMS.md section 2): above, the target spectrum y* (black), each
/// network's proposal re-simulated (solid, its colour) and the forward model's prediction for it
/// (dashed); below, each proposal's particle to scale as concentric rings, silica and TiO2 in
/// two colours, the forward model's choice ringed. A spectrum cannot be clicked, so y* is chosen
/// among the test spectra with a slider. GUI thread only; reads RunData (owned by MainWindow).
#include <vector>

#include "ui/views/view_panel.h"

class QLabel;
class QSlider;
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
  /// Spectra drawn (target, re-simulated and predicted) and particles drawn (for tests).
  int drawn_spectra() const { return drawn_spectra_; }
  int drawn_particles() const { return drawn_particles_; }

 private:
  void rebuild();
  /// Equal units in the particles' strip, so that rings are circles and radii compare.
  void fit_particles();
  void on_slider(int value);
  int targets() const;  ///< test spectra the slider spans

  QCPAxisRect* particles_ = nullptr;
  QSlider* slider_ = nullptr;
  QLabel* target_label_ = nullptr;
  double particles_w_ = 1, particles_h_ = 1;  ///< the strip's extent in nm
  int drawn_spectra_ = 0, drawn_particles_ = 0;
};

}  // namespace ml::ui
