#pragma once
// Where a config's `base_model:` comes from: a model built into the workbench (builtin:NAME), one
// of our own checkpoint files (file:PATH, e.g. what `peftbench pretrain` wrote), or a Hugging Face
// folder (hf:DIR).
#include "model/ModelConfig.h"
#include "model/TensorFile.h"

#include <QString>
#include <memory>
#include <vector>

namespace peftbench {

class Tokenizer;

struct BuiltinModelInfo {
    QString name;          // configs say builtin:<name>
    QString resourcePath;  // inside the executable's resources
    QString recipe;        // the pretraining recipe's resource path
    QString description;
};

// In the order the UI lists them.
const std::vector<BuiltinModelInfo> &builtinModels();

struct BaseModel {
    QString reference;                             // as written in the config
    QString path;                                  // the file (hf: the folder) actually read
    ModelConfig config;
    std::shared_ptr<const TensorFile> weights;
    std::shared_ptr<const Tokenizer> tokenizer;
};

// Throws std::invalid_argument for an unknown form or built-in name (listing the known ones) and
// FileFormatError for a missing or unreadable checkpoint, naming the file. Relative file: and hf:
// paths are resolved against `baseDirectory` (the config's folder). An hf: folder is imported by
// model/HfModelImport.h (its errors name the folder, and list every problem found at once).
BaseModel loadBaseModel(const QString &reference, const QString &baseDirectory);

// The reference with a file: or hf: path made absolute against `baseDirectory` (the current folder
// when empty), so two spellings of the same file or folder compare equal. Other forms come back
// unchanged.
QString absoluteModelReference(const QString &reference, const QString &baseDirectory);

// The tokenizer a checkpoint of ours was trained with (its "tokenizer" metadata; byte-level when
// absent). Throws FileFormatError for a tokenizer this build does not know.
std::shared_ptr<const Tokenizer> tokenizerForCheckpoint(const TensorFile &file, const QString &path);

}  // namespace peftbench
