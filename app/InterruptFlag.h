#pragma once
#include <atomic>

namespace peftbench {

// Ctrl-C (SIGINT) and SIGTERM set the returned flag, which the trainer checks between steps, so
// the run ends as `cancelled` with what it had. A second Ctrl-C quits at once (exit status 130).
const std::atomic<bool> &installInterruptHandler();

}  // namespace peftbench
