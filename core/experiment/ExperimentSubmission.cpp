#include "experiment/ExperimentSubmission.h"

#include "experiment/BaseModels.h"
#include "experiment/ConfigWriter.h"
#include "experiment/RunExpansion.h"
#include "store/RunStore.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace peftbench {

namespace {

QString absoluteAgainst(const QString &path, const QString &folder)
{
    return folder.isEmpty() ? path : QDir::cleanPath(QDir(folder).absoluteFilePath(path));
}

}  // namespace

ExperimentConfig singleRunConfig(const ExperimentConfig &config, const RunSpec &run)
{
    ExperimentConfig single;
    single.name = config.name;
    single.baseModel = config.baseModel;
    single.dataset = config.dataset;
    single.train = run.train;
    single.hasSharedLr = false;
    single.repeats = 1;

    const QString folder = config.sourceFile.isEmpty() ? QString() : QFileInfo(config.sourceFile).absolutePath();
    single.baseModel = absoluteModelReference(single.baseModel, folder);
    if (!single.dataset.source.startsWith(QLatin1String("builtin:")))
        single.dataset.source = absoluteAgainst(single.dataset.source, folder);

    RunTemplate t;
    t.name = run.name;
    t.method = run.method.kind;
    t.lr = {run.train.lr};
    if (run.method.kind == MethodKind::Lora || run.method.kind == MethodKind::Dora) {
        const LoraSettings &l = run.method.lora;
        t.lora.r = {l.rank};
        t.lora.alpha = {l.alpha};
        t.lora.dropout = {l.dropout};
        t.lora.targetModules = {l.targets};
        t.lora.rslora = {l.rslora};
        t.lora.init = {l.init};
        if (!l.rankPattern.empty())
            t.lora.rankPattern = {l.rankPattern};
    } else if (run.method.kind == MethodKind::PrefixTuning) {
        const PrefixTuningSettings &p = run.method.prefixTuning;
        t.prefixTuning.numVirtualTokens = {p.numVirtualTokens};
        t.prefixTuning.projection = {p.projection};
        if (p.projection)
            t.prefixTuning.projectionHidden = {p.projectionHidden};
    } else if (run.method.kind == MethodKind::Ia3) {
        t.ia3.targetModules = {run.method.ia3.targets};
    } else if (run.method.kind == MethodKind::BitFit) {
        t.bitFit.normWeights = {run.method.bitFit.normWeights};
    } else if (run.method.kind == MethodKind::LastLayers) {
        t.lastLayers.layers = {run.method.lastLayers.layers};
        t.lastLayers.head = {run.method.lastLayers.head};
    } else if (run.method.kind == MethodKind::PromptTuning) {
        const PromptTuningSettings &p = run.method.promptTuning;
        t.promptTuning.numVirtualTokens = {p.numVirtualTokens};
        t.promptTuning.init = {p.init};
        if (p.init == PromptInit::Text)
            t.promptTuning.initText = {run.promptInitText};
    }
    single.runs.push_back(std::move(t));
    return single;
}

SubmittedExperiment submitExperiment(RunStore &store, const ExperimentConfig &config)
{
    SubmittedExperiment submitted;
    submitted.experimentId = store.createExperiment(config.name, QString::fromUtf8(saveExperimentConfig(config)));
    int64_t position = 0;
    for (const RunRecord &r : store.runs())
        position = std::max(position, r.queuePosition + 1);
    for (const RunSpec &run : expandRuns(config)) {
        const QByteArray yaml = saveExperimentConfig(singleRunConfig(config, run));
        submitted.runIds.push_back(store.addRun(submitted.experimentId, run.name, methodKindName(run.method.kind),
                                                QString::fromUtf8(yaml), position++));
    }
    return submitted;
}

}  // namespace peftbench
