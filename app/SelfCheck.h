#pragma once

#include <QTextStream>

namespace peftbench {

// `peftbench --self-check`: times fp32 GEMMs and says whether the BLAS is fit for training.
// Returns the process exit code (0 healthy, 1 when the BLAS is too slow to train on).
int runSelfCheck(QTextStream &out);

}  // namespace peftbench
