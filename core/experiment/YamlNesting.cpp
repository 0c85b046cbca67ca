#include "experiment/YamlNesting.h"

namespace peftbench {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

}  // namespace

FlowNesting scanFlowNesting(const QByteArray &text, int limit)
{
    enum class State { Plain, SingleQuoted, DoubleQuoted, Comment };
    FlowNesting result;
    State state = State::Plain;
    int line = 1, column = 0;
    char previous = '\n';
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            column = 0;
        } else {
            ++column;
        }
        switch (state) {
        case State::Comment:
            if (c == '\n')
                state = State::Plain;
            break;
        case State::SingleQuoted:
            if (c == '\'') {
                if (i + 1 < text.size() && text[i + 1] == '\'') {  // '' is an escaped quote
                    ++i;
                    ++column;
                } else {
                    state = State::Plain;
                }
            }
            break;
        case State::DoubleQuoted:
            if (c == '\\' && i + 1 < text.size()) {
                ++i;
                if (text[i] == '\n') {
                    ++line;
                    column = 0;
                } else {
                    ++column;
                }
            } else if (c == '"') {
                state = State::Plain;
            }
            break;
        case State::Plain:
            // A quote or comment starts only where YAML lets one start: a quote inside a plain
            // scalar (don't) or a # glued to a word is just text.
            if (c == '#' && isSpace(previous)) {
                state = State::Comment;
            } else if ((c == '\'' || c == '"')
                       && (isSpace(previous) || previous == '[' || previous == '{' || previous == ',')) {
                state = c == '\'' ? State::SingleQuoted : State::DoubleQuoted;
            } else if (c == '[' || c == '{') {
                result.unclosed.push_back({c, line, column});
                if (int(result.unclosed.size()) > limit) {
                    result.tooDeep = true;
                    result.deepest = result.unclosed.back();
                    return result;
                }
            } else if ((c == ']' || c == '}') && !result.unclosed.empty()) {
                result.unclosed.pop_back();
            }
            break;
        }
        previous = c;
    }
    if (state != State::Plain && state != State::Comment)
        result.unclosed.clear();  // an unterminated quote: yaml-cpp reports that, not the brackets
    return result;
}

}  // namespace peftbench
