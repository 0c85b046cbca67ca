#pragma once

#include "train/TrainingMetrics.h"

#include <QVariant>

#include <vector>

namespace peftbench {

// How each RunSummary field maps to its run_summaries column. Saving and loading both walk this
// one list, so the INSERT and the SELECT cannot drift apart as fields are added.
struct SummaryColumn {
    const char *name;
    QVariant (*get)(const RunSummary &);
    void (*set)(RunSummary &, const QVariant &);
};

const std::vector<SummaryColumn> &summaryColumns();

}  // namespace peftbench
