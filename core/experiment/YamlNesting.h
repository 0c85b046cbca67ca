#pragma once

#include <QByteArray>

#include <vector>

namespace peftbench {

// A look at the raw text's flow brackets ([ and {) before yaml-cpp sees it. yaml-cpp parses
// recursively: `[` × 100,000 must be refused here with a clear message instead of relying on its
// own depth guard (which reports "bad file"). Quoted scalars and comments are skipped; brackets
// inside plain scalars or block scalars are counted too, which can only over-estimate the depth.
struct FlowNesting {
    struct Bracket {
        char open = 0;   // '[' or '{'
        int line = 0;    // 1-based
        int column = 0;  // 1-based, in bytes
    };

    bool tooDeep = false;
    Bracket deepest;               // tooDeep: the first bracket past the limit
    std::vector<Bracket> unclosed; // brackets still open at the end of the text, outermost first
};

// Stops at the first bracket that opens level limit + 1.
FlowNesting scanFlowNesting(const QByteArray &text, int limit);

}  // namespace peftbench
