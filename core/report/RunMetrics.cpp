// The per-run numbers a comparison charts and judges: their names, directions and values.
#include "report/RunComparison.h"

#include "experiment/ComparisonTable.h"

#include <cmath>

namespace peftbench {

namespace {

// Perplexity is the only task metric where lower is better; accuracy and F1 are scores.
bool lowerIsBetterTaskMetric(const QString &taskMetricName)
{
    return taskMetricName == QLatin1String("perplexity");
}

double positiveOrNaN(int64_t value)
{
    return value > 0 ? double(value) : kNoValue;
}

}  // namespace

const std::vector<RunMetric> &allRunMetrics()
{
    static const std::vector<RunMetric> all{
        RunMetric::BestValLoss,    RunMetric::FinalValLoss,    RunMetric::TestMetric,      RunMetric::TestLoss,
        RunMetric::TrainableParams, RunMetric::TrainablePercent, RunMetric::PeakMemory,    RunMetric::WeightBytes,
        RunMetric::GradientBytes,  RunMetric::OptimizerBytes,  RunMetric::OtherBytes,      RunMetric::SecondsPerStep,
        RunMetric::TokensPerSecond, RunMetric::AdapterBytes,   RunMetric::GeneralizationGap, RunMetric::WallSeconds,
    };
    return all;
}

QString metricLabel(RunMetric metric, const QString &taskMetricName, const QString &memoryLabel)
{
    const QString task = taskMetricName.isEmpty() ? QStringLiteral("metric") : taskMetricName;
    const QString memory = memoryLabel.isEmpty() ? QStringLiteral("memory") : memoryLabel;
    switch (metric) {
    case RunMetric::BestValLoss: return QStringLiteral("best validation loss");
    case RunMetric::FinalValLoss: return QStringLiteral("final validation loss");
    case RunMetric::TestMetric: return QStringLiteral("test ") + task;
    case RunMetric::TestLoss: return QStringLiteral("test loss");
    case RunMetric::TrainableParams: return QStringLiteral("trainable parameters");
    case RunMetric::TrainablePercent: return QStringLiteral("trainable %");
    case RunMetric::PeakMemory: return QStringLiteral("peak ") + memory;
    case RunMetric::WeightBytes: return QStringLiteral("weights");
    case RunMetric::GradientBytes: return QStringLiteral("gradients");
    case RunMetric::OptimizerBytes: return QStringLiteral("optimizer state");
    case RunMetric::OtherBytes: return QStringLiteral("the rest");
    case RunMetric::SecondsPerStep: return QStringLiteral("seconds per step");
    case RunMetric::TokensPerSecond: return QStringLiteral("tokens per second");
    case RunMetric::AdapterBytes: return QStringLiteral("size on disk");
    case RunMetric::GeneralizationGap: return QStringLiteral("generalization gap");
    case RunMetric::WallSeconds: return QStringLiteral("wall time");
    }
    return {};
}

QString metricKey(RunMetric metric)
{
    switch (metric) {
    case RunMetric::BestValLoss: return QStringLiteral("best_val_loss");
    case RunMetric::FinalValLoss: return QStringLiteral("final_val_loss");
    case RunMetric::TestMetric: return QStringLiteral("test_metric");
    case RunMetric::TestLoss: return QStringLiteral("test_loss");
    case RunMetric::TrainableParams: return QStringLiteral("trainable_params");
    case RunMetric::TrainablePercent: return QStringLiteral("trainable_percent");
    case RunMetric::PeakMemory: return QStringLiteral("peak_memory_bytes");
    case RunMetric::WeightBytes: return QStringLiteral("weight_bytes");
    case RunMetric::GradientBytes: return QStringLiteral("gradient_bytes");
    case RunMetric::OptimizerBytes: return QStringLiteral("optimizer_bytes");
    case RunMetric::OtherBytes: return QStringLiteral("other_bytes");
    case RunMetric::SecondsPerStep: return QStringLiteral("seconds_per_step");
    case RunMetric::TokensPerSecond: return QStringLiteral("tokens_per_second");
    case RunMetric::AdapterBytes: return QStringLiteral("adapter_bytes");
    case RunMetric::GeneralizationGap: return QStringLiteral("generalization_gap");
    case RunMetric::WallSeconds: return QStringLiteral("wall_seconds");
    }
    return {};
}

bool higherIsBetter(RunMetric metric, const QString &taskMetricName)
{
    switch (metric) {
    case RunMetric::TestMetric: return !lowerIsBetterTaskMetric(taskMetricName);
    case RunMetric::TokensPerSecond: return true;
    default: return false;
    }
}

bool isByteMetric(RunMetric metric)
{
    switch (metric) {
    case RunMetric::PeakMemory:
    case RunMetric::WeightBytes:
    case RunMetric::GradientBytes:
    case RunMetric::OptimizerBytes:
    case RunMetric::OtherBytes:
    case RunMetric::AdapterBytes: return true;
    default: return false;
    }
}

double metricValue(const ComparedRun &run, RunMetric metric)
{
    const RunSummary &s = run.summary;
    switch (metric) {
    case RunMetric::BestValLoss: return s.bestValLoss;
    case RunMetric::FinalValLoss: return s.finalValLoss;
    case RunMetric::TestMetric: return s.testMetric;
    case RunMetric::TestLoss: return s.testLoss;
    case RunMetric::TrainableParams: return double(s.trainableParams);
    case RunMetric::TrainablePercent: return s.trainablePercent;
    case RunMetric::PeakMemory: return positiveOrNaN(s.peakMemoryBytes);
    case RunMetric::WeightBytes: return double(s.memory.weightBytes);
    case RunMetric::GradientBytes: return double(s.memory.gradientBytes);
    case RunMetric::OptimizerBytes: return double(s.memory.optimizerBytes);
    // The CPU baseline (runtime, libraries, data) is part of the peak but no category of its own
    // in the chart: it belongs to "the rest" with activations and workspace.
    case RunMetric::OtherBytes: return double(s.memory.otherBytes + s.memory.baselineBytes);
    case RunMetric::SecondsPerStep: return s.meanStepSeconds > 0 ? s.meanStepSeconds : kNoValue;
    case RunMetric::TokensPerSecond: return s.tokensPerSecond > 0 ? s.tokensPerSecond : kNoValue;
    case RunMetric::AdapterBytes: return positiveOrNaN(s.adapterBytes);   // 0: nothing was saved
    case RunMetric::GeneralizationGap: return s.generalizationGap;
    case RunMetric::WallSeconds: return s.wallSeconds > 0 ? s.wallSeconds : kNoValue;
    }
    return kNoValue;
}

QString formatMetric(RunMetric metric, double value)
{
    if (!std::isfinite(value))
        return QStringLiteral("-");
    if (isByteMetric(metric))
        return formatBytes(int64_t(std::llround(value)));
    switch (metric) {
    case RunMetric::TrainableParams: return formatCount(int64_t(std::llround(value)));
    case RunMetric::TrainablePercent: return QString::number(value, 'g', 3) + QLatin1Char('%');
    case RunMetric::SecondsPerStep: return formatNumber(value, 3) + QStringLiteral(" s");
    case RunMetric::TokensPerSecond: return formatNumber(value, 0);
    case RunMetric::WallSeconds: return formatDuration(value);
    default: return formatNumber(value, 4);
    }
}

}  // namespace peftbench
