#pragma once
// What a run will cost before it starts: peak memory by what holds it, and time per step and for
// the run. The wizard shows it before launch; after a run it stands next to what was measured
// (RunSummary::memory), under the same categories.
#include "experiment/ExperimentConfig.h"
#include "model/ModelConfig.h"

#include <QString>

#include <cstdint>

namespace peftbench {

// The machine the estimate is for.
struct EstimateEnvironment {
    bool cuda = false;                 // VRAM on CUDA, RAM on the CPU
    int threads = 1;                   // intra-op threads the run will use
    double gemmFlopsPerSecond = 0;     // measured fp32 GEMM throughput (GemmBenchmark); 0: no time estimate
    int64_t baselineBytes = 0;         // CPU: the process's resident memory before the model (runtime,
                                       // libraries, datasets); CUDA: 0 (the context is not in the allocator)
    int64_t freeBytes = 0;             // free RAM (MemAvailable) or free VRAM; 0: unknown
};

struct ResourceEstimate {
    QString memoryLabel;               // "RAM" or "VRAM", as MemoryProbe labels it
    int64_t totalParams = 0;           // base model plus the method's own parameters
    int64_t trainableParams = 0;
    // Peak memory, split as RunSummary::memory splits what was measured.
    int64_t baselineBytes = 0;
    int64_t weightBytes = 0;           // every parameter (the method's included)
    int64_t gradientBytes = 0;         // one per trainable parameter
    int64_t optimizerBytes = 0;        // AdamW: two moments per trainable parameter
    int64_t activationBytes = 0;       // saved for backward at the peak, plus logits and workspace
    int64_t allocatorReserveBytes = 0; // CPU: freed blocks the allocator keeps for reuse (CpuBlockCache)
    // Measured, activations and the reserve are one figure: what the process holds beyond the
    // tensors counted above (RunSummary::memory.otherBytes).
    int64_t restBytes() const { return activationBytes + allocatorReserveBytes; }
    int64_t peakBytes() const { return baselineBytes + weightBytes + gradientBytes + optimizerBytes + restBytes(); }

    double flopsPerStep = 0;           // forward + backward of one optimizer step (accumulation included)
    double secondsPerStep = 0;         // 0 when the environment has no GEMM throughput
    double runSeconds = 0;             // steps × secondsPerStep, evaluations included
    // Set when what the run needs beyond the baseline it already holds (peakBytes() - baselineBytes)
    // exceeds a known freeBytes: the message to show before launch.
    QString warning;
};

// The estimate for one concrete run of `experiment` on a model shaped `model`. Pure arithmetic
// over the shapes: nothing is allocated, so it is instant for any model size.
ResourceEstimate estimateRun(const ModelConfig &model, const ExperimentConfig &experiment, const RunSpec &run,
                             const EstimateEnvironment &environment);

// This machine now: free RAM and this process's resident memory (CPU), or the CUDA device's
// free memory; GEMM throughput from a short measurement (about 0.2 s), cached for the process.
EstimateEnvironment currentEstimateEnvironment(bool cuda, int threads);

}  // namespace peftbench
