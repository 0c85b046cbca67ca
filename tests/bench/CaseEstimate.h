#pragma once
// The product's own estimate (experiment/ResourceEstimate.h, what the wizard shows before launch)
// for one bench case, so the bench can put it next to what the case measured.

#include "BenchCase.h"

#include "experiment/ResourceEstimate.h"

namespace peftbench::bench {

// estimateRun for the case's model, method, batch, sequence length and checkpointing. The
// baseline (the runtime's resident memory before the model) is the caller's: the measured one
// of the child that trained the case, so the comparison is about what the run adds to it.
ResourceEstimate estimateCase(const BenchCase &benchCase, int64_t baselineBytes, double gemmFlopsPerSecond);

}  // namespace peftbench::bench
