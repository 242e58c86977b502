#include "ui/views/view_panel.h"

#include <QLabel>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include "ui/views/view_registry.h"
#include "ui/widgets/method_toggles.h"
#include "ui/widgets/wrapping_bar.h"

namespace ml::ui {

ViewPanel::ViewPanel(const ViewSpec& spec, QWidget* parent) : PlotPanel(parent), spec_(spec) {}

QString ViewPanel::export_name() const { return spec_.export_name; }

bool ViewPanel::drawing_own_problem() const {
  return data_ && data_->problem && data_->problem->info.name == spec_.problem;
}

void ViewPanel::build_pick_view(const QString& hint, const QString& tooltip, const QString& x_label,
                                const QString& y_label, std::function<void()> home, std::function<void()> redraw) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  hint_ = new QLabel(hint, this);
  hint_->setToolTip(tooltip);
  hint_->setWordWrap(true);  // a narrow dock wraps the hint rather than widening the window
  auto* header = new WrappingBar(this);
  header->row()->addWidget(hint_, 1);
  methods_ = new MethodToggles(this);
  header->set_trailing(methods_);
  layout->addWidget(header);
  plot_ = make_plot(this);
  plot_->setInteractions(QCP::iRangeZoom);  // a click picks y*, so no dragging
  plot_->xAxis->setLabel(x_label);
  plot_->yAxis->setLabel(y_label);
  set_legend_outside(plot_, true);  // one entry per proposal drawn: inside, it would cover them
  keep_equal_units(plot_, [home] {
    home();
    return true;
  });
  layout->addWidget(plot_, 1);
  install_plot_menu(plot_);
  connect(methods_, &MethodToggles::changed, this, [this, redraw] {
    redraw();
    plot_->replot(QCustomPlot::rpQueuedReplot);
  });
}

}  // namespace ml::ui
