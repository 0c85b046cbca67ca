#include "data/ExampleChecks.h"
#include "data/TaskData.h"
#include "tokenizer/Tokenizer.h"

#include <algorithm>

namespace peftbench {

std::vector<TokenizedExample> buildCompletionExamples(const std::vector<TextRecord> &records,
                                                      const Tokenizer &tok, int maxLength)
{
    detail::requireMaxLength("completion", maxLength);
    detail::requireRecords("completion", records);

    const size_t limit = static_cast<size_t>(maxLength);
    std::vector<TokenizedExample> examples;
    examples.reserve(records.size());
    for (const TextRecord &record : records) {
        const std::vector<int64_t> prompt = tok.encode(record.prompt);
        const std::vector<int64_t> completion = tok.encode(record.completion);

        // bos and eos take two places; the prompt gets what the completion leaves.
        size_t promptKeep = 0;
        size_t completionKeep = completion.size();
        bool withEos = true;
        if (completion.size() + 2 <= limit) {
            promptKeep = std::min(prompt.size(), limit - 2 - completion.size());
        } else {
            completionKeep = limit - 1;
            withEos = false;
        }

        TokenizedExample example;
        example.tokens.reserve(1 + promptKeep + completionKeep + 1);
        example.tokens.push_back(tok.bosId());
        // Keep the prompt's end: the words right before the answer matter most.
        example.tokens.insert(example.tokens.end(),
                              prompt.end() - static_cast<std::ptrdiff_t>(promptKeep), prompt.end());
        example.lossMask.assign(example.tokens.size(), 0);
        example.tokens.insert(example.tokens.end(), completion.begin(),
                              completion.begin() + static_cast<std::ptrdiff_t>(completionKeep));
        if (withEos)
            example.tokens.push_back(tok.eosId());
        example.lossMask.resize(example.tokens.size(), 1);
        examples.push_back(std::move(example));
    }
    return examples;
}

}  // namespace peftbench
