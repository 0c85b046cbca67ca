#include "ScalingReport.h"

#include "CaseEstimate.h"
#include "ScalingCases.h"

#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace peftbench::bench {

namespace {

constexpr double kMemoryTolerance = 0.15;

// One scaling case's measurement next to the estimator's prediction for it.
struct ScalingRow {
    const CaseOutcome *outcome = nullptr;
    ResourceEstimate estimate;
    double peakRatio = kNaN;           // estimated ÷ measured peak RAM
    double aboveBaselineRatio = kNaN;  // the same, both less the measured baseline
    double stepRatio = kNaN;           // estimated ÷ measured step time
    bool withinTolerance() const { return !std::isnan(peakRatio) && std::abs(peakRatio - 1.0) <= kMemoryTolerance; }
};

ScalingRow scalingRow(const BenchRun &run, const CaseOutcome &o)
{
    ScalingRow row;
    row.outcome = &o;
    const SideResult &e = o.engine;
    if (!e.ok)
        return row;
    row.estimate = estimateCase(o.benchCase, e.baselineRssBytes, run.estimatorGemmFlops);
    row.peakRatio = ratio(double(row.estimate.peakBytes()), double(e.peakRssBytes));
    row.aboveBaselineRatio = ratio(double(row.estimate.peakBytes() - e.baselineRssBytes), double(e.peakRssBytes - e.baselineRssBytes));
    row.stepRatio = ratio(row.estimate.secondsPerStep, e.medianStepSeconds);
    return row;
}

std::vector<ScalingRow> scalingRows(const BenchRun &run)
{
    std::vector<ScalingRow> rows;
    for (const CaseOutcome &o : run.outcomes)
        if (o.benchCase.model == QLatin1String("scale"))
            rows.push_back(scalingRow(run, o));
    return rows;
}

QString allocatorSetting(const BenchRun &run)
{
    for (const CaseOutcome &o : run.outcomes)
        if (o.benchCase.model == QLatin1String("scale"))
            return o.benchCase.mmapThresholdBytes > 0
                       ? QStringLiteral("nothing retained: no block cache, glibc M_MMAP_THRESHOLD %1 KiB (RSS follows the live tensors)").arg(o.benchCase.mmapThresholdBytes / 1024)
                       : QStringLiteral("the engine's (held heap, blocks of 256 KiB+ cached by size while training)");
    return {};
}

QString sweepHeading(const ScalingSweep &sweep)
{
    const ScalingShape &b = kScalingBase;
    if (sweep.variable == QLatin1String("d"))
        return QStringLiteral("  width sweep (%1 layers, %2 tokens)").arg(b.nLayers).arg(b.seqLen);
    if (sweep.variable == QLatin1String("layers"))
        return QStringLiteral("  depth sweep (d %1, %2 tokens)").arg(b.dModel).arg(b.seqLen);
    return QStringLiteral("  sequence-length sweep (d %1, %2 layers)").arg(b.dModel).arg(b.nLayers);
}

}  // namespace

void appendScalingTable(QStringList &out, const BenchRun &run)
{
    const std::vector<ScalingRow> rows = scalingRows(run);
    if (rows.empty())
        return;
    const BenchCase &first = rows.front().outcome->benchCase;
    out << QStringLiteral("Scaling (engine only): GPT-2-family models, 64-wide heads, ffn 4·d, vocab %1, context 1045, tied head; "
                          "batch %2; base d %3, %4 layers, %5 tokens")
               .arg(kScalingVocab).arg(kScalingBatch).arg(kScalingBase.dModel).arg(kScalingBase.nLayers).arg(kScalingBase.seqLen);
    out << QStringLiteral("    %1 warm-up + %2 timed steps per case, each in a fresh child; peak RAM = VmHWM of the last step; allocator: %3")
               .arg(first.warmupSteps).arg(first.timedSteps).arg(allocatorSetting(run));
    out << QStringLiteral("    estimate = estimateRun (the wizard's figures) with the child's measured baseline RSS; its time per step from a "
                          "512² GEMM at %1 GFLOP/s measured as the wizard does")
               .arg(run.estimatorGemmFlops / 1e9, 0, 'f', 1);
    out << QStringLiteral("    reserve = what the CPU block cache held mapped beyond the tensors in use, at its peak (meas), and the "
                          "estimate's allocator reserve (est)");
    out << QString();
    const QString header = QStringLiteral("    ") + QStringLiteral("method").leftJustified(14) + cell(QStringLiteral("value"), 6)
                           + cell(QStringLiteral("params"), 7) + cell(QStringLiteral("tok/s"), 7) + cell(QStringLiteral("step ms"), 8)
                           + cell(QStringLiteral("peak RAM"), 9) + QStringLiteral("│ ") + cell(QStringLiteral("estimate"), 9)
                           + cell(QStringLiteral("est÷meas"), 8) + cell(QStringLiteral("±15%"), 4) + QStringLiteral("│ ")
                           + cell(QStringLiteral("meas−base"), 9) + cell(QStringLiteral("est−base"), 9) + cell(QStringLiteral("ratio"), 6)
                           + QStringLiteral("│ ") + cell(QStringLiteral("reserve meas"), 12) + cell(QStringLiteral("est"), 8)
                           + QStringLiteral("│ ") + cell(QStringLiteral("est. step ms"), 12) + cell(QStringLiteral("est÷meas"), 8);
    for (const ScalingSweep &sweep : scalingSweeps()) {
        out << sweepHeading(sweep);
        QString heading = header;
        out << heading.replace(QStringLiteral(" value "), QStringLiteral(" ") + sweep.variable.rightJustified(5) + QStringLiteral(" "));
        for (MethodKind kind : {MethodKind::Full, MethodKind::Lora, MethodKind::PromptTuning}) {
            for (const ScalingShape &shape : sweep.shapes) {
                const QString name = scalingCaseName(kind, shape);
                auto it = std::find_if(rows.begin(), rows.end(), [&](const ScalingRow &r) { return r.outcome->benchCase.name == name; });
                if (it == rows.end())
                    continue;
                const SideResult &e = it->outcome->engine;
                QString line = QStringLiteral("    ") + methodKindName(kind).leftJustified(14) + cell(QString::number(sweep.value(shape)), 6);
                if (!e.ok) {
                    out << line + QStringLiteral("! ") + e.error;
                    continue;
                }
                const ResourceEstimate &est = it->estimate;
                line += cell(params(e.totalParams), 7) + cell(QString::number(e.tokensPerSecond, 'f', 0), 7)
                        + cell(milliseconds(e.medianStepSeconds), 8) + cell(bytes(e.peakRssBytes), 9) + QStringLiteral("│ ")
                        + cell(bytes(est.peakBytes()), 9) + cell(times(it->peakRatio), 8)
                        + cell(it->withinTolerance() ? QStringLiteral("PASS") : QStringLiteral("MISS"), 4) + QStringLiteral("│ ")
                        + cell(bytes(e.peakRssBytes - e.baselineRssBytes), 9) + cell(bytes(est.peakBytes() - e.baselineRssBytes), 9)
                        + cell(times(it->aboveBaselineRatio), 6) + QStringLiteral("│ ")
                        + cell(e.cacheReserveBytes >= 0 ? bytes(e.cacheReserveBytes) : QStringLiteral("—"), 12)
                        + cell(bytes(est.allocatorReserveBytes), 8) + QStringLiteral("│ ")
                        + cell(est.secondsPerStep > 0 ? milliseconds(est.secondsPerStep) : QStringLiteral("—"), 12)
                        + cell(times(it->stepRatio), 8);
                out << line;
            }
        }
    }
    int within = 0, measured = 0;
    for (const ScalingRow &r : rows) {
        measured += std::isnan(r.peakRatio) ? 0 : 1;
        within += r.withinTolerance() ? 1 : 0;
    }
    out << QStringLiteral("  memory estimate within ±15% of the measured peak in %1 of %2 cases").arg(within).arg(measured);
    out << QString();
}

std::vector<Target> scalingTargets(const BenchRun &run)
{
    const std::vector<ScalingRow> rows = scalingRows(run);
    if (rows.empty())
        return {};
    // The case farthest from 1 decides: the target holds only if every case is within ±15%.
    const ScalingRow *worst = nullptr;
    int within = 0, measured = 0;
    for (const ScalingRow &r : rows) {
        if (std::isnan(r.peakRatio))
            continue;
        ++measured;
        within += r.withinTolerance() ? 1 : 0;
        if (!worst || std::abs(r.peakRatio - 1.0) > std::abs(worst->peakRatio - 1.0))
            worst = &r;
    }
    Target t;
    t.figure = QStringLiteral("(scale) estimated ÷ measured peak RAM, worst case");
    t.target = QStringLiteral("0.85–1.15×");
    if (!worst) {
        t.shown = QStringLiteral("n/a");
        t.note = QStringLiteral("no scaling case measured");
        return {t};
    }
    t.value = worst->peakRatio;
    t.shown = times(worst->peakRatio);
    t.pass = within == measured;
    t.note = QStringLiteral("%1 of %2 cases within; worst %3; above baseline %4")
                 .arg(within).arg(measured)
                 .arg(worst->outcome->benchCase.name, times(worst->aboveBaselineRatio));
    return {t};
}

QJsonArray scalingJson(const BenchRun &run)
{
    QJsonArray list;
    for (const ScalingRow &r : scalingRows(run)) {
        QJsonObject o{{QStringLiteral("name"), r.outcome->benchCase.name}};
        if (r.outcome->engine.ok) {
            o.insert(QStringLiteral("estimated_peak_bytes"), qint64(r.estimate.peakBytes()));
            o.insert(QStringLiteral("estimated_activation_bytes"), qint64(r.estimate.activationBytes));
            o.insert(QStringLiteral("estimated_allocator_reserve_bytes"), qint64(r.estimate.allocatorReserveBytes));
            o.insert(QStringLiteral("measured_cache_reserve_bytes"), qint64(r.outcome->engine.cacheReserveBytes));
            o.insert(QStringLiteral("estimated_seconds_per_step"), r.estimate.secondsPerStep);
            o.insert(QStringLiteral("measured_peak_bytes"), qint64(r.outcome->engine.peakRssBytes));
            o.insert(QStringLiteral("measured_baseline_bytes"), qint64(r.outcome->engine.baselineRssBytes));
            o.insert(QStringLiteral("measured_seconds_per_step"), r.outcome->engine.medianStepSeconds);
            o.insert(QStringLiteral("peak_ratio"), std::isnan(r.peakRatio) ? QJsonValue() : QJsonValue(r.peakRatio));
            o.insert(QStringLiteral("within_15_percent"), r.withinTolerance());
        }
        list.append(o);
    }
    return list;
}

}  // namespace peftbench::bench
