#pragma once

#include <string>

namespace peftbench::fuzz {

// Prints what went wrong and aborts, so that libFuzzer keeps the input as a crash.
[[noreturn]] void stopFuzzing(const std::string &what);

// A broken promise of a reader's contract (not a refused input, which is the reader's job).
inline void expectContract(bool holds, const std::string &what)
{
    if (!holds)
        stopFuzzing("contract broken: " + what);
}

}  // namespace peftbench::fuzz
