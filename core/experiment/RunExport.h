#pragma once
// Exporting a finished run for the Python ecosystem: its adapter as a Hugging Face PEFT adapter
// folder, or its whole tuned model (full fine-tuning, or LoRA merged into the base) as a Hugging
// Face model folder. What `peftbench export` and the GUI's Export model dialog run.
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <stdexcept>

namespace peftbench {

enum class ExportFormat {
    PeftAdapter,   // adapter_config.json + adapter_model.safetensors (LoRA, prompt tuning)
    MergedModel,   // config.json + model.safetensors + tokenizer (full fine-tuning, LoRA)
};
QString exportFormatName(ExportFormat format);   // "peft", "merged"
std::optional<ExportFormat> parseExportFormat(const QString &name);

struct RunExportRequest {
    QString databasePath;
    int64_t runId = 0;
    ExportFormat format = ExportFormat::PeftAdapter;
    QString outputFolder;
    // base_model_name_or_path in adapter_config.json; empty: the run's Hugging Face folder (hf:
    // base), else its base model reference as the config wrote it (builtin:NAME, file:PATH).
    QString baseModelName;
    bool force = false;   // replace an output folder that exists and is not empty
};

struct RunExportResult {
    QString folder;        // absolute
    QStringList files;     // the names written into it
    QString description;   // one line: what was exported from what
};

// A refusal or failure, its message naming the run, the file or folder and what to do instead.
class RunExportError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Refuses an unknown run, one not completed, one whose adapter or model file is missing, a format
// its method has no such export for (full fine-tuning has no adapter; prompt tuning's virtual tokens
// cannot be merged into weights), and an existing non-empty output folder unless `force`. The files
// are written into a temporary folder beside the output and renamed into place, so the output is
// either complete or untouched. Throws RunExportError.
RunExportResult exportRun(const RunExportRequest &request);

}  // namespace peftbench
