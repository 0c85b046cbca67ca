// Loading the compared runs from the store and grouping repeats.
#include "report/RunComparison.h"

#include "experiment/ConfigError.h"
#include "experiment/StoredRunEstimate.h"
#include "report/RunSettings.h"
#include "store/RunStore.h"

#include <QRegularExpression>
#include <QSet>

#include <exception>

namespace peftbench {

ComparisonError::ComparisonError(const QString &message) : std::runtime_error(message.toStdString()) {}

QString ComparisonError::message() const
{
    return QString::fromStdString(what());
}

QString nameWithoutRepeat(const QString &runName)
{
    static const QRegularExpression repeatSuffix(QStringLiteral(" #\\d+$"));
    QString name = runName;
    name.remove(repeatSuffix);
    return name;
}

namespace {

ComparedRun loadRun(const RunStore &store, int64_t id, const ComparisonOptions &options)
{
    const std::optional<RunRecord> record = store.run(id);
    if (!record)
        throw ComparisonError(QStringLiteral("no run %1 in %2").arg(id).arg(store.path()));
    const std::optional<RunSummary> summary = store.summary(id);
    if (!summary)
        throw ComparisonError(QStringLiteral("run %1 '%2' is %3 and has no summary yet: only finished runs can be compared")
                                  .arg(id)
                                  .arg(record->name, runStatusName(record->status)));
    ComparedRun run;
    run.record = *record;
    run.summary = *summary;
    run.steps = store.steps(id);
    run.evaluations = store.evaluations(id);
    try {
        run.settings = flattenRunSettings(run.record);
    } catch (const std::exception &e) {
        // An old config the reader no longer accepts: still comparable on its measurements.
        run.configError = QString::fromUtf8(e.what());
    }
    if (options.withEstimates)
        run.estimate = estimateStoredRun(run.record, options.estimateThreads);
    return run;
}

// Repeats share every setting but the seed. A run whose config did not parse is its own group.
void groupRepeats(Comparison &c)
{
    QHash<QString, int> groupOfKey;
    for (int i = 0; i < int(c.runs.size()); ++i) {
        ComparedRun &run = c.runs[size_t(i)];
        QString key;
        if (run.settings.isEmpty()) {
            key = QStringLiteral("run:%1").arg(run.record.id);
        } else {
            QMap<QString, QString> settings = run.settings;
            settings.remove(kSeedSettingKey);
            for (auto it = settings.cbegin(); it != settings.cend(); ++it)
                key += it.key() + QLatin1Char('\x1f') + it.value() + QLatin1Char('\x1e');
        }
        auto found = groupOfKey.constFind(key);
        if (found == groupOfKey.cend()) {
            found = groupOfKey.insert(key, int(c.groups.size()));
            c.groups.push_back({nameWithoutRepeat(run.record.name), run.record.method, {}});
        }
        run.group = *found;
        c.groups[size_t(*found)].members.push_back(i);
    }
    // Two configurations may carry the same name (from different experiments): tell them apart.
    QHash<QString, int> labelCount;
    for (const RunGroup &g : c.groups)
        ++labelCount[g.label];
    for (RunGroup &g : c.groups)
        if (labelCount.value(g.label) > 1)
            g.label += QStringLiteral(" (run %1)").arg(c.runs[size_t(g.members.front())].record.id);
}

// The value every run agrees on, or `mixed` when they differ (empty values are ignored).
QString common(const std::vector<ComparedRun> &runs, QString RunSummary::*field, const QString &mixed, bool *isMixed)
{
    QString value;
    for (const ComparedRun &r : runs) {
        const QString &v = r.summary.*field;
        if (v.isEmpty())
            continue;
        if (value.isEmpty())
            value = v;
        else if (value != v) {
            if (isMixed)
                *isMixed = true;
            return mixed;
        }
    }
    return value;
}

}  // namespace

Comparison loadComparison(const RunStore &store, const std::vector<int64_t> &runIds, const ComparisonOptions &options)
{
    if (runIds.empty())
        throw ComparisonError(QStringLiteral("no runs to compare"));
    QSet<int64_t> seen;
    Comparison c;
    for (int64_t id : runIds) {
        if (seen.contains(id))
            throw ComparisonError(QStringLiteral("run %1 is listed twice").arg(id));
        seen.insert(id);
        c.runs.push_back(loadRun(store, id, options));
    }
    groupRepeats(c);
    c.metricName = common(c.runs, &RunSummary::metricName, QString(), &c.mixedMetrics);
    c.memoryLabel = common(c.runs, &RunSummary::memoryLabel, QStringLiteral("RAM/VRAM"), nullptr);
    c.loadedAt = QDateTime::currentDateTimeUtc();
    return c;
}

std::vector<int64_t> finishedRunIds(const RunStore &store, int64_t experimentId)
{
    bool known = false;
    for (const ExperimentRecord &e : store.experiments())
        known = known || e.id == experimentId;
    if (!known)
        throw ComparisonError(QStringLiteral("no experiment %1 in %2").arg(experimentId).arg(store.path()));
    RunFilter filter;
    filter.experimentId = experimentId;
    std::vector<int64_t> ids;
    for (const RunRecord &r : store.runs(filter))
        if (store.summary(r.id))
            ids.push_back(r.id);
    return ids;
}

}  // namespace peftbench
