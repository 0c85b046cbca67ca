#include "data/DatasetChecks.h"

#include "data/DatasetError.h"
#include "tokenizer/Tokenizer.h"

#include <algorithm>
#include <limits>

namespace peftbench {

void requireRecords(const std::vector<TextRecord> &records, const QString &fileName, const QString &why)
{
    if (records.empty())
        throw DatasetError(fileName, QStringLiteral("no records (%1)").arg(why));
}

void requireTwoLabels(const std::vector<TextRecord> &records, const QString &fileName)
{
    if (records.empty())
        return;
    const std::string &first = records.front().label;
    const bool allSame = std::all_of(records.begin(), records.end(),
                                     [&](const TextRecord &r) { return r.label == first; });
    if (allSame)
        throw DatasetError(fileName, QStringLiteral("every record has the label \"%1\"; classification needs at "
                                                    "least two classes")
                                         .arg(QString::fromStdString(first)));
}

void requireSomeRecordFits(const std::vector<TextRecord> &records, TaskKind task, const Tokenizer &tok,
                           int maxLength, const QString &fileName)
{
    if (task == TaskKind::CausalLm || records.empty())
        return;
    const size_t separator = task == TaskKind::Classification ? tok.encode(kClassificationSeparator).size() : 0;
    size_t shortest = std::numeric_limits<size_t>::max();
    for (const TextRecord &r : records) {
        // bos + ... + eos
        const size_t length = task == TaskKind::Classification
                                  ? 2 + tok.encode(r.text).size() + separator + tok.encode(r.label).size()
                                  : 2 + tok.encode(r.prompt).size() + tok.encode(r.completion).size();
        if (length <= static_cast<size_t>(maxLength))
            return;
        shortest = std::min(shortest, length);
    }
    throw DatasetError(fileName, QStringLiteral("every record is longer than max_length = %1 tokens (the shortest "
                                                "needs %2); raise max_length or check the chosen columns")
                                     .arg(maxLength)
                                     .arg(shortest));
}

}  // namespace peftbench
