#pragma once
// A base model as configs name it, optionally with a finished run's adapter (or fully fine-tuned
// weights) in effect: what `peftbench score` and `generate` (and the GUI's "Try it") use.
#include "experiment/BaseModels.h"
#include "model/Generation.h"

#include <QString>
#include <memory>

namespace peftbench {

class FineTuningMethod;

struct TunedModel {
    BaseModel base;
    std::shared_ptr<FineTuningMethod> method;  // the method with its adapter loaded; full FT for a plain base
    int64_t runId = 0;                         // 0: the base model alone
    QString description;                       // "builtin:byte-gpt" or "builtin:byte-gpt + run 3 (lora r=8)"
};

// runId 0 loads the base model alone. Otherwise the run must exist in the store at databasePath,
// have been trained on `modelReference`, and have saved its adapter or model; throws
// std::invalid_argument naming the run and what is wrong, FileFormatError for an unreadable file.
TunedModel loadTunedModel(const QString &modelReference, const QString &databasePath, int64_t runId);

// A finished run's model on the base model its own config names (what the GUI's "Try it" uses).
TunedModel loadRunModel(const QString &databasePath, int64_t runId);

// What the model writes after `prompt` (raw bytes, as tokenizers take them): bos + prompt, then up
// to params.maxNewTokens tokens, stopping at eos (not included). stopToken and keepFirstToken are
// set here. The returned text excludes the prompt.
std::string continueText(const TunedModel &model, const std::string &prompt, GenerationParams params);

}  // namespace peftbench
