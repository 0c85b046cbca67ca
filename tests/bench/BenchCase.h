#pragma once
// What the benchmark measures: one (model, method) pair per case, with everything both sides —
// the engine and the PyTorch reference — need to train it the same way.

#include "methods/MethodSettings.h"
#include "model/ModelConfig.h"
#include "train/TrainingParams.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace peftbench::bench {

struct BenchCase {
    QString name;          // "a/full", "b/lora", "c/full_checkpointed", ...: the id a child process is started with
    QString model;         // "a", "b", "c", "alloc" or "scale": the group --models selects
    ModelConfig config;
    MethodSettings method;
    int64_t batchSize = 16;
    int64_t seqLen = 128;         // input tokens per example (each example holds seqLen + 1 tokens)
    int64_t examples = 64;        // random training sequences to draw batches from
    int64_t bosId = 256;          // first token of every sequence
    int64_t tokenRange = 256;     // the other tokens are uniform in [0, tokenRange)
    int64_t warmupSteps = 3;
    int64_t timedSteps = 20;
    int threads = 0;              // 0: one per core
    uint64_t seed = 42;
    double lr = 3e-4;
    double weightDecay = 0.01;    // non-zero so both optimizers do the same decay work
    double gradClip = 1.0;
    bool gradientCheckpointing = false;  // train.gradient_checkpointing
    bool compareWithReference = true;    // false: an engine-only figure (model (c): checkpointing's memory)
    // glibc's M_MMAP_THRESHOLD for the engine child, with the block cache off (nothing retained);
    // 0 keeps the engine's own policy (HostHeap.h, CpuBlockCache.h).
    int64_t mmapThresholdBytes = 0;

    int64_t tokensPerStep() const { return batchSize * seqLen; }
    // The training loop's settings for the engine: steps, lr and AdamW as above, no evaluation
    // to speak of (see EngineRun.cpp).
    TrainingParams trainingParams() const;
    // The spec pytorch_reference.py reads (--spec): shapes, method, batch, optimizer.
    QJsonObject toReferenceSpec() const;
};

struct StepCounts {
    int64_t warmup = -1;  // -1: the model's default
    int64_t timed = -1;
};

// Every case in measuring order: model (a) then (b), full, lora, prompt_tuning for each; then (c),
// full fine-tuning of (b)'s shape at batch 8 × 512 without and with activation checkpointing;
// then "alloc", full fine-tuning of (a) and (b) under the engine's allocator policy and with
// nothing retained; then "scale", the scaling sweeps (ScalingCases.h).
// `models` filters by group ("a", "b", "c", "alloc", "scale") or case name ("b/lora"); empty means all.
std::vector<BenchCase> benchCases(const StepCounts &steps, int threads, const QStringList &models = {});

QString modelDescription(const QString &model);  // one line: shape and batch, for (a), (b) and (c)

// The settings every case trains a method with: LoRA r 8, alpha 16, dropout 0.05 on q and v;
// prompt tuning with 20 virtual tokens sampled from the vocabulary.
MethodSettings benchMethod(MethodKind kind);

// The groups benchCases() knows, in measuring order.
QStringList benchModels();

// glibc's M_MMAP_THRESHOLD the "alloc" cases compare with its default (what
// tests/test_resource_estimate.cpp sets so that RSS follows the live tensors).
inline constexpr int64_t kSmallMmapThresholdBytes = 128 * 1024;

}  // namespace peftbench::bench
