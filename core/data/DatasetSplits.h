#pragma once

#include "data/DataSplit.h"
#include "data/TaskData.h"

#include <QString>

#include <cstdint>
#include <string>
#include <vector>

namespace peftbench {

// A dataset ready for the task builders: three fixed splits of raw records.
struct DatasetSplits {
    std::vector<TextRecord> train, validation, test;
    TaskKind task = TaskKind::CausalLm;
    QString description;  // one line for logs and the UI, e.g. "spam: 3,020 train / ..."

    size_t size() const { return train.size() + validation.size() + test.size(); }
};

// splitIndices() run separately inside each group (e.g. per label, per genre), so every group with
// at least three members appears in every split and small classes are not left out of validation
// by chance. Each group gets its own seed derived from `seed` and the group's first-seen order, so
// the result depends only on the group sequence, seed and fractions. Indices come back sorted.
SplitIndices stratifiedSplitIndices(const std::vector<std::string> &groups, uint64_t seed,
                                    SplitFractions fractions = {});

// Copies records[i] for the indices of each split (indices must be < records.size()).
DatasetSplits assembleSplits(const std::vector<TextRecord> &records, const SplitIndices &split,
                             TaskKind task, QString description);

// "1,234 train / 154 validation / 155 test" — shared wording for descriptions and logs.
QString splitSizesText(const DatasetSplits &splits);

}  // namespace peftbench
