#pragma once
/// How the GUI marks an inverse network that is not valid (issue 13): the Results table's row and
/// the X-space legend say so, with the reason in a tooltip.
#include <QCoreApplication>
#include <QString>
#include <cmath>

#include "core/api/results.h"

namespace ml::ui {

/// Empty when network m is valid (or there are no metrics yet); else one sentence saying why not.
inline QString network_invalid_reason(const Metrics* metrics, int m) {
  if (!metrics || m >= static_cast<int>(metrics->per_network_resim_mse.size()) || metrics->network_valid(m)) return {};
  return QCoreApplication::translate("ml::ui",
                                     "Network g%1 is not valid: its own re-simulation MSE on the test "
                                     "targets, %2, is not below τ = %3, so its proposals are not solutions. "
                                     "The forward-model selection rarely picks it, which hides it in the "
                                     "selected error.")
      .arg(m + 1)
      .arg(metrics->per_network_resim_mse[m], 0, 'e', 2)
      .arg(metrics->valid_tau(), 0, 'g', 3);
}

}  // namespace ml::ui
