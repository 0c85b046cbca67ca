#pragma once
// The engine's side of one case: the product's own training loop (trainRun) on random token
// sequences, timed from the StepMetrics it reports.

#include "BenchCase.h"
#include "BenchResult.h"

namespace peftbench::bench {

// Runs the case in this process. Call it in a fresh process (peftbench_bench --one NAME): the
// RAM peak is process-wide, so anything measured before would inflate it.
SideResult runEngineCase(const BenchCase &benchCase);

}  // namespace peftbench::bench
