#pragma once
// A tuned model (full fine-tuning, or LoRA merged into its base) written as a Hugging Face model
// folder that importHfModel and Transformers read: model.safetensors + config.json, and a tokenizer.
#include "experiment/TunedModel.h"

#include <QStringList>

namespace peftbench {

// Writes into `folder` (which must exist). The model must have its adapter merged already (or be
// fully fine-tuned). An hf: base keeps its own config.json (torch_dtype set to float32, as the
// weights are written) and its tokenizer files are copied. A base of ours (builtin: or file:) gets a
// generated config.json (model/HfModelExport.h) and, for its byte-level tokenizer, an equivalent
// byte-level BPE tokenizer.json with no merges (ids 0-255 the bytes, 256 <bos>, 257 <eos>, 258
// <pad>) plus a README.txt saying so. Returns the file names written. Throws std::invalid_argument
// when config.json cannot describe the model, FileFormatError on I/O failure.
QStringList writeMergedModel(const QString &folder, const TunedModel &model, const QString &baseFolder);

}  // namespace peftbench
