#include "CompareSeries.h"

#include <array>
#include <cmath>

namespace peftbench {

QColor seriesColor(int index)
{
    // Tableau 10: distinct on screen and in print.
    static const std::array<QColor, 10> colors = {
        QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44),  QColor(214, 39, 40),  QColor(148, 103, 189),
        QColor(140, 86, 75),  QColor(227, 119, 194), QColor(127, 127, 127), QColor(188, 189, 34), QColor(23, 190, 207)};
    return colors[size_t(index) % colors.size()];
}

bool hasRepeats(const Comparison &comparison)
{
    for (const RunGroup &group : comparison.groups)
        if (group.members.size() > 1)
            return true;
    return false;
}

std::vector<CompareSeries> compareSeries(const Comparison &comparison, bool byGroup)
{
    std::vector<CompareSeries> series;
    if (byGroup) {
        for (const RunGroup &group : comparison.groups) {
            const QString label = group.members.size() > 1
                                      ? QStringLiteral("%1 (n=%2)").arg(group.label).arg(group.members.size())
                                      : group.label;
            series.push_back({label, group.members, int(series.size()), seriesColor(int(series.size()))});
        }
    } else {
        for (size_t i = 0; i < comparison.runs.size(); ++i) {
            const RunRecord &run = comparison.runs[i].record;
            series.push_back({QStringLiteral("%1 · %2").arg(run.id).arg(run.name), {int(i)}, -1, seriesColor(int(i))});
        }
    }
    return series;
}

Stat seriesStat(const Comparison &comparison, const CompareSeries &series, RunMetric metric)
{
    if (series.group >= 0)
        return groupStat(comparison, series.group, metric);
    Stat stat;
    const double v = metricValue(comparison.runs[size_t(series.runs.front())], metric);
    if (std::isfinite(v))
        stat = {v, 0.0, 1};
    return stat;
}

}  // namespace peftbench
