#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace peftbench {

// Seeded epoch-based sampler over example indices 0..datasetSize-1. Epoch e visits the examples
// in seededPermutation(datasetSize, seed + e) order (or in index order without shuffle), so the
// whole sequence of batches follows from (size, batch size, seed) and a {epoch, position} pair is
// enough to resume it after a checkpoint.
//
// When datasetSize >= batchSize every batch is full and the short remainder of an epoch is
// dropped (it would be a noisier, differently weighted step). When datasetSize < batchSize there
// is no full batch inside one epoch, so batches wrap across epochs instead.
class BatchSampler {
public:
    // Throws std::invalid_argument for a zero dataset or batch size.
    BatchSampler(size_t datasetSize, size_t batchSize, uint64_t seed, bool shuffle = true);

    std::vector<size_t> next();

    // The position of the NEXT batch: epoch() is the number of completed passes over the data.
    struct State {
        uint64_t epoch = 0;
        size_t position = 0;
    };
    State state() const;
    // Throws std::invalid_argument for a position past the end of the dataset.
    void restore(const State &state);
    uint64_t epoch() const;

private:
    void startEpoch(uint64_t epoch);
    // Moves to the next epoch when the current one cannot supply the next batch's first index.
    void advanceIfExhausted();

    size_t datasetSize_;
    size_t batchSize_;
    uint64_t seed_;
    bool shuffle_;
    State state_;
    std::vector<size_t> order_;  // this epoch's visiting order
};

}  // namespace peftbench
