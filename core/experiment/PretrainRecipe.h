#pragma once
#include "data/DataSplit.h"
#include "experiment/ExperimentConfig.h"
#include "model/ModelConfig.h"
#include "train/TrainingParams.h"

#include <QHash>
#include <QString>

namespace peftbench {

// What `peftbench pretrain RECIPE.yaml` reads: a model shape trained from scratch (GPT-2's init,
// byte tokenizer) with full training on a causal_lm dataset, written as a model checkpoint that
// configs can name as their base model (file:PATH, or builtin:NAME once shipped).
//
//   name: byte-gpt
//   tokenizer: byte
//   model: {family: gpt2, layers: 4, d_model: 256, heads: 4, context_length: 512}
//   dataset: {source: builtin:brown, task: causal_lm, max_length: 256}
//   train: {steps: 6000, batch_size: 32, lr: 2.0e-3, schedule: cosine, warmup_steps: 200}
//   output: byte-gpt.pwbc
struct PretrainRecipe {
    QString name;
    ModelConfig model;
    DatasetSpec dataset;
    TrainingParams train;
    QString output;                            // as written; relative to the recipe's folder
    QString sourceFile;
    QHash<QString, SourcePosition> positions;  // key path -> where it was written
};

}  // namespace peftbench
