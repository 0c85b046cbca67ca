#include "data/ExampleChecks.h"
#include "data/TaskData.h"
#include "tokenizer/Tokenizer.h"

#include <algorithm>
#include <map>
#include <set>

namespace peftbench {

namespace {

std::string quoted(const std::string &label)
{
    return "\"" + label + "\"";
}

void requireUsableLabels(const std::vector<std::string> &labels)
{
    std::set<std::string> seen;
    for (const std::string &label : labels) {
        if (label.empty())
            throw std::invalid_argument("classification: the label list contains an empty label");
        if (!seen.insert(label).second)
            throw std::invalid_argument("classification: the label list contains "
                                        + quoted(label) + " twice");
    }
    // With one class there is nothing to learn and accuracy is trivially 100 %.
    if (labels.size() < 2)
        throw std::invalid_argument(
            "classification needs at least two label classes, but the only label is "
            + (labels.empty() ? std::string("(none)") : quoted(labels.front())));
}

void requireLayout(const ClassificationLayout &layout)
{
    if (layout.labels.size() < 2 || layout.labelTokens.size() != layout.labels.size())
        throw std::invalid_argument(
            "classification: the layout must have at least two labels, each with its tokens "
            "(build it with makeClassificationLayout)");
}

std::map<std::string, int> labelIndex(const std::vector<std::string> &labels)
{
    std::map<std::string, int> index;
    for (size_t i = 0; i < labels.size(); ++i)
        index.emplace(labels[i], static_cast<int>(i));
    return index;
}

int classOf(const std::map<std::string, int> &index, const TextRecord &record, size_t recordIndex)
{
    const auto found = index.find(record.label);
    if (found == index.end())
        throw std::invalid_argument("classification: record " + std::to_string(recordIndex)
                                    + " has the label " + quoted(record.label)
                                    + ", which is not in the label list");
    return found->second;
}

// bos + text cut on the right + separator, leaving room for the longest label (+ eos) so that
// every candidate label fits after the same prompt. `where` prefixes the error message.
std::vector<int64_t> buildPrompt(const std::string &text, const Tokenizer &tok,
                                 const ClassificationLayout &layout, int maxLength,
                                 const std::string &where)
{
    size_t longest = 0;
    for (size_t i = 1; i < layout.labelTokens.size(); ++i) {
        if (layout.labelTokens[i].size() > layout.labelTokens[longest].size())
            longest = i;
    }
    const std::vector<int64_t> separator = tok.encode(kClassificationSeparator);
    const size_t fixed = 1 + separator.size() + layout.labelTokens[longest].size();
    if (fixed > static_cast<size_t>(maxLength))
        throw std::invalid_argument(
            where + "cannot fit: bos (1) + separator (" + std::to_string(separator.size())
            + ") + longest label " + quoted(layout.labels[longest]) + " with eos ("
            + std::to_string(layout.labelTokens[longest].size()) + ") need "
            + std::to_string(fixed) + " tokens, but maxLength is " + std::to_string(maxLength));

    const std::vector<int64_t> textTokens = tok.encode(text);
    const size_t textKeep = std::min(textTokens.size(), static_cast<size_t>(maxLength) - fixed);
    std::vector<int64_t> prompt;
    prompt.reserve(1 + textKeep + separator.size());
    prompt.push_back(tok.bosId());
    prompt.insert(prompt.end(), textTokens.begin(),
                  textTokens.begin() + static_cast<std::ptrdiff_t>(textKeep));
    prompt.insert(prompt.end(), separator.begin(), separator.end());
    return prompt;
}

}  // namespace

ClassificationLayout makeClassificationLayout(const std::vector<TextRecord> &records,
                                              const Tokenizer &tok,
                                              const std::vector<std::string> &labels)
{
    ClassificationLayout layout;
    if (labels.empty()) {
        detail::requireRecords("classification", records);
        std::set<std::string> unique;  // sorted bytewise: the same class ids on every platform
        for (size_t i = 0; i < records.size(); ++i) {
            if (records[i].label.empty())
                throw std::invalid_argument("classification: record " + std::to_string(i)
                                            + " has an empty label");
            unique.insert(records[i].label);
        }
        layout.labels.assign(unique.begin(), unique.end());
    } else {
        layout.labels = labels;
    }
    requireUsableLabels(layout.labels);

    const std::map<std::string, int> index = labelIndex(layout.labels);
    for (size_t i = 0; i < records.size(); ++i)
        classOf(index, records[i], i);

    for (const std::string &label : layout.labels) {
        std::vector<int64_t> ids = tok.encode(label);
        ids.push_back(tok.eosId());
        layout.labelTokens.push_back(std::move(ids));
    }
    return layout;
}

std::vector<TokenizedExample> buildClassificationExamples(const std::vector<TextRecord> &records,
                                                          const Tokenizer &tok,
                                                          const ClassificationLayout &layout,
                                                          int maxLength)
{
    detail::requireMaxLength("classification", maxLength);
    detail::requireRecords("classification", records);
    requireLayout(layout);

    const std::map<std::string, int> index = labelIndex(layout.labels);
    std::vector<TokenizedExample> examples;
    examples.reserve(records.size());
    for (size_t i = 0; i < records.size(); ++i) {
        const int label = classOf(index, records[i], i);
        TokenizedExample example;
        example.label = label;
        example.tokens = buildPrompt(records[i].text, tok, layout, maxLength,
                                     "classification: record " + std::to_string(i) + " ");
        example.lossMask.assign(example.tokens.size(), 0);
        const std::vector<int64_t> &target = layout.labelTokens[static_cast<size_t>(label)];
        example.tokens.insert(example.tokens.end(), target.begin(), target.end());
        example.lossMask.resize(example.tokens.size(), 1);
        examples.push_back(std::move(example));
    }
    return examples;
}

std::vector<int64_t> classificationPrompt(const std::string &text, const Tokenizer &tok,
                                          const ClassificationLayout &layout, int maxLength)
{
    detail::requireMaxLength("classification", maxLength);
    requireLayout(layout);
    return buildPrompt(text, tok, layout, maxLength, "classification: the prompt ");
}

}  // namespace peftbench
