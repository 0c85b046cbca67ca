#include "data/DatasetSplits.h"

#include <QLocale>

#include <algorithm>
#include <map>

namespace peftbench {

SplitIndices stratifiedSplitIndices(const std::vector<std::string> &groups, uint64_t seed,
                                    SplitFractions fractions)
{
    // Members of each group in dataset order, groups in first-seen order (not map order, so that
    // renaming a label does not reshuffle the other groups).
    std::map<std::string, size_t> groupNumber;
    std::vector<std::vector<size_t>> members;
    for (size_t i = 0; i < groups.size(); ++i) {
        auto [it, inserted] = groupNumber.emplace(groups[i], members.size());
        if (inserted)
            members.emplace_back();
        members[it->second].push_back(i);
    }

    SplitIndices all;
    for (size_t g = 0; g < members.size(); ++g) {
        // Distinct per-group seeds: groups of equal size would otherwise get the same permutation.
        const uint64_t groupSeed = seed + 0x9E3779B97F4A7C15ULL * (g + 1);
        const SplitIndices local = splitIndices(members[g].size(), groupSeed, fractions);
        for (size_t i : local.train)
            all.train.push_back(members[g][i]);
        for (size_t i : local.validation)
            all.validation.push_back(members[g][i]);
        for (size_t i : local.test)
            all.test.push_back(members[g][i]);
    }
    std::sort(all.train.begin(), all.train.end());
    std::sort(all.validation.begin(), all.validation.end());
    std::sort(all.test.begin(), all.test.end());
    return all;
}

DatasetSplits assembleSplits(const std::vector<TextRecord> &records, const SplitIndices &split,
                             TaskKind task, QString description)
{
    DatasetSplits out;
    out.task = task;
    out.description = std::move(description);
    auto take = [&](const std::vector<size_t> &indices, std::vector<TextRecord> &into) {
        into.reserve(indices.size());
        for (size_t i : indices)
            into.push_back(records.at(i));
    };
    take(split.train, out.train);
    take(split.validation, out.validation);
    take(split.test, out.test);
    return out;
}

QString splitSizesText(const DatasetSplits &splits)
{
    // English grouping whatever the user's locale: descriptions are logged and compared.
    const QLocale english(QLocale::English);
    auto n = [&](size_t v) { return english.toString(static_cast<qulonglong>(v)); };
    return QStringLiteral("%1 train / %2 validation / %3 test")
        .arg(n(splits.train.size()), n(splits.validation.size()), n(splits.test.size()));
}

}  // namespace peftbench
