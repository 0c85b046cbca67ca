#include "store/SummaryColumns.h"

#include "store/SqlStatement.h"

namespace peftbench {

namespace {

// REAL columns go through realValue/realOrNaN: NaN ("not measured") is stored as NULL.
const std::vector<SummaryColumn> kColumns = {
    {"total_params", [](const RunSummary &s) { return QVariant(qint64(s.totalParams)); },
     [](RunSummary &s, const QVariant &v) { s.totalParams = v.toLongLong(); }},
    {"trainable_params", [](const RunSummary &s) { return QVariant(qint64(s.trainableParams)); },
     [](RunSummary &s, const QVariant &v) { s.trainableParams = v.toLongLong(); }},
    {"trainable_percent", [](const RunSummary &s) { return realValue(s.trainablePercent); },
     [](RunSummary &s, const QVariant &v) { s.trainablePercent = realOrNaN(v); }},
    {"memory_label", [](const RunSummary &s) { return QVariant(s.memoryLabel); },
     [](RunSummary &s, const QVariant &v) { s.memoryLabel = v.toString(); }},
    {"peak_memory_bytes", [](const RunSummary &s) { return QVariant(qint64(s.peakMemoryBytes)); },
     [](RunSummary &s, const QVariant &v) { s.peakMemoryBytes = v.toLongLong(); }},
    {"memory_baseline_bytes", [](const RunSummary &s) { return QVariant(qint64(s.memory.baselineBytes)); },
     [](RunSummary &s, const QVariant &v) { s.memory.baselineBytes = v.toLongLong(); }},
    {"memory_weight_bytes", [](const RunSummary &s) { return QVariant(qint64(s.memory.weightBytes)); },
     [](RunSummary &s, const QVariant &v) { s.memory.weightBytes = v.toLongLong(); }},
    {"memory_gradient_bytes", [](const RunSummary &s) { return QVariant(qint64(s.memory.gradientBytes)); },
     [](RunSummary &s, const QVariant &v) { s.memory.gradientBytes = v.toLongLong(); }},
    {"memory_optimizer_bytes", [](const RunSummary &s) { return QVariant(qint64(s.memory.optimizerBytes)); },
     [](RunSummary &s, const QVariant &v) { s.memory.optimizerBytes = v.toLongLong(); }},
    {"memory_other_bytes", [](const RunSummary &s) { return QVariant(qint64(s.memory.otherBytes)); },
     [](RunSummary &s, const QVariant &v) { s.memory.otherBytes = v.toLongLong(); }},
    {"adapter_bytes", [](const RunSummary &s) { return QVariant(qint64(s.adapterBytes)); },
     [](RunSummary &s, const QVariant &v) { s.adapterBytes = v.toLongLong(); }},
    {"adapter_path", [](const RunSummary &s) { return QVariant(s.adapterPath); },
     [](RunSummary &s, const QVariant &v) { s.adapterPath = v.toString(); }},
    {"steps", [](const RunSummary &s) { return QVariant(qint64(s.steps)); },
     [](RunSummary &s, const QVariant &v) { s.steps = v.toLongLong(); }},
    {"wall_seconds", [](const RunSummary &s) { return realValue(s.wallSeconds); },
     [](RunSummary &s, const QVariant &v) { s.wallSeconds = realOrNaN(v); }},
    {"mean_step_seconds", [](const RunSummary &s) { return realValue(s.meanStepSeconds); },
     [](RunSummary &s, const QVariant &v) { s.meanStepSeconds = realOrNaN(v); }},
    {"tokens_per_second", [](const RunSummary &s) { return realValue(s.tokensPerSecond); },
     [](RunSummary &s, const QVariant &v) { s.tokensPerSecond = realOrNaN(v); }},
    {"metric_name", [](const RunSummary &s) { return QVariant(s.metricName); },
     [](RunSummary &s, const QVariant &v) { s.metricName = v.toString(); }},
    {"best_val_loss", [](const RunSummary &s) { return realValue(s.bestValLoss); },
     [](RunSummary &s, const QVariant &v) { s.bestValLoss = realOrNaN(v); }},
    {"best_step", [](const RunSummary &s) { return QVariant(qint64(s.bestStep)); },
     [](RunSummary &s, const QVariant &v) { s.bestStep = v.toLongLong(); }},
    {"final_val_loss", [](const RunSummary &s) { return realValue(s.finalValLoss); },
     [](RunSummary &s, const QVariant &v) { s.finalValLoss = realOrNaN(v); }},
    {"final_train_loss", [](const RunSummary &s) { return realValue(s.finalTrainLoss); },
     [](RunSummary &s, const QVariant &v) { s.finalTrainLoss = realOrNaN(v); }},
    {"generalization_gap", [](const RunSummary &s) { return realValue(s.generalizationGap); },
     [](RunSummary &s, const QVariant &v) { s.generalizationGap = realOrNaN(v); }},
    {"best_metric", [](const RunSummary &s) { return realValue(s.bestMetric); },
     [](RunSummary &s, const QVariant &v) { s.bestMetric = realOrNaN(v); }},
    {"final_metric", [](const RunSummary &s) { return realValue(s.finalMetric); },
     [](RunSummary &s, const QVariant &v) { s.finalMetric = realOrNaN(v); }},
    {"test_loss", [](const RunSummary &s) { return realValue(s.testLoss); },
     [](RunSummary &s, const QVariant &v) { s.testLoss = realOrNaN(v); }},
    {"test_metric", [](const RunSummary &s) { return realValue(s.testMetric); },
     [](RunSummary &s, const QVariant &v) { s.testMetric = realOrNaN(v); }},
    {"test_macro_f1", [](const RunSummary &s) { return realValue(s.testMacroF1); },
     [](RunSummary &s, const QVariant &v) { s.testMacroF1 = realOrNaN(v); }},
    {"device_name", [](const RunSummary &s) { return QVariant(s.deviceName); },
     [](RunSummary &s, const QVariant &v) { s.deviceName = v.toString(); }},
    {"threads", [](const RunSummary &s) { return QVariant(s.threads); },
     [](RunSummary &s, const QVariant &v) { s.threads = v.toInt(); }},
};

}  // namespace

const std::vector<SummaryColumn> &summaryColumns()
{
    return kColumns;
}

}  // namespace peftbench
