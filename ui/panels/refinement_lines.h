#pragma once
/// Where refinement moved each proposal: a thin line per target from a network's own proposal
/// (ProposalSet::start_x) to its answer (x), in the network's colour, projected on two x
/// dimensions. GUI thread only.
#include "core/api/results.h"

class QCustomPlot;
class QCPCurve;

namespace ml::ui {

/// Adds one curve to `plot` (owned by it) holding network m's moves on dimensions (a, b) as
/// separate segments, pen `width` (desktop units, theme-scaled); null when p is not refined, a
/// or b is out of range, or no proposal of m moved.
QCPCurve* add_refinement_lines(QCustomPlot* plot, const ProposalSet& p, int m, int a, int b, double width);

}  // namespace ml::ui
