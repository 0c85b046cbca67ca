#include "experiment/RunExecutor.h"

#include "experiment/BaseModels.h"
#include "experiment/ConfigReader.h"
#include "experiment/ConfigWriter.h"
#include "experiment/ExperimentData.h"
#include "experiment/ModelChecks.h"
#include "experiment/RunExpansion.h"
#include "store/MetricWriter.h"
#include "store/RunStore.h"
#include "system/ComputeEnvironment.h"
#include "tokenizer/Tokenizer.h"
#include "train/TrainerCheckpoint.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <stdexcept>

namespace peftbench {

std::shared_ptr<const TrainingData> PreparedDataCache::find(const QString &key) const
{
    return key == m_key ? m_data : nullptr;
}

void PreparedDataCache::keep(const QString &key, std::shared_ptr<const TrainingData> data)
{
    m_key = key;
    m_data = std::move(data);
}

QString runDirectory(const QString &dataDirectory, int64_t runId)
{
    return QDir(dataDirectory).absoluteFilePath(QStringLiteral("runs/%1").arg(runId));
}

QString runCheckpointPath(const QString &dataDirectory, int64_t runId)
{
    return runDirectory(dataDirectory, runId) + QStringLiteral("/trainer-state.pwbc");
}

namespace {

// Passes everything to the run store's writer and to the caller's observer.
class RunObservers : public TrainingObserver {
public:
    RunObservers(MetricWriter &writer, TrainingObserver *extra) : m_writer(writer), m_extra(extra) {}
    void onStep(const StepMetrics &m) override
    {
        m_writer.onStep(m);
        if (m_extra)
            m_extra->onStep(m);
    }
    void onEvaluation(const EvalMetrics &m) override
    {
        m_writer.onEvaluation(m);
        if (m_extra)
            m_extra->onEvaluation(m);
    }
    void onMessage(const QString &message) override
    {
        if (m_extra)
            m_extra->onMessage(message);
    }
    void onCheckpoint(int64_t step) override
    {
        // The metrics up to the checkpoint are committed with it: a resume replays only what follows.
        m_writer.flush();
        if (m_extra)
            m_extra->onCheckpoint(step);
    }

private:
    MetricWriter &m_writer;
    TrainingObserver *m_extra;
};

QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QString datasetHash(const TrainingData &data)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const auto *split : {&data.train, &data.validation, &data.test}) {
        for (const TokenizedExample &e : *split) {
            hash.addData(QByteArrayView(reinterpret_cast<const char *>(e.tokens.data()), qsizetype(e.tokens.size() * sizeof(int64_t))));
            hash.addData(QByteArrayView(reinterpret_cast<const char *>(e.lossMask.data()),
                                        qsizetype(e.lossMask.size() * sizeof(e.lossMask[0]))));
        }
        hash.addData(QByteArrayView("|", 1));
    }
    return QString::fromLatin1(hash.result().toHex());
}

QString fingerprint(const TrainRequest &request, const QString &configYaml, const QString &device)
{
    const ComputeEnvironment env = probeComputeEnvironment();
    QJsonObject json;
    json.insert(QStringLiteral("peftbench"), env.peftbenchVersion);
    json.insert(QStringLiteral("libtorch"), env.libtorchVersion);
    json.insert(QStringLiteral("blas"), env.blas.name);
    json.insert(QStringLiteral("cpu"), env.cpuModel);
    json.insert(QStringLiteral("device"), device);
    json.insert(QStringLiteral("threads"), request.params.threads > 0 ? request.params.threads : env.logicalCores);
    json.insert(QStringLiteral("dataset_sha256"), datasetHash(*request.data));
    json.insert(QStringLiteral("config_sha256"), sha256(configYaml.toUtf8()));
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

// Everything a run needs before it can train; throws with a message on any problem.
TrainRequest prepareRun(const RunExecution &params, const RunRecord &record)
{
    const ExperimentConfig config =
        parseExperimentConfig(record.configYaml.toUtf8(), QStringLiteral("run %1's stored config").arg(record.id));
    const std::vector<RunSpec> specs = expandRuns(config);
    if (specs.size() != 1)
        throw std::invalid_argument(QStringLiteral("run %1's stored config describes %2 runs, not one")
                                        .arg(record.id)
                                        .arg(specs.size())
                                        .toStdString());
    RunSpec spec = specs.front();
    const BaseModel base = loadBaseModel(config.baseModel, {});
    const QStringList problems = validateAgainstModel(config, base.config);
    if (!problems.isEmpty())
        throw std::invalid_argument(problems.join(QLatin1Char('\n')).toStdString());

    TrainRequest request;
    request.baseConfig = base.config;
    request.baseWeights = base.weights;
    request.method = methodSettings(spec, *base.tokenizer);
    request.params = spec.train;
    if (params.threads > 0)
        request.params.threads = params.threads;

    request.data = prepareTrainingData(config.dataset, params.dataDirectory, {}, *base.tokenizer,
                                       spec.train.seed - uint64_t(spec.repeatIndex), params.dataCache);

    request.outputDir = runDirectory(params.dataDirectory, record.id);
    request.checkpointPath = runCheckpointPath(params.dataDirectory, record.id);
    request.checkpointEvery = params.checkpointEvery > 0 ? params.checkpointEvery : request.params.evalEvery;
    request.faults = params.faults;
    if (!QDir().mkpath(request.outputDir))
        throw std::runtime_error(QStringLiteral("cannot create the run folder %1").arg(request.outputDir).toStdString());
    return request;
}

}  // namespace

std::shared_ptr<const TrainingData> prepareTrainingData(const DatasetSpec &spec, const QString &dataDirectory,
                                                        const QString &baseDirectory, const Tokenizer &tok,
                                                        uint64_t splitSeed, PreparedDataCache *cache)
{
    DatasetSpec absolute = spec;
    if (!absolute.source.startsWith(QLatin1String("builtin:")))
        absolute.source = QDir(baseDirectory.isEmpty() ? QDir::currentPath() : baseDirectory).absoluteFilePath(spec.source);
    // The dataset's identity: its spec, the tokenizer and the split seed.
    ExperimentConfig dataOnly;
    dataOnly.dataset = absolute;
    const QString key = QStringLiteral("%1|%2|%3|%4|%5")
                            .arg(QString::fromUtf8(saveExperimentConfig(dataOnly)), tok.name(), dataDirectory)
                            .arg(tok.vocabSize())
                            .arg(splitSeed);
    if (cache) {
        if (std::shared_ptr<const TrainingData> data = cache->find(key))
            return data;
    }
    const DatasetSplits splits = loadDatasetSplits(absolute, dataDirectory, {}, tok, splitSeed);
    std::shared_ptr<const TrainingData> data = tokenizeSplits(splits, absolute, tok, spec.source);
    if (cache)
        cache->keep(key, data);
    return data;
}

RunOutcome executeRun(const RunExecution &params, TrainingObserver *observer, const std::atomic<bool> &cancel)
{
    RunOutcome outcome;
    std::unique_ptr<RunStore> store;
    try {
        store = std::make_unique<RunStore>(params.databasePath);
        const std::optional<RunRecord> record = store->run(params.runId);
        if (!record)
            throw std::invalid_argument(QStringLiteral("no run with id %1 in %2").arg(params.runId).arg(params.databasePath).toStdString());

        TrainRequest request;
        try {
            request = prepareRun(params, *record);
        } catch (const std::exception &e) {
            outcome.error = QString::fromUtf8(e.what());
            store->setRunStatus(params.runId, RunStatus::Failed, outcome.error);
            return outcome;
        }

        // A checkpoint means the run trained before: continue from it, dropping the metrics that
        // came after it (they are recorded again, identically, as the steps replay).
        if (QFileInfo::exists(request.checkpointPath)) {
            outcome.resumed = true;
            outcome.resumedFromStep = checkpointStep(request.checkpointPath);
            request.resume = true;
        }
        store->discardMetricsAfter(params.runId, outcome.resumedFromStep);
        store->markRunStarted(params.runId, QCoreApplication::applicationPid());
        store->setRunFingerprint(params.runId, fingerprint(request, record->configYaml, resolveDevice(request.params.device)));

        TrainResult result;
        {
            MetricWriter writer(params.databasePath, params.runId);
            RunObservers observers(writer, observer);
            result = trainRun(request, &observers, cancel);
            writer.flush();
        }
        outcome.status = result.status;
        outcome.error = result.error;
        outcome.summary = result.summary;
        if (result.status == RunStatus::Completed || result.status == RunStatus::Cancelled
            || result.status == RunStatus::Diverged)
            store->saveSummary(params.runId, result.summary, {});
        // A resumed run already listed its files: record each path once.
        const std::vector<ArtifactRecord> known = store->artifacts(params.runId);
        const auto listFile = [&](const QString &kind, const QString &path) {
            if (path.isEmpty() || !QFileInfo::exists(path))
                return;
            for (const ArtifactRecord &a : known)
                if (a.path == path)
                    return;
            store->addArtifact(params.runId, kind, path, QFileInfo(path).size());
        };
        listFile(request.method.kind == MethodKind::Full ? QStringLiteral("model") : QStringLiteral("adapter"),
               result.summary.adapterPath);
        listFile(QStringLiteral("checkpoint"), request.checkpointPath);
        store->setRunStatus(params.runId, result.status, result.error);
    } catch (const std::exception &e) {
        outcome.status = RunStatus::Failed;
        outcome.error = QString::fromUtf8(e.what());
        try {
            if (store)
                store->setRunStatus(params.runId, RunStatus::Failed, outcome.error);
        } catch (const std::exception &) {
            // The store itself failed; the message above says why, and the caller reports it.
        }
    }
    return outcome;
}

}  // namespace peftbench
