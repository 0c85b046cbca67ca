// libFuzzer harness: the YAML experiment and pretraining-recipe readers (parseExperimentConfig,
// parsePretrainRecipe). An accepted experiment must also survive what the application does next:
// expanding its sweeps (expandRuns) and saving it (saveExperimentConfig), which must read back
// equal, as ConfigWriter.h promises for every valid config.
#include "FuzzCheck.h"

#include "experiment/ConfigError.h"
#include "experiment/ConfigReader.h"
#include "experiment/ConfigWriter.h"
#include "experiment/RunExpansion.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace peftbench;
using peftbench::fuzz::expectContract;

namespace {

const QString kPath = QStringLiteral("fuzz.yaml");

void expectNamesFile(const ConfigError &error)
{
    expectContract(error.file() == kPath && error.message().startsWith(kPath),
                   "the message does not start with the file: " + error.message().toStdString());
}

void checkAccepted(const ExperimentConfig &config)
{
    const std::vector<RunSpec> runs = expandRuns(config);
    expectContract(!runs.empty() && int64_t(runs.size()) <= kMaxExpandedRuns,
                   "expandRuns gave " + std::to_string(runs.size()) + " runs");
    const QByteArray saved = saveExperimentConfig(config);
    try {
        const ExperimentConfig again = parseExperimentConfig(saved, kPath);
        expectContract(again == config, "saved and read back, the config differs:\n" + saved.toStdString());
    } catch (const ConfigError &error) {
        expectContract(false, "the saved config does not load: " + error.message().toStdString() + "\n"
                                  + saved.toStdString());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray yaml(reinterpret_cast<const char *>(data), qsizetype(size));
    try {
        checkAccepted(parseExperimentConfig(yaml, kPath));
    } catch (const ConfigError &error) {
        expectNamesFile(error);
    }
    try {
        parsePretrainRecipe(yaml, kPath);
    } catch (const ConfigError &error) {
        expectNamesFile(error);
    }
    return 0;
}
