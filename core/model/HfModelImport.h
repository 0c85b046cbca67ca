#pragma once
// Import of a local Hugging Face model folder (GPT-2, Llama, Qwen2 and their relatives):
// config.json, model.safetensors or a sharded model.safetensors.index.json, and the tokenizer
// (tokenizer.json, or vocab.json + merges.txt). Pickle weights are refused (model/HfWeightFiles.h).
#include "model/HfConfig.h"
#include "model/TensorFile.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace peftbench {

class BpeTokenizer;

// Everything found wrong with a folder, all at once. what(): one problem as it is; several as
// "<folder>: N problems importing this Hugging Face model:" and one indented line each. Every
// problem names its file and the key or tensor, the value found and what was expected.
class HfImportError : public FileFormatError {
public:
    HfImportError(const QString &folder, const QStringList &problems);
    const QStringList &problems() const { return m_problems; }

private:
    QStringList m_problems;
};

// What an import checks without reading any tensor data: the config, the tokenizer, and every
// tensor's presence, shape and dtype against the config. Cheap enough for a UI's model summary.
struct HfModelSummary {
    QString folder;                               // absolute
    HfModelConfig config;
    std::shared_ptr<const BpeTokenizer> tokenizer;
    QString weightsSource;                        // model.safetensors, or the index and its shard count
    // Tensors present but skipped, for the curious: GPT-2's attention masks, Llama's RoPE
    // frequencies (isIgnorableHfBuffer), a tied head saved twice.
    QStringList skippedTensors;
};

struct HfImportedModel {
    HfModelSummary summary;
    // Our checkpoint form (as TransformerImpl::toTensorFile writes it, fp32, our parameter names):
    // kind "model", metadata "model_config", "hf_model_type" and "hf_folder".
    TensorFile weights;
};

// Both throw HfImportError (a FileFormatError) listing every problem.
HfModelSummary inspectHfModel(const QString &folder);
HfImportedModel importHfModel(const QString &folder);

}  // namespace peftbench
