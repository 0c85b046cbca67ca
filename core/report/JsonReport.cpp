// Everything in the comparison, machine-readable.
#include "report/Reports.h"

#include "report/ClaimsCheck.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace peftbench {

namespace {

constexpr int kJsonFormatVersion = 1;

// JSON has no NaN: a value not recorded is null.
QJsonValue number(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

QJsonValue time(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null);
}

QJsonObject recordJson(const RunRecord &r)
{
    return {{QStringLiteral("id"), double(r.id)},
            {QStringLiteral("experiment_id"), double(r.experimentId)},
            {QStringLiteral("name"), r.name},
            {QStringLiteral("method"), r.method},
            {QStringLiteral("status"), runStatusName(r.status)},
            {QStringLiteral("error"), r.error},
            {QStringLiteral("created_at"), time(r.createdAt)},
            {QStringLiteral("started_at"), time(r.startedAt)},
            {QStringLiteral("finished_at"), time(r.finishedAt)},
            {QStringLiteral("config_yaml"), r.configYaml}};
}

QJsonObject summaryJson(const RunSummary &s)
{
    return {{QStringLiteral("total_params"), double(s.totalParams)},
            {QStringLiteral("trainable_params"), double(s.trainableParams)},
            {QStringLiteral("trainable_percent"), number(s.trainablePercent)},
            {QStringLiteral("memory_label"), s.memoryLabel},
            {QStringLiteral("peak_memory_bytes"), double(s.peakMemoryBytes)},
            {QStringLiteral("memory"),
             QJsonObject{{QStringLiteral("baseline_bytes"), double(s.memory.baselineBytes)},
                         {QStringLiteral("weight_bytes"), double(s.memory.weightBytes)},
                         {QStringLiteral("gradient_bytes"), double(s.memory.gradientBytes)},
                         {QStringLiteral("optimizer_bytes"), double(s.memory.optimizerBytes)},
                         {QStringLiteral("other_bytes"), double(s.memory.otherBytes)}}},
            {QStringLiteral("adapter_bytes"), double(s.adapterBytes)},
            {QStringLiteral("adapter_path"), s.adapterPath},
            {QStringLiteral("steps"), double(s.steps)},
            {QStringLiteral("wall_seconds"), number(s.wallSeconds)},
            {QStringLiteral("mean_step_seconds"), number(s.meanStepSeconds)},
            {QStringLiteral("tokens_per_second"), number(s.tokensPerSecond)},
            {QStringLiteral("metric_name"), s.metricName},
            {QStringLiteral("best_val_loss"), number(s.bestValLoss)},
            {QStringLiteral("best_step"), double(s.bestStep)},
            {QStringLiteral("final_val_loss"), number(s.finalValLoss)},
            {QStringLiteral("final_train_loss"), number(s.finalTrainLoss)},
            {QStringLiteral("generalization_gap"), number(s.generalizationGap)},
            {QStringLiteral("best_metric"), number(s.bestMetric)},
            {QStringLiteral("final_metric"), number(s.finalMetric)},
            {QStringLiteral("test_loss"), number(s.testLoss)},
            {QStringLiteral("test_metric"), number(s.testMetric)},
            {QStringLiteral("test_macro_f1"), number(s.testMacroF1)},
            {QStringLiteral("device_name"), s.deviceName},
            {QStringLiteral("threads"), s.threads}};
}

QJsonValue estimateJson(const std::optional<ResourceEstimate> &e)
{
    if (!e)
        return QJsonValue::Null;
    return QJsonObject{{QStringLiteral("memory_label"), e->memoryLabel},
                       {QStringLiteral("peak_bytes"), double(e->peakBytes())},
                       {QStringLiteral("baseline_bytes"), double(e->baselineBytes)},
                       {QStringLiteral("weight_bytes"), double(e->weightBytes)},
                       {QStringLiteral("gradient_bytes"), double(e->gradientBytes)},
                       {QStringLiteral("optimizer_bytes"), double(e->optimizerBytes)},
                       {QStringLiteral("activation_bytes"), double(e->activationBytes)},
                       {QStringLiteral("allocator_reserve_bytes"), double(e->allocatorReserveBytes)},
                       {QStringLiteral("seconds_per_step"), number(e->secondsPerStep)}};
}

template <typename T>
QJsonArray column(const QVector<T> &values)
{
    QJsonArray array;
    for (const T &v : values)
        array.append(number(double(v)));
    return array;
}

QJsonObject stepsJson(const StepSeries &s)
{
    return {{QStringLiteral("step"), column(s.step)},
            {QStringLiteral("train_loss"), column(s.trainLoss)},
            {QStringLiteral("learning_rate"), column(s.learningRate)},
            {QStringLiteral("grad_norm"), column(s.gradNorm)},
            {QStringLiteral("step_seconds"), column(s.stepSeconds)},
            {QStringLiteral("tokens_per_second"), column(s.tokensPerSecond)},
            {QStringLiteral("tokens_seen"), column(s.tokensSeen)},
            {QStringLiteral("epoch"), column(s.epoch)},
            {QStringLiteral("wall_seconds"), column(s.wallSeconds)},
            {QStringLiteral("memory_bytes"), column(s.memoryBytes)},
            {QStringLiteral("memory_peak_bytes"), column(s.memoryPeakBytes)}};
}

QJsonArray evaluationsJson(const std::vector<EvalMetrics> &evaluations)
{
    QJsonArray array;
    for (const EvalMetrics &e : evaluations)
        array.append(QJsonObject{{QStringLiteral("step"), double(e.step)},
                                 {QStringLiteral("val_loss"), number(e.valLoss)},
                                 {QStringLiteral("metric_name"), e.metricName},
                                 {QStringLiteral("metric"), number(e.metric)},
                                 {QStringLiteral("macro_f1"), number(e.macroF1)},
                                 {QStringLiteral("bits_per_byte"), number(e.bitsPerByte)}});
    return array;
}

QJsonObject runJson(const ComparedRun &run)
{
    QJsonObject settings;
    for (auto it = run.settings.cbegin(); it != run.settings.cend(); ++it)
        settings.insert(it.key(), it.value());
    QJsonObject o = recordJson(run.record);
    o.insert(QStringLiteral("group"), run.group);
    o.insert(QStringLiteral("settings"), settings);
    if (!run.configError.isEmpty())
        o.insert(QStringLiteral("config_error"), run.configError);
    o.insert(QStringLiteral("summary"), summaryJson(run.summary));
    o.insert(QStringLiteral("estimate"), estimateJson(run.estimate));
    const QJsonDocument fingerprint = QJsonDocument::fromJson(run.record.fingerprintJson.toUtf8());
    o.insert(QStringLiteral("fingerprint"), fingerprint.isObject() ? QJsonValue(fingerprint.object()) : QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("evaluations"), evaluationsJson(run.evaluations));
    o.insert(QStringLiteral("steps"), stepsJson(run.steps));
    return o;
}

QJsonArray groupsJson(const Comparison &c)
{
    QJsonArray groups;
    for (int g = 0; g < int(c.groups.size()); ++g) {
        const RunGroup &group = c.groups[size_t(g)];
        QJsonArray members;
        for (int m : group.members)
            members.append(double(c.runs[size_t(m)].record.id));
        QJsonObject stats;
        for (RunMetric metric : allRunMetrics()) {
            const Stat s = groupStat(c, g, metric);
            stats.insert(metricKey(metric),
                         QJsonObject{{QStringLiteral("mean"), number(s.mean)}, {QStringLiteral("std"), number(s.std)},
                                     {QStringLiteral("n"), s.n}});
        }
        groups.append(QJsonObject{{QStringLiteral("label"), group.label},
                                  {QStringLiteral("method"), group.method},
                                  {QStringLiteral("run_ids"), members},
                                  {QStringLiteral("stats"), stats}});
    }
    return groups;
}

}  // namespace

QByteArray jsonReport(const Comparison &comparison, const ReportOptions &options)
{
    QJsonArray runs;
    for (const ComparedRun &run : comparison.runs)
        runs.append(runJson(run));
    QJsonArray claims;
    for (const ClaimResult &c : checkClaims(comparison))
        claims.append(QJsonObject{{QStringLiteral("id"), c.id},
                                  {QStringLiteral("statement"), c.statement},
                                  {QStringLiteral("verdict"), verdictName(c.verdict)},
                                  {QStringLiteral("evidence"), c.evidence}});
    const ConfigDiff diff = configDiff(comparison, true);
    QJsonObject differences;
    for (int k = 0; k < diff.keys.size(); ++k)
        differences.insert(diff.keys[k], QJsonArray::fromStringList(diff.values[size_t(k)]));
    const QJsonObject root{{QStringLiteral("format"), QStringLiteral("peftbench-report")},
                           {QStringLiteral("format_version"), kJsonFormatVersion},
                           {QStringLiteral("title"), reportTitle(options)},
                           {QStringLiteral("generator"), options.generator},
                           {QStringLiteral("generated_at"), time(comparison.loadedAt)},
                           {QStringLiteral("metric_name"), comparison.metricName},
                           {QStringLiteral("quality_metric"), metricKey(qualityMetric(comparison))},
                           {QStringLiteral("memory_label"), comparison.memoryLabel},
                           {QStringLiteral("groups"), groupsJson(comparison)},
                           {QStringLiteral("runs"), runs},
                           {QStringLiteral("claims"), claims},
                           {QStringLiteral("config_differences"), differences}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

}  // namespace peftbench
