#include "experiment/ExperimentData.h"

#include "data/BuiltinDatasets.h"
#include "data/DatasetError.h"
#include "data/DatasetLoader.h"
#include "tokenizer/Tokenizer.h"

#include <QDir>

#include <stdexcept>

namespace peftbench {

namespace {

const QString kBuiltinPrefix = QStringLiteral("builtin:");

}  // namespace

DatasetSplits loadDatasetSplits(const DatasetSpec &spec, const QString &dataDirectory, const QString &baseDirectory,
                                const Tokenizer &tok, uint64_t seed)
{
    if (spec.source.startsWith(kBuiltinPrefix))
        return loadBuiltinDataset(spec.source.mid(kBuiltinPrefix.size()), datasetCacheDirectory(dataDirectory));

    UserDatasetSpec user;
    user.path = QDir(baseDirectory.isEmpty() ? QDir::currentPath() : baseDirectory).absoluteFilePath(spec.source);
    user.task = spec.task;
    if (!spec.textColumn.isEmpty())
        user.fields.text = spec.textColumn.toStdString();
    if (!spec.labelColumn.isEmpty())
        user.fields.label = spec.labelColumn.toStdString();
    user.split = spec.split;
    user.seed = seed;
    user.tokenizer = &tok;
    user.maxLength = spec.maxLength;
    return loadUserDataset(user);
}

std::shared_ptr<TrainingData> tokenizeSplits(const DatasetSplits &splits, const DatasetSpec &spec, const Tokenizer &tok,
                                             const QString &sourceName)
{
    auto data = std::make_shared<TrainingData>();
    data->task = spec.task;
    data->padId = tok.padId();
    data->byteLevel = tok.isByteLevel();
    const auto build = [&](const std::vector<TextRecord> &records, const char *split) {
        if (records.empty())
            return std::vector<TokenizedExample>{};
        try {
            switch (spec.task) {
            case TaskKind::CausalLm:
                return buildCausalLmExamples(records, tok, spec.maxLength);
            case TaskKind::Completion:
                return buildCompletionExamples(records, tok, spec.maxLength);
            case TaskKind::Classification:
                return buildClassificationExamples(records, tok, data->layout, spec.maxLength);
            }
        } catch (const std::invalid_argument &e) {
            throw DatasetError(sourceName, QStringLiteral("%1 split, task %2: %3")
                                               .arg(QLatin1String(split), taskKindName(spec.task),
                                                    QString::fromStdString(e.what())));
        }
        return std::vector<TokenizedExample>{};
    };
    if (spec.task == TaskKind::Classification) {
        for (const TextRecord &r : splits.train) {
            if (r.label.empty())
                throw DatasetError(sourceName, QStringLiteral("task classification needs a label on every record; "
                                                              "this dataset has unlabelled text (task causal_lm suits it)"));
        }
        try {
            data->layout = makeClassificationLayout(splits.train, tok, spec.labels);
        } catch (const std::invalid_argument &e) {
            throw DatasetError(sourceName, QString::fromStdString(e.what()));
        }
    }
    if (splits.train.empty())
        throw DatasetError(sourceName, QStringLiteral("the training split is empty"));
    data->train = build(splits.train, "train");
    data->validation = build(splits.validation, "validation");
    data->test = build(splits.test, "test");
    return data;
}

}  // namespace peftbench
