#pragma once
/// How the GUI marks an inverse network that is not valid (issue 13): the Results table's row and
/// the X-space legend say so, with the reason in a tooltip, and show each network's coverage
/// beside its validity (the share of test targets its own proposal solves).
#include <QCoreApplication>
#include <QString>
#include <cmath>

#include "core/api/results.h"

namespace ml::ui {

/// A threshold in short scientific form: 1e-3, 2.5e-4 (no "1.00e-03").
inline QString short_sci(double v) {
  if (!std::isfinite(v) || v == 0) return QString::number(v);
  QString s = QString::number(v, 'e', 3);  // "2.500e-04"
  const int e = s.indexOf('e');
  QString mantissa = s.left(e), exponent = s.mid(e + 1);
  while (mantissa.endsWith('0')) mantissa.chop(1);
  if (mantissa.endsWith('.')) mantissa.chop(1);
  const QChar sign = exponent.startsWith('-') ? QChar('-') : QChar();
  exponent = exponent.mid(1);
  while (exponent.size() > 1 && exponent.startsWith('0')) exponent.remove(0, 1);
  return mantissa + 'e' + (sign.isNull() ? QString() : QString(sign)) + exponent;
}

/// "covers 93.6 % of targets" for network m; empty where the metrics hold no coverage (older
/// metrics, or none yet).
inline QString network_coverage_text(const Metrics* metrics, int m) {
  if (!metrics) return {};
  const double c = metrics->network_coverage(m);
  if (std::isnan(c)) return {};
  return QCoreApplication::translate("ml::ui", "covers %1 % of targets").arg(100 * c, 0, 'f', 1);
}

/// Empty when network m is valid (or there are no metrics yet); else one sentence saying why not.
inline QString network_invalid_reason(const Metrics* metrics, int m) {
  if (!metrics || m >= static_cast<int>(metrics->per_network_resim_mse.size()) || metrics->network_valid(m)) return {};
  if (const double c = metrics->network_coverage(m); !std::isnan(c))
    return QCoreApplication::translate("ml::ui",
                                       "Network g%1 is not valid: its own proposal is valid (re-simulation MSE "
                                       "below τ = %2) for only %3 % of the test targets; a valid network covers "
                                       "at least %4 %.")
        .arg(m + 1)
        .arg(short_sci(metrics->valid_tau()))
        .arg(100 * c, 0, 'f', 1)
        .arg(100 * kMinNetworkCoverage, 0, 'f', 0);
  // Metrics written before coverage was stored: the old rule, the mean error.
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
