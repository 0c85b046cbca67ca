#pragma once
// The resource estimate of a run already in the store, for the live view's reference line and
// the estimate-vs-measured table after the run.
#include "experiment/ResourceEstimate.h"

#include <optional>

namespace peftbench {

struct RunRecord;

// From the run's own config (a single-run experiment) and its base model's shape, for this
// machine now; `threads` > 0 overrides the config's. Empty when the config or the base model
// cannot be read (executing the run reports why).
std::optional<ResourceEstimate> estimateStoredRun(const RunRecord &run, int threads);

}  // namespace peftbench
