#include "experiment/StoredRunEstimate.h"

#include "experiment/BaseModels.h"
#include "experiment/ConfigReader.h"
#include "experiment/RunExpansion.h"
#include "store/StoreRecords.h"
#include "system/CudaDevices.h"

#include <QThread>

#include <exception>

namespace peftbench {

namespace {

bool usesCuda(const QString &device)
{
    if (device.startsWith(QStringLiteral("cuda")))
        return true;
    return device == QStringLiteral("auto") && !cudaDevices().isEmpty();
}

}  // namespace

std::optional<ResourceEstimate> estimateStoredRun(const RunRecord &run, int threads)
{
    try {
        const ExperimentConfig config =
            parseExperimentConfig(run.configYaml.toUtf8(), QStringLiteral("run %1's config").arg(run.id));
        const std::vector<RunSpec> specs = expandRuns(config);
        if (specs.empty())
            return std::nullopt;
        const RunSpec &spec = specs.front();
        // Stored configs carry absolute paths, so no base directory is needed.
        const ModelConfig model = loadBaseModel(config.baseModel, QString()).config;
        const int effectiveThreads = threads > 0 ? threads
                                     : spec.train.threads > 0 ? spec.train.threads
                                                              : QThread::idealThreadCount();
        return estimateRun(model, config, spec, currentEstimateEnvironment(usesCuda(spec.train.device), effectiveThreads));
    } catch (const std::exception &) {
        return std::nullopt;   // ConfigError, FileFormatError, invalid_argument: the run's start says why
    }
}

}  // namespace peftbench
