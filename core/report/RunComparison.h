#pragma once
// Finished runs side by side: what the compare view, the claims check and every report read.
// Loaded once from the run store, then pure data: no store access after loadComparison().
#include "experiment/ResourceEstimate.h"
#include "store/StoreRecords.h"
#include "train/TrainingMetrics.h"

#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace peftbench {

class RunStore;

// A run that cannot be compared (unknown id, no summary yet, an empty selection). The message
// names the run and says why; the CLI maps it to exit code 2 (invalid input).
class ComparisonError : public std::runtime_error {
public:
    explicit ComparisonError(const QString &message);
    QString message() const;
};

struct ComparedRun {
    RunRecord record;
    RunSummary summary;
    StepSeries steps;
    std::vector<EvalMetrics> evaluations;
    // The run's config flattened to "key path" -> value text, every default filled in (from the
    // expanded run, not the YAML as written), e.g. "method" -> "lora", "lora.r" -> "8",
    // "train.lr" -> "0.002", "train.seed" -> "43", "dataset.source" -> "builtin:spam".
    // Empty when the stored config no longer parses (configError says why).
    QMap<QString, QString> settings;
    QString configError;
    // What the estimator predicted for this run (memory breakdown), when asked for and the
    // config and its base model can still be read; reports show it next to the measured summary.
    std::optional<ResourceEstimate> estimate;
    int group = 0;                  // index into Comparison::groups
};

// Runs that are the same configuration trained with different seeds (the `repeats` of an
// experiment): identical settings except train.seed.
struct RunGroup {
    QString label;                  // the runs' name without the " #k" repeat suffix, e.g. "lora r=8"
    QString method;                 // "full", "lora", "prompt_tuning", ...
    std::vector<int> members;       // indices into Comparison::runs, in run order
};

// Mean and sample standard deviation (divisor n − 1) over the finite values of a group.
// n = 0: mean and std are NaN; n = 1: std is 0.
struct Stat {
    double mean = kNoValue;
    double std = kNoValue;
    int n = 0;
};

// Every per-run number the comparison charts, tabulates and judges.
enum class RunMetric {
    BestValLoss,
    FinalValLoss,
    TestMetric,          // the task metric on the test split (accuracy or perplexity)
    TestLoss,
    TrainableParams,
    TrainablePercent,
    PeakMemory,
    WeightBytes,
    GradientBytes,
    OptimizerBytes,
    OtherBytes,          // activations, workspace, allocator slack plus the CPU baseline
    SecondsPerStep,
    TokensPerSecond,
    AdapterBytes,        // what the method saves (the whole model for full fine-tuning)
    GeneralizationGap,   // final validation loss − final training loss
    WallSeconds,
};

// Every RunMetric in declaration order, for tables and exports.
const std::vector<RunMetric> &allRunMetrics();
// "best validation loss", "test accuracy", "peak RAM", ...; `taskMetricName` and `memoryLabel`
// fill in the names that depend on the runs ("accuracy"/"perplexity", "RAM"/"VRAM"), empty: generic.
QString metricLabel(RunMetric metric, const QString &taskMetricName = {}, const QString &memoryLabel = {});
// A short snake_case key for machine-readable exports: "best_val_loss", "peak_memory_bytes", ...
QString metricKey(RunMetric metric);
// Whether a larger value is better. Only TestMetric depends on the task: accuracy (and other
// scores) higher, perplexity lower. Costs and losses: lower is better.
bool higherIsBetter(RunMetric metric, const QString &taskMetricName = {});
// Whether the metric counts bytes (charts and tables format it with formatBytes).
bool isByteMetric(RunMetric metric);
// The value for one run; NaN when the run did not record it (e.g. no test split, no adapter).
double metricValue(const ComparedRun &run, RunMetric metric);
// The value as text for tables: bytes, counts, seconds and losses each formatted their own way.
QString formatMetric(RunMetric metric, double value);

struct Comparison {
    std::vector<ComparedRun> runs;  // in the order asked for
    std::vector<RunGroup> groups;   // in order of each group's first run
    // The task metric every run reports ("accuracy", "perplexity"); empty when the runs have none
    // or disagree (mixedMetrics), in which case quality is compared on validation loss only.
    QString metricName;
    bool mixedMetrics = false;
    // "RAM" or "VRAM" when every run measured the same; "RAM/VRAM" when mixed.
    QString memoryLabel;
    QDateTime loadedAt;             // UTC, for report headers
};

struct ComparisonOptions {
    // Run the resource estimator for each run (ComparedRun::estimate). It reads the base model's
    // config, so a few milliseconds per run; the compare view may skip it.
    bool withEstimates = true;
    int estimateThreads = 0;        // > 0 overrides the runs' configured threads
};

// Loads the runs in the given order. Throws ComparisonError for an empty list, an id given twice,
// an unknown id or a run without a summary (not finished: its status is named), and StoreError
// when the store itself fails.
Comparison loadComparison(const RunStore &store, const std::vector<int64_t> &runIds,
                          const ComparisonOptions &options = {});

// The runs of an experiment that have a summary (completed, or stopped early with one), by id.
// Throws ComparisonError for an unknown experiment.
std::vector<int64_t> finishedRunIds(const RunStore &store, int64_t experimentId);

// What "quality" means for these runs, for the claims and the quality-vs-cost charts: the test
// metric when every group has one and the runs share a task metric, else the best validation loss.
// higherIsBetter(qualityMetric(c), c.metricName) gives its direction.
RunMetric qualityMetric(const Comparison &comparison);

// A name without its repeat suffix: "lora r=8 #2" -> "lora r=8".
QString nameWithoutRepeat(const QString &runName);

// The statistic of a group's members for `metric` (NaN values are skipped).
Stat groupStat(const Comparison &comparison, int group, RunMetric metric);

// The points no other point beats: lower cost and higher quality. A point is dominated when
// another has cost <= and quality >= with at least one strictly better. Points with a NaN
// coordinate are never on the front. Returns indices into `costQuality`, by ascending cost (ties:
// by index).
std::vector<int> paretoFront(const std::vector<std::pair<double, double>> &costQuality);

// The runs' settings as a table: one row per key, one column per run (Comparison::runs order);
// a key a run does not have shows as "". With differencesOnly, only keys whose values differ.
struct ConfigDiff {
    QStringList keys;                     // sorted
    std::vector<QStringList> values;      // values[k][r]: key k of run r
};
ConfigDiff configDiff(const Comparison &comparison, bool differencesOnly);

// The x-axis of the overlaid curves.
enum class CurveAxis { Step, Epoch, Tokens, WallTime };
QString curveAxisLabel(CurveAxis axis);   // "step", "epoch", "tokens seen", "wall time (s)"
// One x per step of the series.
QVector<double> curveX(const StepSeries &steps, CurveAxis axis);
// One x per evaluation of the run, placed at the step it was taken (an evaluation at step 0, before
// training, is at x = 0; a step missing from the series is interpolated between its neighbours).
QVector<double> evaluationX(const ComparedRun &run, CurveAxis axis);

}  // namespace peftbench
