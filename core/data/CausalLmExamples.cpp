#include "data/ExampleChecks.h"
#include "data/TaskData.h"
#include "tokenizer/Tokenizer.h"

#include <algorithm>

namespace peftbench {

std::vector<TokenizedExample> buildCausalLmExamples(const std::vector<TextRecord> &records,
                                                    const Tokenizer &tok, int maxLength)
{
    detail::requireMaxLength("causal_lm", maxLength);
    detail::requireRecords("causal_lm", records);

    // The stream without its leading bos: every window gets a bos of its own, and the stream's
    // first bos would otherwise make the first window start with two.
    std::vector<int64_t> stream;
    for (size_t i = 0; i < records.size(); ++i) {
        if (i > 0)
            stream.push_back(tok.bosId());
        const std::vector<int64_t> ids = tok.encode(records[i].text);
        stream.insert(stream.end(), ids.begin(), ids.end());
        stream.push_back(tok.eosId());
    }

    // Each window is bos + up to maxLength-1 stream tokens; since every window holds at least one
    // stream token, the last partial one always has the >= 2 tokens needed to keep it.
    const size_t body = static_cast<size_t>(maxLength) - 1;
    std::vector<TokenizedExample> examples;
    examples.reserve((stream.size() + body - 1) / body);
    for (size_t start = 0; start < stream.size(); start += body) {
        const size_t end = std::min(stream.size(), start + body);
        TokenizedExample example;
        example.tokens.reserve(end - start + 1);
        example.tokens.push_back(tok.bosId());
        example.tokens.insert(example.tokens.end(), stream.begin() + static_cast<std::ptrdiff_t>(start),
                              stream.begin() + static_cast<std::ptrdiff_t>(end));
        example.lossMask.assign(example.tokens.size(), 1);
        example.lossMask[0] = 0;
        examples.push_back(std::move(example));
    }
    return examples;
}

}  // namespace peftbench
