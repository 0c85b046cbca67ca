#pragma once
// The scaling sweeps (issue 10, item 7): how tokens/s and peak memory grow with model width,
// depth and sequence length, for each method, engine only, each case in its own child process
// like every other. Small batches and steps keep the whole sweep near 10 minutes on 2 cores.

#include "BenchCase.h"

#include <vector>

namespace peftbench::bench {

struct ScalingShape {
    int64_t dModel = 0;
    int64_t nLayers = 0;
    int64_t seqLen = 0;
    bool operator==(const ScalingShape &o) const { return dModel == o.dModel && nLayers == o.nLayers && seqLen == o.seqLen; }
};

// One sweep: the base shape with one dimension varied.
struct ScalingSweep {
    QString name;       // "width", "depth", "sequence length"
    QString variable;   // the column heading: "d", "layers", "tokens"
    std::vector<ScalingShape> shapes;
    int64_t (*value)(const ScalingShape &);  // the varied dimension of a shape
};

inline constexpr ScalingShape kScalingBase{256, 4, 256};
inline constexpr int64_t kScalingVocab = 8192;   // a BPE-sized vocabulary, well below GPT-2's 50257
inline constexpr int64_t kScalingBatch = 4;

std::vector<ScalingSweep> scalingSweeps();

// Every distinct shape of the sweeps (the base shape once) × full, lora, prompt_tuning, named
// "scale/<method>/d<d>-L<layers>-T<tokens>"; 1 warm-up + 2 timed steps unless `steps` says otherwise.
std::vector<BenchCase> scalingCases(const StepCounts &steps, int threads);

ScalingShape scalingShape(const BenchCase &benchCase);
QString scalingCaseName(MethodKind method, const ScalingShape &shape);

}  // namespace peftbench::bench
