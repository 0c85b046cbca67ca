#include "CaseEstimate.h"

namespace peftbench::bench {

ResourceEstimate estimateCase(const BenchCase &c, int64_t baselineBytes, double gemmFlopsPerSecond)
{
    ExperimentConfig experiment;
    // The estimator counts max_length tokens per example with bos, the model seeing one fewer:
    // the bench's examples hold bos + seqLen tokens and the model sees seqLen.
    experiment.dataset.maxLength = int(c.seqLen + 1);
    RunSpec run;
    run.method = c.method;
    run.train = c.trainingParams();
    EstimateEnvironment environment;
    environment.cuda = false;
    environment.threads = c.threads;
    environment.gemmFlopsPerSecond = gemmFlopsPerSecond;
    environment.baselineBytes = baselineBytes;
    return estimateRun(c.config, experiment, run, environment);
}

}  // namespace peftbench::bench
