#include "experiment/SampleOutputs.h"

#include "experiment/ConfigReader.h"
#include "experiment/ExperimentData.h"
#include "experiment/RunExpansion.h"
#include "experiment/TunedModel.h"
#include "methods/FineTuningMethod.h"
#include "store/RunStore.h"
#include "tokenizer/Tokenizer.h"
#include "train/Evaluator.h"

#include <QFileInfo>

#include <algorithm>

#include <optional>
#include <stdexcept>

namespace peftbench {

namespace {

ExperimentConfig runConfig(const RunRecord &run)
{
    return parseExperimentConfig(run.configYaml.toUtf8(), QStringLiteral("run %1's stored config").arg(run.id));
}

// The split seed the run was trained with (as the run executor derives it), so "test examples"
// are the ones the run never saw.
uint64_t splitSeed(const ExperimentConfig &config)
{
    const std::vector<RunSpec> specs = expandRuns(config);
    if (specs.empty())
        throw std::invalid_argument("the stored config describes no run");
    return specs.front().train.seed - uint64_t(specs.front().repeatIndex);
}

std::vector<TextRecord> firstExamples(const DatasetSplits &splits, int count)
{
    // Small datasets may leave the test split empty; validation is unseen by training too.
    const std::vector<TextRecord> &pool = splits.test.empty() ? splits.validation : splits.test;
    return {pool.begin(), pool.begin() + std::min<std::ptrdiff_t>(std::max(0, count), std::ptrdiff_t(pool.size()))};
}

QStringList classify(const TunedModel &model, const DatasetSplits &splits, const DatasetSpec &spec,
                     const std::vector<TextRecord> &examples, const std::atomic<bool> &cancel)
{
    const Tokenizer &tok = *model.base.tokenizer;
    const ClassificationLayout layout = makeClassificationLayout(splits.train, tok, spec.labels);
    const std::vector<TokenizedExample> tokenized = buildClassificationExamples(examples, tok, layout, spec.maxLength);
    QStringList predicted;
    for (const TokenizedExample &example : tokenized) {
        if (cancel)
            break;
        // One example at a time through the evaluator's own rank scoring: its confusion row then
        // holds exactly one count, in the column of the predicted class.
        const ClassificationScores scores =
            evaluateClassification(*model.method, {example}, layout, 1, tok.padId(), torch::kCPU);
        const std::vector<int64_t> &row = scores.confusion.at(size_t(example.label));
        const auto hit = std::find(row.begin(), row.end(), int64_t(1));
        predicted << QString::fromStdString(layout.labels.at(size_t(hit - row.begin())));
    }
    return predicted;
}

QStringList continueAll(const TunedModel &model, const QStringList &prompts, const SampleOutputParams &params,
                        const std::atomic<bool> &cancel)
{
    GenerationParams generation;
    generation.maxNewTokens = params.maxNewTokens;
    generation.temperature = params.temperature;
    generation.seed = params.seed;
    QStringList out;
    for (const QString &prompt : prompts) {
        if (cancel)
            break;
        out << QString::fromUtf8(continueText(model, prompt.toStdString(), generation));
    }
    return out;
}

}  // namespace

QString promptFromText(const QString &text, int maxChars)
{
    const QString line = text.section(QLatin1Char('\n'), 0, 0, QString::SectionSkipEmpty).simplified();
    const QStringList words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QString prompt;
    for (qsizetype i = 0; i < std::max<qsizetype>(1, (words.size() + 1) / 2); ++i) {
        const QString next = prompt.isEmpty() ? words.value(i) : prompt + QLatin1Char(' ') + words.value(i);
        if (next.size() > maxChars && !prompt.isEmpty())
            break;
        prompt = next.left(maxChars);
    }
    return prompt;
}

SampleOutputs computeSampleOutputs(const SampleOutputParams &params, const std::atomic<bool> &cancel,
                                   const std::function<void(const SampleOutputs &)> &progress)
{
    SampleOutputs result;
    std::vector<RunRecord> runs;
    DatasetSplits splits;
    DatasetSpec dataset;
    // The first run's model is loaded first: its tokenizer reads the dataset, and it answers first.
    std::optional<TunedModel> firstModel;
    QString firstModelError;
    try {
        {
            RunStore store(params.databasePath);
            for (int64_t id : params.runIds) {
                const std::optional<RunRecord> record = store.run(id);
                if (!record)
                    throw std::invalid_argument(QStringLiteral("no run %1 in %2").arg(id).arg(params.databasePath).toStdString());
                runs.push_back(*record);
            }
        }   // closed before each model load opens a connection of its own
        if (runs.empty())
            throw std::invalid_argument("no runs to compare");
        const ExperimentConfig first = runConfig(runs.front());
        dataset = first.dataset;
        result.task = dataset.task;
        const QString dataDirectory =
            params.dataDirectory.isEmpty() ? QFileInfo(params.databasePath).absolutePath() : params.dataDirectory;
        try {
            firstModel = loadRunModel(params.databasePath, runs.front().id);
        } catch (const std::exception &e) {
            firstModelError = QString::fromUtf8(e.what());   // that run's own error; the others may still answer
        }
        const std::shared_ptr<const Tokenizer> tok =
            firstModel ? firstModel->base.tokenizer : loadBaseModel(first.baseModel, {}).tokenizer;
        splits = loadDatasetSplits(dataset, dataDirectory, {}, *tok, splitSeed(first));
    } catch (const std::exception &e) {
        result.error = QString::fromUtf8(e.what());
        return result;
    }

    const std::vector<TextRecord> examples = firstExamples(splits, params.exampleCount);
    switch (result.task) {
    case TaskKind::CausalLm:
        result.inputs = params.prompts;
        for (const TextRecord &r : examples)
            if (params.prompts.isEmpty())
                result.inputs << promptFromText(QString::fromStdString(r.text));
        break;
    case TaskKind::Completion:
        result.inputs = params.prompts;
        for (const TextRecord &r : examples) {
            if (params.prompts.isEmpty()) {
                result.inputs << QString::fromStdString(r.prompt);
                result.references << QString::fromStdString(r.completion);
            }
        }
        break;
    case TaskKind::Classification:
        for (const TextRecord &r : examples) {
            result.inputs << QString::fromStdString(r.text);
            result.references << QString::fromStdString(r.label);
        }
        break;
    }
    if (progress)
        progress(result);

    for (size_t i = 0; i < runs.size(); ++i) {
        if (cancel) {
            result.cancelled = true;
            break;
        }
        const RunRecord &run = runs[i];
        RunSampleOutput out;
        out.runId = run.id;
        out.runName = run.name;
        try {
            const DatasetSpec own = runConfig(run).dataset;
            if (own != dataset)
                throw std::invalid_argument(QStringLiteral("trained on another dataset (%1, %2) than the examples' (%3, %4)")
                                                .arg(own.source, taskKindName(own.task), dataset.source, taskKindName(dataset.task))
                                                .toStdString());
            if (i == 0 && !firstModel)
                throw std::runtime_error(firstModelError.toStdString());
            const TunedModel model = i == 0 ? std::move(*firstModel) : loadRunModel(params.databasePath, run.id);
            firstModel.reset();
            out.outputs = result.task == TaskKind::Classification ? classify(model, splits, dataset, examples, cancel)
                                                                  : continueAll(model, result.inputs, params, cancel);
        } catch (const std::exception &e) {
            out.error = QString::fromUtf8(e.what());
        }
        if (cancel) {   // a run cut short has partial outputs: leave it out
            result.cancelled = true;
            break;
        }
        result.runs.push_back(std::move(out));
        if (progress)
            progress(result);
    }
    return result;
}

}  // namespace peftbench
