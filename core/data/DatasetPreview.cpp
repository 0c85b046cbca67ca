#include "data/DatasetPreview.h"

#include "tokenizer/Tokenizer.h"

#include <algorithm>
#include <limits>
#include <map>

namespace peftbench {

namespace {

constexpr int64_t kFirstBucketUpper = 16;

int64_t contentTokens(const TextRecord &r, TaskKind task, const Tokenizer &tok)
{
    if (task == TaskKind::Completion)
        return static_cast<int64_t>(tok.encode(r.prompt).size() + tok.encode(r.completion).size());
    return static_cast<int64_t>(tok.encode(r.text).size());
}

}  // namespace

DatasetPreview previewDataset(const DatasetSplits &splits, const Tokenizer &tok, int rows)
{
    DatasetPreview p;
    p.task = splits.task;
    p.trainCount = splits.train.size();
    p.validationCount = splits.validation.size();
    p.testCount = splits.test.size();
    const size_t shown = std::min(splits.train.size(), static_cast<size_t>(std::max(rows, 0)));
    p.rows.assign(splits.train.begin(), splits.train.begin() + static_cast<std::ptrdiff_t>(shown));

    if (splits.task == TaskKind::Classification) {
        std::map<std::string, LabelCount> counts;
        auto count = [&](const std::vector<TextRecord> &records, size_t LabelCount::*field) {
            for (const TextRecord &r : records) {
                LabelCount &c = counts[r.label];
                c.label = r.label;
                ++(c.*field);
            }
        };
        count(splits.train, &LabelCount::train);
        count(splits.validation, &LabelCount::validation);
        count(splits.test, &LabelCount::test);
        for (auto &[label, c] : counts)
            p.labels.push_back(c);
    }

    std::vector<int64_t> lengths;
    lengths.reserve(splits.size());
    for (const auto *records : {&splits.train, &splits.validation, &splits.test})
        for (const TextRecord &r : *records)
            lengths.push_back(contentTokens(r, splits.task, tok));
    if (lengths.empty())
        return p;

    p.minTokens = *std::min_element(lengths.begin(), lengths.end());
    p.maxTokens = *std::max_element(lengths.begin(), lengths.end());
    double sum = 0.0;
    for (int64_t n : lengths)
        sum += static_cast<double>(n);
    p.meanTokens = sum / static_cast<double>(lengths.size());

    size_t bucketCount = 1;
    for (int64_t upper = kFirstBucketUpper; upper <= p.maxTokens; upper *= 2)
        ++bucketCount;
    p.lengthHistogram.resize(bucketCount);
    for (size_t k = 0; k < bucketCount; ++k) {
        p.lengthHistogram[k].lower = k == 0 ? 0 : kFirstBucketUpper << (k - 1);
        p.lengthHistogram[k].upper = kFirstBucketUpper << k;
    }
    for (int64_t n : lengths) {
        // Bucket k holds [16 * 2^(k-1), 16 * 2^k); bucket 0 holds [0, 16).
        size_t k = 0;
        while (n >= p.lengthHistogram[k].upper)
            ++k;
        ++p.lengthHistogram[k].count;
    }
    return p;
}

}  // namespace peftbench
