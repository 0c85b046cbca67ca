#include "experiment/TunedModel.h"

#include "experiment/ConfigReader.h"
#include "experiment/RunExpansion.h"
#include "methods/FineTuningMethod.h"
#include "model/Transformer.h"
#include "store/RunStore.h"
#include "tokenizer/Tokenizer.h"

#include <QFileInfo>

#include <stdexcept>

namespace peftbench {

namespace {

[[noreturn]] void refuse(int64_t runId, const QString &problem)
{
    throw std::invalid_argument(QStringLiteral("run %1: %2").arg(runId).arg(problem).toStdString());
}

}  // namespace

TunedModel loadTunedModel(const QString &modelReference, const QString &databasePath, int64_t runId)
{
    TunedModel tuned;
    tuned.base = loadBaseModel(modelReference, {});
    tuned.runId = runId;
    tuned.description = modelReference;
    MethodSettings settings;   // full fine-tuning's wrapper changes nothing: the plain base model
    QString adapterPath;
    if (runId > 0) {
        RunStore store(databasePath);
        const std::optional<RunRecord> run = store.run(runId);
        if (!run)
            refuse(runId, QStringLiteral("no such run in %1 ('peftbench runs list' shows the runs)").arg(databasePath));
        const ExperimentConfig config = parseExperimentConfig(run->configYaml.toUtf8(), QStringLiteral("run %1's config").arg(runId));
        if (absoluteModelReference(config.baseModel, {}) != absoluteModelReference(modelReference, {}))
            refuse(runId, QStringLiteral("trained on %1, not on %2").arg(config.baseModel, modelReference));
        const std::vector<RunSpec> specs = expandRuns(config);
        if (specs.size() != 1)
            refuse(runId, QStringLiteral("its stored config describes %1 runs, not one").arg(specs.size()));
        settings = methodSettings(specs.front(), *tuned.base.tokenizer);
        for (const ArtifactRecord &a : store.artifacts(runId))
            if (a.kind == QLatin1String("adapter") || a.kind == QLatin1String("model"))
                adapterPath = a.path;
        if (adapterPath.isEmpty() || !QFileInfo::exists(adapterPath))
            refuse(runId, QStringLiteral("no saved adapter or model (status %1%2)")
                              .arg(runStatusName(run->status), adapterPath.isEmpty() ? QString() : QStringLiteral(", missing ") + adapterPath));
        tuned.description = QStringLiteral("%1 + run %2 (%3)").arg(modelReference).arg(runId).arg(run->name);
    }
    Transformer model(tuned.base.config);
    model->loadWeights(*tuned.base.weights);
    tuned.method = createMethod(settings);
    tuned.method->apply(model, 0);
    if (!adapterPath.isEmpty()) {
        try {
            tuned.method->loadAdapter(readTensorFile(adapterPath));
        } catch (const std::invalid_argument &e) {
            refuse(runId, QStringLiteral("%1: %2").arg(adapterPath, QString::fromUtf8(e.what())));
        }
    }
    tuned.method->model()->eval();
    return tuned;
}

TunedModel loadRunModel(const QString &databasePath, int64_t runId)
{
    QString baseModel;
    {
        RunStore store(databasePath);
        const std::optional<RunRecord> run = store.run(runId);
        if (!run)
            refuse(runId, QStringLiteral("no such run in %1").arg(databasePath));
        baseModel = parseExperimentConfig(run->configYaml.toUtf8(), QStringLiteral("run %1's config").arg(runId)).baseModel;
    }   // the store closes before loadTunedModel opens its own connection
    return loadTunedModel(baseModel, databasePath, runId);
}

std::string continueText(const TunedModel &model, const std::string &prompt, GenerationParams params)
{
    const Tokenizer &tok = *model.base.tokenizer;
    std::vector<int64_t> ids{tok.bosId()};
    const std::vector<int64_t> promptIds = tok.encode(prompt);
    ids.insert(ids.end(), promptIds.begin(), promptIds.end());
    params.stopToken = tok.eosId();
    params.keepFirstToken = true;   // bos, as every training window starts
    torch::NoGradGuard noGrad;
    FineTuningMethod &method = *model.method;
    // One short of the context: in a full training window the last position predicts nothing, so
    // its position embedding never trains, and sampling from it derails the text.
    const int64_t window = model.base.config.contextLength - 1 - method.contextReduction();
    std::vector<int64_t> out = generateTokens([&](const torch::Tensor &x) { return method.logits(x); }, ids, window, params);
    if (!out.empty() && out.back() == params.stopToken)
        out.pop_back();
    return tok.decode(out);
}

}  // namespace peftbench
