#pragma once
// An experiment config turned into stored, queued runs.
#include "experiment/ExperimentConfig.h"

#include <cstdint>
#include <vector>

namespace peftbench {

class RunStore;

// The experiment narrowed to one of its runs: the same base model, dataset and training settings,
// one run template holding exactly that run's values, repeats 1 and the run's own seed. Relative
// file paths (file: base models, dataset files) become absolute against the config's folder, so
// the stored YAML means the same thing from anywhere. expandRuns() of the result gives back `run`
// (under its expanded name).
ExperimentConfig singleRunConfig(const ExperimentConfig &config, const RunSpec &run);

struct SubmittedExperiment {
    int64_t experimentId = 0;
    std::vector<int64_t> runIds;   // in queue order
};

// Stores the experiment (its YAML as given) and one queued run per expanded run, each with its
// single-run config, queued after everything already in the queue. One transaction per call of
// the store; throws StoreError.
SubmittedExperiment submitExperiment(RunStore &store, const ExperimentConfig &config);

}  // namespace peftbench
