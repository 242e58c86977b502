#include "ui/panels/refinement_lines.h"

#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "ui/palette.h"
#include "ui/theme.h"

namespace ml::ui {

QCPCurve* add_refinement_lines(QCustomPlot* plot, const ProposalSet& p, int m, int a, int b, double width) {
  if (!p.refined() || m < 0 || m >= p.networks || std::max(a, b) >= p.x_dim) return nullptr;
  // One curve with NaN between segments (QCustomPlot draws a gap there): one plottable per
  // network, not one per target.
  QVector<double> t, keys, values;
  for (int n = 0; n < p.targets; ++n) {
    const double* from = p.start_x_at(m, n);
    const double* to = p.x_at(m, n);
    if (from[a] == to[a] && from[b] == to[b]) continue;  // the proposal itself was the better answer
    const auto add = [&](double k, double v) {
      t.push_back(t.size());
      keys.push_back(k);
      values.push_back(v);
    };
    add(from[a], from[b]);
    add(to[a], to[b]);
    add(NAN, NAN);
  }
  if (t.isEmpty()) return nullptr;
  auto* curve = new QCPCurve(plot->xAxis, plot->yAxis);
  curve->setData(t, keys, values);
  curve->setPen(QPen(faint(network_color(m), 170), line_width(width)));
  curve->setScatterStyle(QCPScatterStyle::ssNone);
  return curve;
}

}  // namespace ml::ui
