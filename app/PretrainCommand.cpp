// peftbench pretrain RECIPE.yaml: a base model trained from scratch, with progress and resume.
#include "Commands.h"

#include "CommandOptions.h"
#include "InterruptFlag.h"
#include "ProgressPrinter.h"

#include "experiment/ComparisonTable.h"
#include "experiment/ConfigError.h"
#include "experiment/ConfigReader.h"
#include "experiment/Pretraining.h"
#include "system/ComputeEnvironment.h"

#include <QFile>
#include <QFileInfo>

#include <cmath>
#include <unistd.h>

namespace peftbench {

int pretrainCommand(const QStringList &args)
{
    CommandParser command(QStringLiteral("pretrain RECIPE.yaml"),
                          QStringLiteral("Pretrain a base model from scratch as the recipe says and write it as a model file "
                                         "that experiments can use (base_model: file:PATH)."));
    const QCommandLineOption output(QStringLiteral("output"), QStringLiteral("Model file to write (default: the recipe's output)."),
                                    QStringLiteral("PATH"));
    const QCommandLineOption resume(QStringLiteral("resume"),
                                    QStringLiteral("Continue from the last checkpoint of an earlier, interrupted pretraining."));
    command.parser().addOption(output);
    command.parser().addOption(resume);
    int exitCode = 0;
    const std::optional<CommandOptions> options = command.parse(args, 1, 1, exitCode);
    if (!options)
        return exitCode;

    PretrainRequest request;
    try {
        const QString path = options->positional.first();
        request.recipe = loadPretrainRecipe(path);
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            request.recipeYaml = file.readAll();
    } catch (const ConfigError &e) {
        printError(e.message());
        return 2;
    }
    request.dataDirectory = options->dataDirectory;
    request.outputPath = command.parser().value(output);
    request.threads = options->threads;
    request.resume = command.parser().isSet(resume);
    request = resolvePretrainPaths(request);
    if (request.resume && !QFileInfo::exists(request.checkpointPath)) {
        printError(QStringLiteral("--resume: no checkpoint at %1").arg(request.checkpointPath));
        return 2;
    }
    if (!request.resume && QFileInfo::exists(request.checkpointPath))
        printOut(QStringLiteral("note: starting over; an earlier checkpoint at %1 will be replaced (use --resume to "
                                "continue it)\n")
                     .arg(request.checkpointPath));

    // On the training thread, which is this one.
    applyComputeSettings({request.recipe.train.threads});
    printOut(QStringLiteral("pretraining %1: %2 layers, d_model %3, %4 parameters, %5 steps of %6 x %7 tokens\n")
                 .arg(request.recipe.name)
                 .arg(request.recipe.model.nLayers)
                 .arg(request.recipe.model.dModel)
                 .arg(request.recipe.model.parameterCount())
                 .arg(request.recipe.train.steps)
                 .arg(request.recipe.train.batchSize)
                 .arg(request.recipe.dataset.maxLength));
    const std::atomic<bool> &cancel = installInterruptHandler();
    ProgressPrinter progress(stdout, request.recipe.name, request.recipe.train.steps, isatty(STDOUT_FILENO));
    const PretrainResult result = pretrainModel(request, &progress, cancel);
    progress.finishLine();
    if (result.status != RunStatus::Completed) {
        printError(QStringLiteral("pretraining %1: %2").arg(runStatusName(result.status), result.error));
        if (result.status == RunStatus::Cancelled || result.status == RunStatus::Interrupted)
            printError(QStringLiteral("continue it with: peftbench pretrain %1 --resume").arg(options->positional.first()));
        return 1;
    }
    const double heldOutBits = result.heldOutLoss / std::log(2.0);
    printOut(QStringLiteral("wrote %1 (%2 bytes)\n"
                            "held-out loss on the test split: %3 nats per token (%4 bits per byte), %5 tokens\n"
                            "%6 steps in %7\n")
                 .arg(result.outputPath)
                 .arg(result.outputBytes)
                 .arg(result.heldOutLoss, 0, 'f', 4)
                 .arg(heldOutBits, 0, 'f', 4)
                 .arg(result.heldOutTokens)
                 .arg(result.summary.steps)
                 .arg(formatDuration(result.summary.wallSeconds)));
    return 0;
}

}  // namespace peftbench
