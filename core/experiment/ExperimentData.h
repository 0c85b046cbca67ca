#pragma once
// A config's `dataset:` turned into what the trainer consumes: records from a built-in dataset or
// a user file, then tokenized splits for the task.
#include "data/DatasetSplits.h"
#include "experiment/ExperimentConfig.h"
#include "train/Trainer.h"

#include <QString>
#include <memory>

namespace peftbench {

class Tokenizer;

// builtin:ID reads the dataset cache of `dataDirectory` (fixed splits; the spec's fractions do not
// apply); anything else is a user file, a relative path resolved against `baseDirectory` (the
// config's folder), split with `seed`. Throws DatasetError naming the file (or the missing
// package and the command that fetches it).
DatasetSplits loadDatasetSplits(const DatasetSpec &spec, const QString &dataDirectory, const QString &baseDirectory,
                                const Tokenizer &tok, uint64_t seed);

// The splits tokenized for spec.task at spec.maxLength (classification labels in spec.labels
// order when given). Throws DatasetError naming `sourceName` when the records do not suit the
// task (no labels for classification, a single class, nothing that fits).
std::shared_ptr<TrainingData> tokenizeSplits(const DatasetSplits &splits, const DatasetSpec &spec, const Tokenizer &tok,
                                             const QString &sourceName);

}  // namespace peftbench
