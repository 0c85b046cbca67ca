#pragma once
// The charts of a report, laid out once for both the HTML (SVG) and the PDF (QPainter).
#include "report/ChartCanvas.h"
#include "report/ReportOptions.h"
#include "report/RunComparison.h"

#include <vector>

namespace peftbench {

struct ReportChart {
    QString id;        // stable, [a-z-]: "train-loss", "bar-peak-memory", "scatter-memory", ...
    QString section;   // "Curves", "Quality", "Cost", "Memory", "Quality vs cost"
    ChartCanvas canvas;
};

// Every chart the comparison has data for: train and validation loss curves (x from
// options.curveAxis, train loss EMA-smoothed by options.smoothing); one horizontal bar per group
// with ± one standard deviation error bars where a group has repeats (best validation loss, test
// metric, trainable parameters on a log axis, seconds per step, tokens/s, size on disk on a log
// axis, generalization gap); peak memory stacked by weights / gradients / optimizer / the rest; and
// quality against peak memory and against trainable parameters with the Pareto front marked.
// Colours follow the groups, in the same order everywhere.
std::vector<ReportChart> reportCharts(const Comparison &comparison, const ReportOptions &options);

}  // namespace peftbench
