#pragma once

#include "experiment/ExperimentConfig.h"

#include <QByteArray>

namespace peftbench {

// The config as YAML text in the format loadExperimentConfig() reads, sweeps and repeats included:
// parseExperimentConfig(saveExperimentConfig(c)) == c for every valid config. Every training
// setting is written out, defaults too, so a stored config still means the same run after a
// default changes; run settings are written only where the run gives them. Writes what it is given:
// a config that breaks a rule saves to text that fails to load with the usual message.
QByteArray saveExperimentConfig(const ExperimentConfig &config);

}  // namespace peftbench
