#pragma once
// What the wizard calls the field behind a config key, so that a message from the core checks
// ("runs[1].lora.r: larger than ...") names the field the user sees ("LoRA rank").
#include "experiment/ExperimentConfig.h"

#include <QString>

namespace peftbench {

// "LoRA rank" for "runs[1].lora.r" when runs[1] is a LoRA run; the key itself when unknown.
QString wizardFieldLabel(const QString &key, const ExperimentConfig &config);

// "LABEL: MESSAGE" for a core message about `key`.
QString wizardFieldMessage(const QString &key, const QString &message, const ExperimentConfig &config);

}  // namespace peftbench
