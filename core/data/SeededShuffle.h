#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace peftbench {

// Uniform integer in [0, bound) from a std::mt19937_64. std::uniform_int_distribution and
// std::shuffle are implemented differently by libstdc++, libc++ and MSVC, while mt19937_64's raw
// output is fixed by the standard: drawing ourselves gives the same splits and batch orders on
// every platform. Rejection sampling keeps it unbiased. bound must be > 0.
uint64_t uniformBelow(std::mt19937_64 &engine, uint64_t bound);

// 0..n-1 in a seeded Fisher–Yates order: identical for the same (n, seed) everywhere.
std::vector<size_t> seededPermutation(size_t n, uint64_t seed);

}  // namespace peftbench
