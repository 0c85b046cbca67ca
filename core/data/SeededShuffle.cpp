#include "data/SeededShuffle.h"

#include <numeric>

namespace peftbench {

uint64_t uniformBelow(std::mt19937_64 &engine, uint64_t bound)
{
    // 2^64 mod bound: draws below it would make the low residues more likely.
    const uint64_t threshold = (0 - bound) % bound;
    uint64_t draw = engine();
    while (draw < threshold)
        draw = engine();
    return draw % bound;
}

std::vector<size_t> seededPermutation(size_t n, uint64_t seed)
{
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::mt19937_64 engine(seed);
    for (size_t i = n; i > 1; --i) {
        const size_t j = static_cast<size_t>(uniformBelow(engine, i));
        std::swap(order[i - 1], order[j]);
    }
    return order;
}

}  // namespace peftbench
