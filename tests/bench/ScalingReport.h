#pragma once
// The scaling table (issue 10, item 7): tokens/s and peak RAM of every scaling case, by sweep
// and method, with the estimator's prediction (peak memory, time per step) next to each and
// whether the memory estimate is within ±15% of what was measured.

#include "BenchFormatting.h"
#include "BenchReport.h"

#include <QJsonArray>
#include <QStringList>

#include <vector>

namespace peftbench::bench {

void appendScalingTable(QStringList &out, const BenchRun &run);

// One line: the memory estimate's worst ratio over the scaling cases, against ±15%.
std::vector<Target> scalingTargets(const BenchRun &run);

// Per scaling case: the estimate and the ratios, for --json.
QJsonArray scalingJson(const BenchRun &run);

}  // namespace peftbench::bench
