#pragma once

#include "experiment/ExperimentConfig.h"
#include "experiment/PretrainRecipe.h"

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace peftbench {

// Limits on the input itself; an experiment needs four levels of nesting and a few kilobytes.
constexpr int kMaxConfigNesting = 64;
constexpr int64_t kMaxConfigBytes = 1 << 20;
constexpr int64_t kMaxExpandedRuns = 10000;  // sweeps × repeats

// Reads one experiment config (SPEC §6). Every problem — YAML syntax, an unknown key, a wrong type,
// an out-of-range value, a missing key, a rule between keys — throws ConfigError naming the file,
// line, column and key path; nothing is silently ignored or defaulted from a bad value. Checks that
// need the base model are validateAgainstModel()'s job. The result records where every key was
// written (ExperimentConfig::positions) and the file name in sourceFile.
ExperimentConfig loadExperimentConfig(const QString &path);
ExperimentConfig parseExperimentConfig(const QByteArray &yaml, const QString &fileNameForMessages);

// Reads a pretraining recipe (PretrainRecipe.h) with the same rules and messages; its dataset and
// train maps are the experiment config's.
PretrainRecipe loadPretrainRecipe(const QString &path);
PretrainRecipe parsePretrainRecipe(const QByteArray &yaml, const QString &fileNameForMessages);

}  // namespace peftbench
