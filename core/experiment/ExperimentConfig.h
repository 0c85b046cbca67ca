#pragma once

#include "data/DataSplit.h"
#include "data/TaskData.h"
#include "methods/MethodSettings.h"
#include "train/TrainingParams.h"

#include <QHash>
#include <QString>

#include <cstdint>
#include <string>
#include <vector>

namespace peftbench {

// `dataset:` — what every run of the experiment trains and evaluates on.
struct DatasetSpec {
    QString source;                   // "builtin:NAME" or a file path (text, CSV/TSV, JSONL), as written
    TaskKind task = TaskKind::CausalLm;
    int maxLength = 256;              // tokens per example, bos included
    QString textColumn;               // CSV/TSV column names; empty = the reader's default
    QString labelColumn;
    std::vector<std::string> labels;  // classification: the class order; empty = the data's sorted labels
    SplitFractions split;             // validation_fraction, test_fraction

    bool operator==(const DatasetSpec &other) const;
    bool operator!=(const DatasetSpec &other) const { return !(*this == other); }
};

// One entry of `runs:`, kept as written so that saving gives back the same sweeps. Every setting
// is a list of values: empty = not given (the method's default applies), one value = a plain
// setting, several = a sweep over them. expandRuns() turns templates into concrete runs.
struct RunTemplate {
    QString name;                     // empty: generated from the method and the swept values
    MethodKind method = MethodKind::Full;
    std::vector<double> lr;           // empty: the shared train.lr if given, else defaultLearningRate(method)

    struct LoraSweep {                // for methods lora and dora
        std::vector<int64_t> r;
        std::vector<double> alpha;
        std::vector<double> dropout;
        std::vector<std::vector<std::string>> targetModules;  // each value is itself a list of modules
        std::vector<bool> rslora;
        std::vector<LoraInit> init;
        std::vector<std::map<std::string, int64_t>> rankPattern;  // each value is a module → rank map

        bool isEmpty() const;
        bool operator==(const LoraSweep &other) const;
    } lora;

    struct PromptTuningSweep {        // only for method prompt_tuning
        std::vector<int64_t> numVirtualTokens;
        std::vector<PromptInit> init;
        std::vector<QString> initText;

        bool isEmpty() const;
        bool operator==(const PromptTuningSweep &other) const;
    } promptTuning;

    struct PrefixTuningSweep {        // only for method prefix_tuning
        std::vector<int64_t> numVirtualTokens;
        std::vector<bool> projection;
        std::vector<int64_t> projectionHidden;

        bool isEmpty() const;
        bool operator==(const PrefixTuningSweep &other) const;
    } prefixTuning;

    struct Ia3Sweep {                 // only for method ia3
        std::vector<std::vector<std::string>> targetModules;

        bool isEmpty() const;
        bool operator==(const Ia3Sweep &other) const;
    } ia3;

    struct BitFitSweep {              // only for method bitfit
        std::vector<bool> normWeights;

        bool isEmpty() const;
        bool operator==(const BitFitSweep &other) const;
    } bitFit;

    struct LastLayersSweep {          // only for method last_layers
        std::vector<int64_t> layers;
        std::vector<bool> head;

        bool isEmpty() const;
        bool operator==(const LastLayersSweep &other) const;
    } lastLayers;

    // The number of concrete runs the sweeps expand to: the product of the list lengths.
    int64_t combinations() const;

    bool operator==(const RunTemplate &other) const;
    bool operator!=(const RunTemplate &other) const { return !(*this == other); }
};

struct SourcePosition {
    int line = 0;    // 1-based; 0 = unknown
    int column = 0;
};

// One experiment (SPEC §6): a shared base model, dataset and training settings, and the runs that
// differ by method and method settings.
struct ExperimentConfig {
    QString name;
    QString baseModel;                // "builtin:NAME" or "hf:/path/to/folder", as written
    DatasetSpec dataset;
    TrainingParams train;             // train.lr counts only when hasSharedLr
    bool hasSharedLr = false;         // train.lr was given: the lr of runs that set none
    int repeats = 1;                  // every run trains with seeds seed, seed+1, ..., seed+repeats-1
    std::vector<RunTemplate> runs;

    // Where the config came from, for messages about it after loading. Not part of its value:
    // operator== ignores both.
    QString sourceFile;
    QHash<QString, SourcePosition> positions;  // key path ("runs[0].lora.r[1]") -> its value

    bool operator==(const ExperimentConfig &other) const;
    bool operator!=(const ExperimentConfig &other) const { return !(*this == other); }
};

// One concrete run: a template with one value picked from each of its sweeps, for one repeat.
struct RunSpec {
    QString name;                     // unique within the experiment
    int templateIndex = 0;            // which entry of ExperimentConfig::runs
    int repeatIndex = 0;              // 0-based; train.seed = the experiment's seed + repeatIndex
    MethodSettings method;            // promptTuning.initTokenIds is left empty: see promptInitText
    QString promptInitText;           // init: text — to tokenize with the base model's tokenizer
    TrainingParams train;             // the experiment's settings with this run's lr and seed
};

}  // namespace peftbench
