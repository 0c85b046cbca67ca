#pragma once
// The UI and run-store targets (issue 10, items 5 and 6) from peftbench_ui_bench's and
// peftbench_store_bench's figures, as lines of the one targets table.

#include "BenchFormatting.h"
#include "BenchReport.h"

#include <vector>

namespace peftbench::bench {

std::vector<Target> uiTargets(const BenchRun &run);
std::vector<Target> storeTargets(const BenchRun &run);

}  // namespace peftbench::bench
