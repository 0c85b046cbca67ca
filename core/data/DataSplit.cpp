#include "data/DataSplit.h"

#include "data/SeededShuffle.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace peftbench {

namespace {

void requireFraction(const char *what, double fraction)
{
    if (!std::isfinite(fraction) || fraction < 0.0)
        throw std::invalid_argument(std::string("split: the ") + what
                                    + " fraction must be a finite number >= 0, got "
                                    + std::to_string(fraction));
}

}  // namespace

SplitIndices splitIndices(size_t n, uint64_t seed, SplitFractions f)
{
    requireFraction("validation", f.validation);
    requireFraction("test", f.test);
    if (f.validation + f.test >= 1.0)
        throw std::invalid_argument("split: validation + test fractions must be below 1, got "
                                    + std::to_string(f.validation + f.test));

    size_t validationCount = static_cast<size_t>(std::llround(static_cast<double>(n) * f.validation));
    size_t testCount = static_cast<size_t>(std::llround(static_cast<double>(n) * f.test));
    if (n >= 3) {
        // A split with no validation or test item would make early stopping and the final test
        // metric silently meaningless on small datasets.
        validationCount = std::max<size_t>(validationCount, 1);
        testCount = std::max<size_t>(testCount, 1);
    }
    // Training needs at least one item; take back from the larger held-out part first (which
    // never takes either below one when n >= 3, since 1 + 1 <= n - 1).
    while (n >= 1 && validationCount + testCount > n - 1) {
        if (validationCount >= testCount)
            --validationCount;
        else
            --testCount;
    }

    const std::vector<size_t> order = seededPermutation(n, seed);
    SplitIndices split;
    const auto begin = order.begin();
    const auto validationEnd = begin + static_cast<std::ptrdiff_t>(validationCount);
    const auto testEnd = validationEnd + static_cast<std::ptrdiff_t>(testCount);
    split.validation.assign(begin, validationEnd);
    split.test.assign(validationEnd, testEnd);
    split.train.assign(testEnd, order.end());
    // Sorted so each part reads in dataset order; the batch sampler does the training shuffle.
    std::sort(split.validation.begin(), split.validation.end());
    std::sort(split.test.begin(), split.test.end());
    std::sort(split.train.begin(), split.train.end());
    return split;
}

}  // namespace peftbench
