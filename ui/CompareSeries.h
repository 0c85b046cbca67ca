#pragma once
// What the compare charts draw one of: a run, or with repeats a group of runs that differ only by
// seed (drawn as its mean ± standard deviation). One color per entity, the same in every chart.
#include "report/RunComparison.h"

#include <QColor>
#include <QString>

#include <vector>

namespace peftbench {

struct CompareSeries {
    QString label;
    std::vector<int> runs;   // indices into Comparison::runs; one entry unless grouped
    int group = -1;          // index into Comparison::groups when grouped
    QColor color;
};

// One series per run, or (byGroup) one per RunGroup.
std::vector<CompareSeries> compareSeries(const Comparison &comparison, bool byGroup);

// Whether any configuration was trained with more than one seed.
bool hasRepeats(const Comparison &comparison);

// A qualitative palette that stays apart for ten series, then repeats.
QColor seriesColor(int index);

// The group's statistic (core's groupStat), or a single run's value with std 0 (n 0 when NaN).
Stat seriesStat(const Comparison &comparison, const CompareSeries &series, RunMetric metric);

}  // namespace peftbench
