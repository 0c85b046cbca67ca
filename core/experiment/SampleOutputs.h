#pragma once
// What finished runs' models make of the same inputs, side by side in the compare view: the same
// prompts continued by each run's model (causal_lm, completion), or each run's predicted label for
// the same test examples (classification). Slow (every run's model is loaded and run): call it off
// the UI thread.
#include "data/TaskData.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

namespace peftbench {

// Params in.
struct SampleOutputParams {
    QString databasePath;
    QString dataDirectory;          // where built-in datasets are cached; empty: the database's folder
    std::vector<int64_t> runIds;    // the first run's dataset supplies the examples
    QStringList prompts;            // generation tasks; empty: the starts of the first test examples
    int exampleCount = 3;           // default prompts, or classified test examples
    int64_t maxNewTokens = 48;
    double temperature = 0.8;       // 0: greedy
    uint64_t seed = 0;              // the same seed for every run, so they differ only by model
};

// One run's outputs: outputs[i] answers SampleOutputs::inputs[i].
struct RunSampleOutput {
    int64_t runId = 0;
    QString runName;
    QStringList outputs;            // continuations (without the prompt) or predicted labels
    QString error;                  // why this run has no outputs (no saved adapter, other dataset, ...)
};

// Result out.
struct SampleOutputs {
    TaskKind task = TaskKind::CausalLm;
    QStringList inputs;             // the prompts, or the classified examples' texts
    QStringList references;         // the true completions or labels; empty for causal_lm
    std::vector<RunSampleOutput> runs;   // in params.runIds order; only those done when cancelled
    bool cancelled = false;
    QString error;                  // nothing could be computed (e.g. the first run's dataset)
};

// Computes the outputs run by run, checking `cancel` between runs and between inputs. `progress`
// (may be empty) is called on the calling thread with the result so far: once the inputs are
// known (no runs yet), then after each run, for a display that fills in as they arrive. Never
// throws: failures come back as messages.
SampleOutputs computeSampleOutputs(const SampleOutputParams &params, const std::atomic<bool> &cancel,
                                   const std::function<void(const SampleOutputs &)> &progress = {});

// The start of a text to use as a prompt: its first line, cut at a word boundary to roughly half
// its words and at most `maxChars` characters, so a model has something left to continue.
QString promptFromText(const QString &text, int maxChars = 80);

}  // namespace peftbench
