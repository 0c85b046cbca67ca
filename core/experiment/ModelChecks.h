#pragma once

#include "experiment/ExperimentConfig.h"
#include "model/ModelConfig.h"

#include <QStringList>

namespace peftbench {

// The rules of an experiment that depend on its base model, checked once the model's config is
// known: dataset.max_length fits the context, every LoRA target module exists in the model's
// family (gate only in Llama), every LoRA rank (and rank_pattern entry) fits the layers it adapts,
// IA3's targets exist, virtual tokens (prompt and prefix tuning) plus max_length fit the context,
// last_layers.layers is at most the model's number of blocks, and BitFit has something to train. One message per problem, in ConfigError's format (with the file,
// line and column where the key was written when the config came from a file); empty when the
// experiment fits the model.
QStringList validateAgainstModel(const ExperimentConfig &config, const ModelConfig &model);

}  // namespace peftbench
