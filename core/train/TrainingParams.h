#pragma once

#include <QString>

#include <cstdint>
#include <optional>

namespace peftbench {

enum class LrScheduleKind { Constant, Linear, Cosine };
QString lrScheduleName(LrScheduleKind kind);  // "constant", "linear", "cosine"
std::optional<LrScheduleKind> parseLrSchedule(const QString &name);

// The training loop's settings, shared by every method of an experiment (lr is per run).
struct TrainingParams {
    int64_t steps = 300;                 // optimizer steps
    int64_t batchSize = 16;              // examples per micro-batch
    int64_t gradAccumulation = 1;        // micro-batches per optimizer step
    double lr = 1e-3;
    double weightDecay = 0.0;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double adamEps = 1e-8;
    LrScheduleKind schedule = LrScheduleKind::Linear;
    int64_t warmupSteps = 0;
    double gradClip = 1.0;               // max global gradient norm; 0 disables clipping
    int64_t evalEvery = 50;              // steps between evaluations (and one at the end)
    int64_t evalMaxExamples = 256;       // validation (and end-of-run training) examples per evaluation, spread
                                         // evenly over the split; 0 = all. The test split is always scored whole.
    int64_t earlyStoppingPatience = 0;   // evaluations without improvement before stopping; 0 = off
    uint64_t seed = 42;
    QString device = QStringLiteral("auto");  // auto | cpu | cuda | cuda:N
    QString dtype = QStringLiteral("fp32");   // fp32 | bf16 | fp16 (autocast where supported)
    int threads = 0;                     // intra-op threads for this run; 0 = one per core
    bool gradientCheckpointing = false;  // recompute each block in backward instead of keeping its
                                         // activations: less memory, about a third more compute
};

}  // namespace peftbench
