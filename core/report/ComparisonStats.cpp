// Statistics over the compared runs: repeat groups, the Pareto front, the config diff.
#include "report/RunComparison.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace peftbench {

Stat groupStat(const Comparison &comparison, int group, RunMetric metric)
{
    std::vector<double> values;
    for (int member : comparison.groups.at(size_t(group)).members) {
        const double v = metricValue(comparison.runs.at(size_t(member)), metric);
        if (std::isfinite(v))
            values.push_back(v);
    }
    Stat s;
    s.n = int(values.size());
    if (s.n == 0)
        return s;
    s.mean = std::accumulate(values.begin(), values.end(), 0.0) / s.n;
    double squares = 0;
    for (double v : values)
        squares += (v - s.mean) * (v - s.mean);
    s.std = s.n > 1 ? std::sqrt(squares / (s.n - 1)) : 0.0;
    return s;
}

RunMetric qualityMetric(const Comparison &comparison)
{
    bool everyGroupTested = !comparison.metricName.isEmpty() && !comparison.mixedMetrics;
    for (int g = 0; everyGroupTested && g < int(comparison.groups.size()); ++g)
        everyGroupTested = groupStat(comparison, g, RunMetric::TestMetric).n > 0;
    return everyGroupTested ? RunMetric::TestMetric : RunMetric::BestValLoss;
}

std::vector<int> paretoFront(const std::vector<std::pair<double, double>> &costQuality)
{
    const auto valid = [](const std::pair<double, double> &p) { return std::isfinite(p.first) && std::isfinite(p.second); };
    std::vector<int> front;
    for (int i = 0; i < int(costQuality.size()); ++i) {
        const auto &p = costQuality[size_t(i)];
        if (!valid(p))
            continue;
        bool dominated = false;
        for (const auto &q : costQuality) {
            if (!valid(q))
                continue;
            const bool noWorse = q.first <= p.first && q.second >= p.second;
            const bool better = q.first < p.first || q.second > p.second;
            if (noWorse && better) {
                dominated = true;
                break;
            }
        }
        if (!dominated)
            front.push_back(i);
    }
    std::stable_sort(front.begin(), front.end(),
                     [&](int a, int b) { return costQuality[size_t(a)].first < costQuality[size_t(b)].first; });
    return front;
}

ConfigDiff configDiff(const Comparison &comparison, bool differencesOnly)
{
    QStringList keys;
    for (const ComparedRun &run : comparison.runs)
        keys << run.settings.keys();
    keys.removeDuplicates();
    keys.sort();

    ConfigDiff diff;
    for (const QString &key : keys) {
        QStringList values;
        for (const ComparedRun &run : comparison.runs)
            values << run.settings.value(key);
        const bool allSame = std::all_of(values.cbegin(), values.cend(), [&](const QString &v) { return v == values.first(); });
        if (differencesOnly && allSame)
            continue;
        diff.keys << key;
        diff.values.push_back(values);
    }
    return diff;
}

}  // namespace peftbench
