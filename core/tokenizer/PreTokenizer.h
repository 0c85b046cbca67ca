#pragma once

#include <QRegularExpression>
#include <QString>

#include <string>
#include <string_view>
#include <vector>

namespace peftbench {

// What happens to the stretches a Split regex matches (tokenizers' SplitDelimiterBehavior).
enum class SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

// GPT-2's pre-tokenizer pattern (openai/gpt-2 encoder.py; tokenizers' ByteLevel with use_regex).
extern const char *const kGpt2PreTokenizerPattern;

// Compiles a tokenizer.json / GPT-2 pattern the way the reference engines read it: \s, \w and \d
// are Unicode-aware, as in Python's `regex` and Rust's tokenizers. Returns an invalid
// expression (check isValid()) on a syntax error.
QRegularExpression compilePreTokenizerPattern(const QString &pattern);

// The pre-tokenizer pipeline of a byte-level BPE tokenizer: it cuts one stretch of input (between
// added tokens) into the words that BPE merges within. Each step refines the pieces of the one
// before, as tokenizers' Sequence does. Pieces are raw bytes: invalid UTF-8 is kept (see
// Utf8View).
class PreTokenizer {
public:
    // ByteLevel's add_prefix_space: a piece that does not start with a space gets one, so a first
    // word is spelled like the same word inside a sentence.
    void addPrefixSpace();
    // A Split (or ByteLevel with use_regex, or Digits) step; `invert` makes the matches the kept
    // pieces and the text between them the delimiters.
    void addSplit(const QRegularExpression &regex, SplitBehavior behavior, bool invert);

    std::vector<std::string> split(std::string_view text) const;

private:
    struct Step {
        bool prefixSpace = false;
        QRegularExpression regex;
        SplitBehavior behavior = SplitBehavior::Isolated;
        bool invert = false;
    };
    static void splitPiece(const Step &step, std::string_view piece, std::vector<std::string> &out);

    std::vector<Step> m_steps;
};

}  // namespace peftbench
