#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace peftbench {

struct SplitFractions {
    double validation = 0.1;
    double test = 0.1;
};

struct SplitIndices {
    std::vector<size_t> train, validation, test;  // each sorted ascending
};

// Seeded, deterministic shuffle (seededPermutation), then cut: validation takes the first
// round(n * validation) shuffled items, test the next round(n * test), train the rest. With n >= 3
// validation and test get at least one item each and train keeps at least one. The same seed and
// n give the same split on every platform. Throws std::invalid_argument for a negative or
// non-finite fraction, or fractions summing to 1 or more (nothing would be left to train on).
SplitIndices splitIndices(size_t n, uint64_t seed, SplitFractions f = {});

}  // namespace peftbench
