#pragma once
// The "alloc" cases: full fine-tuning of (a) and (b) under the engine's allocator policy (held
// heap, large blocks cached by size) and with nothing retained (no cache, M_MMAP_THRESHOLD at
// 128 KiB), which makes RSS follow the live tensors (what the estimator predicts). The table shows
// what retaining nothing costs in step time and what it saves in peak RAM.

#include "BenchReport.h"

#include <QStringList>

namespace peftbench::bench {

void appendAllocatorTable(QStringList &out, const BenchRun &run);

}  // namespace peftbench::bench
