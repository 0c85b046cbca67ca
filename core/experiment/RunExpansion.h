#pragma once

#include "experiment/ExperimentConfig.h"

#include <vector>

namespace peftbench {

// The concrete runs of an experiment: every template's sweeps expanded (the cartesian product of
// its list-valued settings, the last setting varying fastest in the order r, alpha, dropout,
// target_modules, rslora, num_virtual_tokens, init, init_text, lr), times `repeats`.
//
// Repeats are the outer loop: all runs with seed s, then all with s+1, ... so a queue stopped
// early has still compared every configuration on the same seeds.
//
// Names: the run's name (or its method's name) plus "key=value" for each swept setting, e.g.
// "lora r=4 lr=0.001"; a name that would repeat gets " (2)", " (3)", ...; with repeats > 1 every
// name ends in " #1", " #2", ... Settings a run does not give take the method's defaults, and lr
// falls back to the shared train.lr, then to defaultLearningRate(method).
std::vector<RunSpec> expandRuns(const ExperimentConfig &config);

class Tokenizer;
// The run's method settings ready to apply: a prompt-tuning init text tokenized with the base
// model's tokenizer (RunSpec leaves it as text, since the tokenizer comes with the model).
MethodSettings methodSettings(const RunSpec &run, const Tokenizer &tok);

}  // namespace peftbench
