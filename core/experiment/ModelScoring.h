#pragma once
// How well a model fits a text: mean next-token NLL, perplexity and bits per byte.
#include <cstdint>
#include <string>
#include <vector>

namespace peftbench {

class FineTuningMethod;
class Tokenizer;

struct TextScore {
    double meanNll = 0;          // nats per scored token
    double perplexity = 0;       // exp(meanNll)
    double bitsPerByte = 0;      // total NLL in bits / UTF-8 bytes of the text
    int64_t tokens = 0;          // scored tokens (every token of the text; bos is context only)
    int64_t bytes = 0;
    int64_t windows = 0;         // > 1 when the text is longer than the context
    std::vector<int64_t> tokenIds;  // the text's ids, without bos
};

// Scores bos + tokens(text). A text longer than the model's usable context (its context less the
// method's own tokens) is scored in overlapping windows that advance by half a window: every token
// is scored exactly once, with at least half a window of preceding context after the first.
// Throws std::invalid_argument for an empty text.
TextScore scoreText(FineTuningMethod &method, const Tokenizer &tok, const std::string &text);

}  // namespace peftbench
