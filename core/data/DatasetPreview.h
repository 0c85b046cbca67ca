#pragma once

#include "data/DatasetSplits.h"

#include <cstdint>
#include <string>
#include <vector>

namespace peftbench {

class Tokenizer;

struct LabelCount {
    std::string label;
    size_t train = 0, validation = 0, test = 0;
    size_t total() const { return train + validation + test; }
};

// Records whose token count is in [lower, upper).
struct TokenLengthBucket {
    int64_t lower = 0;
    int64_t upper = 0;
    size_t count = 0;
};

struct DatasetPreview {
    TaskKind task = TaskKind::CausalLm;
    size_t trainCount = 0, validationCount = 0, testCount = 0;
    std::vector<TextRecord> rows;                    // the first training records
    std::vector<LabelCount> labels;                  // classification only; sorted by label
    // Token counts of every record's content (text; prompt + completion), without bos/eos or the
    // classification separator. Buckets are [0,16), [16,32), [32,64), ... doubling up to the one
    // holding the longest record, every bucket listed even when empty: powers of two line up with
    // the max_length values people pick, so "how many fit in 256?" reads off directly.
    std::vector<TokenLengthBucket> lengthHistogram;
    int64_t minTokens = 0, maxTokens = 0;
    double meanTokens = 0.0;
};

// Summary of a dataset for the wizard's preview page: first `rows` training records (fewer when
// the split is smaller), label counts per split, token-length histogram over all splits.
DatasetPreview previewDataset(const DatasetSplits &splits, const Tokenizer &tok, int rows = 20);

}  // namespace peftbench
