#pragma once

#include <QString>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace peftbench {

class Tokenizer;

enum class TaskKind { CausalLm, Completion, Classification };

// The names used in YAML configs and the run store: "causal_lm", "completion", "classification".
QString taskKindName(TaskKind kind);
std::optional<TaskKind> parseTaskKind(const QString &name);

// One training/eval sequence. tokens[0] is always bos. lossMask has tokens.size() entries;
// lossMask[i] == 1 means token i is a prediction target (predicted from tokens[0..i-1]);
// lossMask[0] == 0.
struct TokenizedExample {
    std::vector<int64_t> tokens;
    std::vector<uint8_t> lossMask;
    int label = -1;  // classification: index into the label list; -1 otherwise
};

// One raw record from a dataset; each task reads only its own fields.
struct TextRecord {
    std::string text;        // causal_lm and classification input
    std::string prompt;      // completion
    std::string completion;  // completion
    std::string label;       // classification label (human string, e.g. "spam")
};

// Every builder below throws std::invalid_argument for maxLength < 2, an empty record list, or
// an example that cannot fit; the message names the record index and the lengths involved.

// causal_lm: the texts become one stream  bos t0 eos bos t1 eos ...  cut into windows of exactly
// maxLength tokens, each starting with bos (bos + maxLength-1 stream tokens). The stream's own
// leading bos serves as the first window's bos (the first window does not start with two; a later
// window whose cut falls on a text boundary does). The last partial window is kept if it has
// >= 2 tokens, which every window has. Every position but 0 is a target.
std::vector<TokenizedExample> buildCausalLmExamples(const std::vector<TextRecord> &records,
                                                    const Tokenizer &tok, int maxLength);

// completion: bos + prompt + completion + eos, targets only on the completion and eos tokens.
// A too-long prompt is truncated from the left (its end, next to the completion, is kept). If the
// completion alone does not fit, the prompt is dropped and the completion is cut on the right to
// maxLength-1 tokens without eos: an eos there would teach the model to stop mid-answer.
std::vector<TokenizedExample> buildCompletionExamples(const std::vector<TextRecord> &records,
                                                      const Tokenizer &tok, int maxLength);

// classification renders  bos + text + kClassificationSeparator + <label word> + eos ; targets
// only on the label word tokens and eos.
constexpr const char *kClassificationSeparator = "\nLabel: ";

struct ClassificationLayout {
    std::vector<std::string> labels;                // index = class id
    std::vector<std::vector<int64_t>> labelTokens;  // exactly encode(label) + eos
};

// Labels: the sorted unique label strings of the records unless `labels` is given non-empty (then
// its order defines the class ids and every record's label must be in it; records may be empty).
// Throws std::invalid_argument for fewer than two classes (naming the label), an empty or
// duplicate label, or a record label missing from the given list (naming the record).
ClassificationLayout makeClassificationLayout(const std::vector<TextRecord> &records,
                                              const Tokenizer &tok,
                                              const std::vector<std::string> &labels = {});

// The text is truncated on the right so that the prompt plus the LONGEST label fits maxLength:
// every example and every scoring candidate then shares the same prompt for the same text.
std::vector<TokenizedExample> buildClassificationExamples(const std::vector<TextRecord> &records,
                                                          const Tokenizer &tok,
                                                          const ClassificationLayout &layout,
                                                          int maxLength);

// The prompt part only (bos + truncated text + separator), used to score every label candidate:
// prompt + layout.labelTokens[c] is exactly the training sequence of class c.
std::vector<int64_t> classificationPrompt(const std::string &text, const Tokenizer &tok,
                                          const ClassificationLayout &layout, int maxLength);

}  // namespace peftbench
