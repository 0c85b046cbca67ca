#pragma once

#include <QString>

#include <cstdint>
#include <limits>
#include <optional>

namespace peftbench {

enum class RunStatus { Queued, Running, Completed, Cancelled, Failed, Diverged, Interrupted };
QString runStatusName(RunStatus status);  // "queued", "running", ...
std::optional<RunStatus> runStatusFromName(const QString &name);

constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

struct StepMetrics {
    int64_t step = 0;              // 1-based optimizer step just finished
    double trainLoss = 0;          // mean over the step's target tokens
    double learningRate = 0;
    double gradNorm = 0;           // global norm before clipping
    double stepSeconds = 0;
    double tokensPerSecond = 0;    // real (non-pad) input tokens per second
    int64_t tokensSeen = 0;
    double epoch = 0;              // examples seen / training examples
    double wallSeconds = 0;        // since the run started
    int64_t memoryBytes = 0;       // RAM (RSS) on the CPU, VRAM (allocated) on CUDA
    int64_t memoryPeakBytes = 0;   // peak since the run started
};

struct EvalMetrics {
    int64_t step = 0;
    double valLoss = 0;            // mean next-token NLL (nats) over target tokens
    QString metricName;            // "perplexity" (causal_lm, completion) or "accuracy" (classification)
    double metric = 0;
    double macroF1 = kNoValue;     // classification only
    double bitsPerByte = kNoValue; // byte-level tokenizers only
};

// Peak memory split by what holds it; `other` is activations, workspace and allocator slack.
struct MemoryBreakdown {
    int64_t baselineBytes = 0;     // CPU: process RSS before the model existed (runtime, libraries, data)
    int64_t weightBytes = 0;
    int64_t gradientBytes = 0;
    int64_t optimizerBytes = 0;
    int64_t otherBytes = 0;
};

struct RunSummary {
    int64_t totalParams = 0;       // base model plus the method's own parameters
    int64_t trainableParams = 0;
    double trainablePercent = 0;
    QString memoryLabel;           // "RAM" or "VRAM"
    int64_t peakMemoryBytes = 0;
    MemoryBreakdown memory;
    int64_t adapterBytes = 0;      // size on disk of what the method saves (whole model for full)
    QString adapterPath;
    int64_t steps = 0;
    double wallSeconds = 0;
    double meanStepSeconds = 0;
    double tokensPerSecond = 0;
    QString metricName;
    double bestValLoss = kNoValue;
    int64_t bestStep = 0;
    double finalValLoss = kNoValue;
    double finalTrainLoss = kNoValue;   // evaluated like validation, on training examples
    double generalizationGap = kNoValue; // finalValLoss − finalTrainLoss
    double bestMetric = kNoValue;
    double finalMetric = kNoValue;
    double testLoss = kNoValue;
    double testMetric = kNoValue;
    double testMacroF1 = kNoValue;
    QString deviceName;
    int threads = 0;
};

// How the trainer reports; the UI and the run store subscribe. Called on the training thread.
class TrainingObserver {
public:
    virtual ~TrainingObserver() = default;
    virtual void onStep(const StepMetrics &) {}
    virtual void onEvaluation(const EvalMetrics &) {}
    virtual void onMessage(const QString &) {}
    // A checkpoint for `step` is complete on disk: a resume restarts from here.
    virtual void onCheckpoint(int64_t /*step*/) {}
};

}  // namespace peftbench
