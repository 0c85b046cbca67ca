#include "report/ReportTables.h"

#include "experiment/ComparisonTable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace peftbench {

namespace {

QString runColumn(const ComparedRun &run)
{
    return QStringLiteral("#%1 %2").arg(run.record.id).arg(run.record.name);
}

QString statCell(RunMetric metric, const Stat &s)
{
    if (s.n == 0)
        return QStringLiteral("-");
    if (s.n == 1)
        return formatMetric(metric, s.mean);
    return QStringLiteral("%1 ± %2").arg(formatMetric(metric, s.mean), formatMetric(metric, s.std));
}

QString bytesOrDash(int64_t bytes)
{
    return bytes > 0 ? formatBytes(bytes) : QStringLiteral("-");
}

}  // namespace

std::vector<RunMetric> tableMetrics(const Comparison &comparison)
{
    std::vector<RunMetric> metrics{RunMetric::BestValLoss, RunMetric::FinalValLoss};
    if (!comparison.metricName.isEmpty())
        metrics.push_back(RunMetric::TestMetric);
    metrics.insert(metrics.end(), {RunMetric::TestLoss, RunMetric::GeneralizationGap, RunMetric::TrainableParams,
                                   RunMetric::TrainablePercent, RunMetric::PeakMemory, RunMetric::SecondsPerStep,
                                   RunMetric::TokensPerSecond, RunMetric::AdapterBytes, RunMetric::WallSeconds});
    return metrics;
}

ReportTable groupTable(const Comparison &comparison)
{
    ReportTable t;
    const std::vector<RunMetric> metrics = tableMetrics(comparison);
    t.header << QStringLiteral("configuration") << QStringLiteral("method") << QStringLiteral("runs");
    t.numeric = {false, false, true};
    for (RunMetric m : metrics) {
        t.header << metricLabel(m, comparison.metricName, comparison.memoryLabel);
        t.numeric.push_back(true);
    }
    for (int g = 0; g < int(comparison.groups.size()); ++g) {
        const RunGroup &group = comparison.groups[size_t(g)];
        QStringList row{group.label, group.method, QString::number(group.members.size())};
        for (RunMetric m : metrics)
            row << statCell(m, groupStat(comparison, g, m));
        t.rows.push_back(row);
    }
    return t;
}

ReportTable runTable(const Comparison &comparison)
{
    ReportTable t;
    t.header = QStringList{QStringLiteral("run"), QStringLiteral("name"), QStringLiteral("method"), QStringLiteral("status"),
                           QStringLiteral("seed"), QStringLiteral("experiment"), QStringLiteral("steps"), QStringLiteral("finished (UTC)")};
    t.numeric = {true, false, false, false, true, true, true, false};
    for (const ComparedRun &run : comparison.runs) {
        const RunRecord &r = run.record;
        t.rows.push_back({QString::number(r.id), r.name, r.method, runStatusName(r.status),
                          run.settings.value(QStringLiteral("train.seed"), QStringLiteral("-")), QString::number(r.experimentId),
                          QString::number(run.summary.steps),
                          r.finishedAt.isValid() ? r.finishedAt.toUTC().toString(Qt::ISODate) : QStringLiteral("-")});
    }
    return t;
}

ReportTable memoryTable(const Comparison &comparison)
{
    ReportTable t;
    t.header = QStringList{QStringLiteral("run"), QStringLiteral(""), QStringLiteral("peak"), QStringLiteral("baseline"),
                           QStringLiteral("weights"), QStringLiteral("gradients"), QStringLiteral("optimizer state"),
                           QStringLiteral("activations and the rest")};
    t.numeric = {false, false, true, true, true, true, true, true};
    for (const ComparedRun &run : comparison.runs) {
        const RunSummary &s = run.summary;
        t.rows.push_back({runColumn(run), QStringLiteral("measured (%1)").arg(s.memoryLabel), bytesOrDash(s.peakMemoryBytes),
                          formatBytes(s.memory.baselineBytes), formatBytes(s.memory.weightBytes),
                          formatBytes(s.memory.gradientBytes), formatBytes(s.memory.optimizerBytes),
                          formatBytes(s.memory.otherBytes)});
        if (const std::optional<ResourceEstimate> &e = run.estimate) {
            t.rows.push_back({runColumn(run), QStringLiteral("estimated (%1)").arg(e->memoryLabel), formatBytes(e->peakBytes()),
                              formatBytes(e->baselineBytes), formatBytes(e->weightBytes), formatBytes(e->gradientBytes),
                              formatBytes(e->optimizerBytes), formatBytes(e->restBytes())});
        }
    }
    return t;
}

ReportTable configTable(const Comparison &comparison, bool differencesOnly)
{
    const ConfigDiff diff = configDiff(comparison, differencesOnly);
    ReportTable t;
    t.header << QStringLiteral("setting");
    t.numeric.push_back(false);
    for (const ComparedRun &run : comparison.runs) {
        t.header << runColumn(run);
        t.numeric.push_back(false);
    }
    for (int k = 0; k < diff.keys.size(); ++k)
        t.rows.push_back(QStringList{diff.keys[k]} + diff.values[size_t(k)]);
    return t;
}

ReportTable environmentTable(const Comparison &comparison)
{
    std::vector<QJsonObject> fingerprints;
    QStringList keys;
    for (const ComparedRun &run : comparison.runs) {
        fingerprints.push_back(QJsonDocument::fromJson(run.record.fingerprintJson.toUtf8()).object());
        keys << fingerprints.back().keys();
    }
    keys.removeDuplicates();
    keys.sort();

    ReportTable t;
    t.header << QStringLiteral("");
    t.numeric.push_back(false);
    for (const ComparedRun &run : comparison.runs) {
        t.header << runColumn(run);
        t.numeric.push_back(false);
    }
    QStringList device{QStringLiteral("device")}, threads{QStringLiteral("threads")};
    for (const ComparedRun &run : comparison.runs) {
        device << run.summary.deviceName;
        threads << QString::number(run.summary.threads);
    }
    t.rows.push_back(device);
    t.rows.push_back(threads);
    for (const QString &key : keys) {
        QStringList row{key};
        for (const QJsonObject &f : fingerprints) {
            const QJsonValue v = f.value(key);
            if (v.isString())
                row << v.toString();
            else if (v.isDouble())
                row << QString::number(v.toDouble(), 'g', 15);
            else if (v.isBool())
                row << (v.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
            else if (v.isObject() || v.isArray())
                row << QString::fromUtf8((v.isObject() ? QJsonDocument(v.toObject()) : QJsonDocument(v.toArray()))
                                             .toJson(QJsonDocument::Compact));
            else
                row << QString();
        }
        t.rows.push_back(row);
    }
    return t;
}

}  // namespace peftbench
