// peftbench export: a finished run as a Hugging Face PEFT adapter or a merged Hugging Face model.
#include "Commands.h"

#include "CommandOptions.h"

#include "experiment/RunExport.h"
#include "store/RunStore.h"
#include "system/ComputeEnvironment.h"

namespace peftbench {

int exportCommand(const QStringList &args)
{
    CommandParser command(QStringLiteral("export RUN_ID --format peft|merged -o DIR [--base-model-name NAME] [--force]"),
                          QStringLiteral("Export a finished run for Python: --format peft writes a LoRA or prompt-tuning run as a "
                                         "Hugging Face PEFT adapter (adapter_config.json + adapter_model.safetensors, loads with "
                                         "PeftModel.from_pretrained); --format merged writes a full fine-tuning or LoRA run (merged "
                                         "into its base) as a Hugging Face model folder (config.json + model.safetensors + tokenizer)."));
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("peft or merged."), QStringLiteral("FORMAT"));
    const QCommandLineOption output(QStringList{QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("The folder to create (new or empty)."), QStringLiteral("DIR"));
    const QCommandLineOption baseName(QStringLiteral("base-model-name"),
                                      QStringLiteral("base_model_name_or_path for adapter_config.json, e.g. a Hub id "
                                                     "(default: the run's Hugging Face folder, else its base model reference)."),
                                      QStringLiteral("NAME"));
    const QCommandLineOption force(QStringLiteral("force"), QStringLiteral("Replace an output folder that is not empty."));
    command.parser().addOptions({format, output, baseName, force});
    int exitCode = 0;
    const std::optional<CommandOptions> options = command.parse(args, 1, 1, exitCode);
    if (!options)
        return exitCode;
    const QCommandLineParser &p = command.parser();
    const std::optional<int64_t> runId = parseRunId(options->positional.front(), QStringLiteral("export"));
    if (!runId)
        return 2;
    const std::optional<ExportFormat> chosen = parseExportFormat(p.value(format));
    if (!chosen) {
        printError(QStringLiteral("export: --format: expected peft or merged, got '%1'").arg(p.value(format)));
        return 2;
    }
    if (!p.isSet(output)) {
        printError(QStringLiteral("export: -o DIR is required (the folder to write)"));
        return 2;
    }
    applyComputeSettings({options->threads});
    RunExportRequest request;
    request.databasePath = RunStore::pathInDataDirectory(options->dataDirectory);
    request.runId = *runId;
    request.format = *chosen;
    request.outputFolder = p.value(output);
    request.baseModelName = p.value(baseName);
    request.force = p.isSet(force);
    try {
        const RunExportResult result = exportRun(request);
        printOut(QStringLiteral("exported %1\n  %2\n").arg(result.description, result.files.join(QStringLiteral("\n  "))));
        return 0;
    } catch (const std::exception &e) {
        printFailure(e, QStringLiteral("export: "));
        return 1;
    }
}

}  // namespace peftbench
