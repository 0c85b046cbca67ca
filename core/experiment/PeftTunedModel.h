#pragma once
// A base model with a Hugging Face PEFT adapter folder applied (ours exported, or one trained in
// Python PEFT): what `peftbench score|generate --adapter DIR` use.
#include "experiment/TunedModel.h"

namespace peftbench {

// Throws std::invalid_argument for a bad model reference and FileFormatError (naming the file, key
// or tensor) for an adapter folder that does not fit the model (model/PeftAdapterImport.h).
TunedModel loadPeftTunedModel(const QString &modelReference, const QString &adapterFolder);

}  // namespace peftbench
