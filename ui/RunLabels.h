#pragma once
// How run statuses and method names read in the window, in the user's language. The store and
// configs keep their fixed keys ("completed", "lora"); only what is shown is translated.
#include "train/TrainingMetrics.h"

#include <QString>

namespace peftbench {

QString statusLabel(RunStatus status);
// "lora" -> "LoRA", "prompt_tuning" -> "Prompt Tuning", "last_layers" -> "Last N layers", ...
// for every method of allMethodKinds(); an unknown key is shown as it is.
QString methodLabel(const QString &methodKey);

}  // namespace peftbench
