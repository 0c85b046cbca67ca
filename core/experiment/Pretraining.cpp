#include "experiment/Pretraining.h"

#include "experiment/ExperimentData.h"
#include "methods/FineTuningMethod.h"
#include "model/Transformer.h"
#include "tokenizer/ByteTokenizer.h"
#include "train/Evaluator.h"
#include "train/Trainer.h"

#include <QDir>
#include <QFileInfo>

namespace peftbench {

PretrainRequest resolvePretrainPaths(PretrainRequest r)
{
    const QDir recipeDir = QFileInfo(r.recipe.sourceFile).absoluteDir();
    if (r.outputPath.isEmpty())
        r.outputPath = recipeDir.absoluteFilePath(r.recipe.output);
    if (r.checkpointPath.isEmpty())
        r.checkpointPath = QDir(r.dataDirectory).absoluteFilePath(QStringLiteral("pretrain/%1/trainer-state.pwbc").arg(r.recipe.name));
    if (r.threads > 0)
        r.recipe.train.threads = r.threads;
    return r;
}

PretrainResult pretrainModel(const PretrainRequest &request, TrainingObserver *observer, const std::atomic<bool> &cancel)
{
    const PretrainRequest r = resolvePretrainPaths(request);
    PretrainResult result;
    result.outputPath = r.outputPath;
    const ByteTokenizer tok;
    TrainRequest train;
    try {
        const QString recipeDir = QFileInfo(r.recipe.sourceFile).absolutePath();
        const DatasetSplits splits = loadDatasetSplits(r.recipe.dataset, r.dataDirectory, recipeDir, tok, r.recipe.train.seed);
        if (observer)
            observer->onMessage(QStringLiteral("dataset %1: %2").arg(r.recipe.dataset.source, splits.description));
        train.data = tokenizeSplits(splits, r.recipe.dataset, tok, r.recipe.dataset.source);
        if (train.data->test.empty())
            throw std::invalid_argument("the dataset has no test split to measure the held-out loss on");
    } catch (const std::exception &e) {
        result.error = QString::fromUtf8(e.what());
        return result;
    }
    train.baseConfig = r.recipe.model;
    train.method.kind = MethodKind::Full;
    train.params = r.recipe.train;
    train.outputDir = QFileInfo(r.checkpointPath).absolutePath();
    train.checkpointPath = r.checkpointPath;
    train.checkpointEvery = r.recipe.train.evalEvery;
    train.resume = r.resume;
    if (!QDir().mkpath(train.outputDir)) {
        result.error = QStringLiteral("cannot create the folder %1").arg(train.outputDir);
        return result;
    }

    const TrainResult trained = trainRun(train, observer, cancel);
    result.status = trained.status;
    result.error = trained.error;
    result.summary = trained.summary;
    if (trained.status != RunStatus::Completed)
        return result;

    try {
        FineTuningMethod &method = *trained.method;
        const torch::Device device(resolveDevice(r.recipe.train.device).toStdString());
        const LossResult heldOut = evaluateLoss(method, train.data->test, r.recipe.train.batchSize, tok.padId(), device);
        result.heldOutLoss = heldOut.meanNll;
        result.heldOutTokens = heldOut.targets;

        Transformer model = method.model();
        model->to(torch::kCPU);
        TensorFile file = model->toTensorFile();
        file.metadata.insert(QStringLiteral("tokenizer"), tok.name());
        file.metadata.insert(QStringLiteral("name"), r.recipe.name);
        file.metadata.insert(QStringLiteral("recipe"), QString::fromUtf8(r.recipeYaml));
        file.metadata.insert(QLatin1String(kHeldOutLossKey), QString::number(heldOut.meanNll, 'f', 6));
        file.metadata.insert(QLatin1String(kHeldOutTokensKey), QString::number(heldOut.targets));
        file.metadata.insert(QLatin1String(kHeldOutDatasetKey),
                             QStringLiteral("%1 test split, max_length %2").arg(r.recipe.dataset.source).arg(r.recipe.dataset.maxLength));
        file.metadata.insert(QStringLiteral("train_steps"), QString::number(trained.summary.steps));
        file.metadata.insert(QStringLiteral("train_wall_seconds"), QString::number(trained.summary.wallSeconds, 'f', 1));
        QDir().mkpath(QFileInfo(r.outputPath).absolutePath());
        writeTensorFile(r.outputPath, file);
        result.outputBytes = QFileInfo(r.outputPath).size();
    } catch (const std::exception &e) {
        result.status = RunStatus::Failed;
        result.error = QStringLiteral("writing %1: %2").arg(r.outputPath, QString::fromUtf8(e.what()));
    }
    return result;
}

}  // namespace peftbench
