#include "experiment/RunExport.h"

#include "experiment/BaseModels.h"
#include "experiment/ConfigReader.h"
#include "experiment/MergedModelExport.h"
#include "experiment/RunExpansion.h"
#include "experiment/TunedModel.h"
#include "methods/FineTuningMethod.h"
#include "methods/PrefixTuningMethod.h"
#include "model/PeftAdapterExport.h"
#include "store/RunStore.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>

namespace peftbench {

namespace {

[[noreturn]] void refuse(const QString &message)
{
    throw RunExportError(message.toStdString());
}

// The output folder, checked before any work: absolute, and free unless replacing is allowed.
QString checkedOutputFolder(const RunExportRequest &request)
{
    if (request.outputFolder.trimmed().isEmpty())
        refuse(QStringLiteral("no output folder given (expected -o DIR)"));
    const QString folder = QDir::cleanPath(QFileInfo(request.outputFolder).absoluteFilePath());
    const QFileInfo info(folder);
    if (info.exists() && !info.isDir())
        refuse(QStringLiteral("%1 exists and is not a folder (expected a new or empty folder)").arg(folder));
    if (info.isDir() && !QDir(folder).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden) && !request.force)
        refuse(QStringLiteral("%1 exists and is not empty (expected a new or empty folder; --force replaces it)").arg(folder));
    if (!QFileInfo(info.absolutePath()).isDir() && !QDir().mkpath(info.absolutePath()))
        refuse(QStringLiteral("cannot create the folder %1").arg(info.absolutePath()));
    return folder;
}

// What the export needs to know of the run, read from the store (and the connection closed again).
struct RunFacts {
    QString name;
    QString baseModel;        // as the stored config writes it
    RunSpec spec;
};

RunFacts readRun(const RunExportRequest &request)
{
    RunStore store(request.databasePath);
    const std::optional<RunRecord> run = store.run(request.runId);
    if (!run)
        refuse(QStringLiteral("run %1: no such run in %2 ('peftbench runs list' shows the runs)").arg(request.runId).arg(request.databasePath));
    if (run->status != RunStatus::Completed)
        refuse(QStringLiteral("run %1 is %2, not completed: only a finished run has a final adapter or model to export")
                   .arg(request.runId)
                   .arg(runStatusName(run->status)));
    const ExperimentConfig config = parseExperimentConfig(run->configYaml.toUtf8(), QStringLiteral("run %1's config").arg(request.runId));
    const std::vector<RunSpec> specs = expandRuns(config);
    if (specs.size() != 1)
        refuse(QStringLiteral("run %1: its stored config describes %2 runs, not one").arg(request.runId).arg(specs.size()));
    return RunFacts{run->name, config.baseModel, specs.front()};
}

void checkFormatFits(const RunExportRequest &request, MethodKind method)
{
    if (request.format == ExportFormat::PeftAdapter && method == MethodKind::Full)
        refuse(QStringLiteral("run %1 fine-tuned the whole model (method full), so it has no adapter; export it with --format merged")
                   .arg(request.runId));
    if (request.format == ExportFormat::PeftAdapter && (method == MethodKind::BitFit || method == MethodKind::LastLayers))
        refuse(QStringLiteral("run %1 is %2, which trains the model's own weights and has no PEFT adapter type; export it with "
                              "--format merged")
                   .arg(request.runId)
                   .arg(methodKindName(method)));
    if (request.format == ExportFormat::MergedModel && (method == MethodKind::PromptTuning || method == MethodKind::PrefixTuning))
        refuse(QStringLiteral("run %1 is %2: its virtual tokens are extra inputs, not a change to any weight, so they "
                              "cannot be merged into the model; export it with --format peft")
                   .arg(request.runId)
                   .arg(method == MethodKind::PromptTuning ? QStringLiteral("prompt tuning") : QStringLiteral("prefix tuning")));
}

// Moves the finished temporary folder to `folder`, replacing what is there (an empty folder, or any
// with --force) only once the new one is complete.
void moveIntoPlace(QTemporaryDir &built, const QString &folder)
{
    QFile::setPermissions(built.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                                            | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
    QString old;
    if (QFileInfo(folder).isDir()) {
        old = built.path() + QStringLiteral(".replaced");
        if (!QDir().rename(folder, old))
            refuse(QStringLiteral("cannot move the existing %1 aside to replace it").arg(folder));
    }
    if (!QDir().rename(built.path(), folder)) {
        if (!old.isEmpty())
            QDir().rename(old, folder);
        refuse(QStringLiteral("cannot rename %1 to %2").arg(built.path(), folder));
    }
    built.setAutoRemove(false);
    if (!old.isEmpty())
        QDir(old).removeRecursively();
}

}  // namespace

QString exportFormatName(ExportFormat format)
{
    return format == ExportFormat::PeftAdapter ? QStringLiteral("peft") : QStringLiteral("merged");
}

std::optional<ExportFormat> parseExportFormat(const QString &name)
{
    if (name == QLatin1String("peft"))
        return ExportFormat::PeftAdapter;
    if (name == QLatin1String("merged"))
        return ExportFormat::MergedModel;
    return std::nullopt;
}

RunExportResult exportRun(const RunExportRequest &request)
{
    const QString folder = checkedOutputFolder(request);
    RunFacts run;
    TunedModel tuned;
    try {
        run = readRun(request);
        checkFormatFits(request, run.spec.method.kind);
        tuned = loadTunedModel(run.baseModel, request.databasePath, request.runId);
    } catch (const RunExportError &) {
        throw;
    } catch (const std::exception &e) {
        refuse(QString::fromUtf8(e.what()));
    }
    const QString baseReference = absoluteModelReference(run.baseModel, {});
    const QString hfFolder = baseReference.startsWith(QLatin1String("hf:")) ? baseReference.mid(3) : QString();
    const QString baseName = !request.baseModelName.isEmpty() ? request.baseModelName : !hfFolder.isEmpty() ? hfFolder : run.baseModel;

    QTemporaryDir built(folder + QStringLiteral(".export-XXXXXX"));
    if (!built.isValid())
        refuse(QStringLiteral("cannot create a temporary folder beside %1 (%2)").arg(folder, built.errorString()));
    RunExportResult result;
    result.folder = folder;
    try {
        const MethodSettings &method = run.spec.method;
        if (request.format == ExportFormat::PeftAdapter) {
            const TensorFile adapter = tuned.method->adapterFile();
            PeftAdapterFiles files;
            if (method.kind == MethodKind::Lora || method.kind == MethodKind::Dora)
                files = peftLoraAdapter(tuned.base.config, method.lora, adapter, baseName, method.kind == MethodKind::Dora,
                                        tuned.base.weights.get());
            else if (method.kind == MethodKind::Ia3)
                files = peftIa3Adapter(tuned.base.config, method.ia3, adapter, baseName);
            else if (method.kind == MethodKind::PrefixTuning)
                files = peftPrefixTuningAdapter(tuned.base.config, method.prefixTuning,
                                                dynamic_cast<const PrefixTuningMethod &>(*tuned.method).prefixTable(), baseName);
            else
                files = peftPromptTuningAdapter(tuned.base.config, method.promptTuning, run.spec.promptInitText, adapter, baseName);
            writePeftAdapter(built.path(), files);
            result.files << QLatin1String(kPeftConfigFileName) << QLatin1String(kPeftWeightsFileName);
        } else {
            if (tuned.method->canMerge())
                tuned.method->merge();
            result.files = writeMergedModel(built.path(), tuned, hfFolder);
        }
    } catch (const std::exception &e) {
        refuse(QStringLiteral("run %1: %2").arg(request.runId).arg(QString::fromUtf8(e.what())));
    }
    moveIntoPlace(built, folder);
    result.description = QStringLiteral("run %1 (%2, %3 on %4) as a %5 in %6")
                             .arg(request.runId)
                             .arg(run.name, methodKindName(run.spec.method.kind), run.baseModel,
                                  request.format == ExportFormat::PeftAdapter ? QStringLiteral("Hugging Face PEFT adapter")
                                                                              : QStringLiteral("Hugging Face model"),
                                  folder);
    return result;
}

}  // namespace peftbench
