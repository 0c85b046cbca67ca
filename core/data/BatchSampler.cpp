#include "data/BatchSampler.h"

#include "data/SeededShuffle.h"

#include <numeric>
#include <stdexcept>
#include <string>

namespace peftbench {

BatchSampler::BatchSampler(size_t datasetSize, size_t batchSize, uint64_t seed, bool shuffle)
    : datasetSize_(datasetSize), batchSize_(batchSize), seed_(seed), shuffle_(shuffle)
{
    if (datasetSize == 0)
        throw std::invalid_argument("BatchSampler: the dataset is empty");
    if (batchSize == 0)
        throw std::invalid_argument("BatchSampler: the batch size must be at least 1");
    startEpoch(0);
}

void BatchSampler::startEpoch(uint64_t epoch)
{
    state_ = {epoch, 0};
    if (shuffle_) {
        order_ = seededPermutation(datasetSize_, seed_ + epoch);
    } else {
        order_.resize(datasetSize_);
        std::iota(order_.begin(), order_.end(), size_t{0});
    }
}

void BatchSampler::advanceIfExhausted()
{
    const bool dropsRemainder = datasetSize_ >= batchSize_;
    const size_t remaining = datasetSize_ - state_.position;
    if (remaining == 0 || (dropsRemainder && remaining < batchSize_))
        startEpoch(state_.epoch + 1);
}

std::vector<size_t> BatchSampler::next()
{
    std::vector<size_t> batch;
    batch.reserve(batchSize_);
    while (batch.size() < batchSize_) {
        // Only true mid-batch in wrap mode: full-batch mode never starts a batch it can't end.
        if (state_.position == datasetSize_)
            startEpoch(state_.epoch + 1);
        batch.push_back(order_[state_.position++]);
    }
    advanceIfExhausted();
    return batch;
}

BatchSampler::State BatchSampler::state() const
{
    return state_;
}

void BatchSampler::restore(const State &state)
{
    if (state.position > datasetSize_)
        throw std::invalid_argument("BatchSampler::restore: position "
                                    + std::to_string(state.position)
                                    + " is past the dataset size " + std::to_string(datasetSize_));
    startEpoch(state.epoch);
    state_.position = state.position;
    advanceIfExhausted();
}

uint64_t BatchSampler::epoch() const
{
    return state_.epoch;
}

}  // namespace peftbench
