#pragma once
// The tables every report shows, as plain text cells: the HTML and Markdown writers render the
// same content, each with its own escaping.
#include "report/RunComparison.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace peftbench {

struct ReportTable {
    QStringList header;
    std::vector<QStringList> rows;
    std::vector<bool> numeric;   // per column: right-aligned
};

// One row per group: its runs and each metric as mean ± std (n) over its seeds.
ReportTable groupTable(const Comparison &comparison);
// One row per run: id, name, method, status, seed, experiment, steps, finished.
ReportTable runTable(const Comparison &comparison);
// One row per run: the measured peak and its parts next to the estimator's, where there is one.
ReportTable memoryTable(const Comparison &comparison);
// Settings as rows, runs as columns (headed by "#id name").
ReportTable configTable(const Comparison &comparison, bool differencesOnly);
// Each run's environment fingerprint (its JSON's top-level keys as rows, runs as columns), plus
// the device and threads from its summary.
ReportTable environmentTable(const Comparison &comparison);
// The metrics groupTable() shows, in order.
std::vector<RunMetric> tableMetrics(const Comparison &comparison);

}  // namespace peftbench
