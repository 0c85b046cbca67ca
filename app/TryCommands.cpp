// peftbench score | generate: how well a model (optionally with a run's adapter) fits a text, and
// what it writes.
#include "Commands.h"

#include "CommandOptions.h"

#include "data/DatasetError.h"
#include "experiment/ExperimentData.h"
#include "experiment/ModelScoring.h"
#include "experiment/PeftTunedModel.h"
#include "experiment/TunedModel.h"
#include "methods/FineTuningMethod.h"
#include "model/TensorFile.h"
#include "store/RunStore.h"
#include "store/StoreError.h"
#include "system/ComputeEnvironment.h"
#include "tokenizer/Tokenizer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace peftbench {

namespace {

struct ModelOptions {
    QCommandLineOption model{QStringLiteral("model"), QStringLiteral("The base model: builtin:NAME, file:PATH or hf:DIR."),
                             QStringLiteral("MODEL")};
    QCommandLineOption run{QStringLiteral("run"), QStringLiteral("Apply a finished run's adapter (or fine-tuned weights)."),
                           QStringLiteral("RUN_ID")};
    QCommandLineOption adapter{QStringLiteral("adapter"),
                               QStringLiteral("Apply a Hugging Face PEFT adapter folder (LoRA or prompt tuning)."), QStringLiteral("DIR")};
    void addTo(QCommandLineParser &parser) const { parser.addOptions({model, run, adapter}); }
};

// The model the options name, or nullopt after printing why not.
std::optional<TunedModel> loadModel(const QCommandLineParser &parser, const ModelOptions &o, const CommandOptions &options,
                                    const QString &command)
{
    if (!parser.isSet(o.model)) {
        printError(QStringLiteral("%1: --model is required (builtin:NAME, file:PATH or hf:DIR)").arg(command));
        return std::nullopt;
    }
    int64_t runId = 0;
    if (parser.isSet(o.run)) {
        const std::optional<int64_t> id = parseRunId(parser.value(o.run), command + QStringLiteral(" --run"));
        if (!id)
            return std::nullopt;
        runId = *id;
    }
    if (parser.isSet(o.adapter) && runId > 0) {
        printError(QStringLiteral("%1: give --run or --adapter, not both").arg(command));
        return std::nullopt;
    }
    applyComputeSettings({options.threads});
    try {
        if (parser.isSet(o.adapter))
            return loadPeftTunedModel(parser.value(o.model), parser.value(o.adapter));
        return loadTunedModel(parser.value(o.model), RunStore::pathInDataDirectory(options.dataDirectory), runId);
    } catch (const std::exception &e) {
        printFailure(e, command + QStringLiteral(": "));
        return std::nullopt;
    }
}

}  // namespace

int scoreCommand(const QStringList &args)
{
    CommandParser command(QStringLiteral("score --model MODEL [--run RUN_ID | --adapter DIR] (--text FILE | --dataset SOURCE) [--json]"),
                          QStringLiteral("Score a text with a model: mean next-token negative log-likelihood (nats per token), "
                                         "perplexity and bits per byte. --dataset scores a dataset's test split (its texts "
                                         "joined with blank lines)."));
    const ModelOptions model;
    model.addTo(command.parser());
    const QCommandLineOption text(QStringLiteral("text"), QStringLiteral("A UTF-8 text file to score."), QStringLiteral("FILE"));
    const QCommandLineOption dataset(QStringLiteral("dataset"), QStringLiteral("builtin:ID or a dataset file: score its test split."),
                                     QStringLiteral("SOURCE"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object (mean_nll, perplexity, "
                                                                         "bits_per_byte, tokens, token_ids)."));
    command.parser().addOptions({text, dataset, json});
    int exitCode = 0;
    const std::optional<CommandOptions> options = command.parse(args, 0, 0, exitCode);
    if (!options)
        return exitCode;
    if (command.parser().isSet(text) == command.parser().isSet(dataset)) {
        printError(QStringLiteral("score: give exactly one of --text FILE and --dataset SOURCE"));
        return 2;
    }
    const std::optional<TunedModel> tuned = loadModel(command.parser(), model, *options, QStringLiteral("score"));
    if (!tuned)
        return 2;

    std::string content;
    QString source;
    try {
        if (command.parser().isSet(text)) {
            source = command.parser().value(text);
            QFile file(source);
            if (!file.open(QIODevice::ReadOnly))
                throw DatasetError(source, QStringLiteral("cannot read the file: ") + file.errorString());
            content = file.readAll().toStdString();
        } else {
            source = command.parser().value(dataset);
            DatasetSpec spec;
            spec.source = source;
            spec.task = TaskKind::CausalLm;
            spec.maxLength = int(tuned->base.config.contextLength);
            const DatasetSplits splits = loadDatasetSplits(spec, options->dataDirectory, {}, *tuned->base.tokenizer, 42);
            for (const TextRecord &r : splits.test)
                content += (content.empty() ? "" : "\n\n") + r.text;
            source += QStringLiteral(" (test split, %1 texts)").arg(splits.test.size());
        }
        if (content.empty())
            throw DatasetError(source, QStringLiteral("empty: nothing to score"));
    } catch (const DatasetError &e) {
        printError(QStringLiteral("score: ") + e.message());
        return 2;
    }

    const TextScore s = scoreText(*tuned->method, *tuned->base.tokenizer, content);
    if (command.parser().isSet(json)) {
        QJsonArray ids;
        for (int64_t id : s.tokenIds)
            ids.append(qint64(id));
        QJsonObject o{{QStringLiteral("model"), tuned->description},
                      {QStringLiteral("mean_nll"), s.meanNll},
                      {QStringLiteral("perplexity"), s.perplexity},
                      {QStringLiteral("bits_per_byte"), s.bitsPerByte},
                      {QStringLiteral("tokens"), qint64(s.tokens)},
                      {QStringLiteral("windows"), qint64(s.windows)},
                      {QStringLiteral("token_ids"), ids}};
        printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
        return 0;
    }
    QString out = QStringLiteral("%1 on %2\n"
                                 "mean NLL      %3 nats/token\n"
                                 "perplexity    %4\n"
                                 "bits per byte %5\n"
                                 "tokens        %6 (%7 bytes)\n")
                      .arg(tuned->description, source)
                      .arg(s.meanNll, 0, 'f', 6)
                      .arg(s.perplexity, 0, 'f', 4)
                      .arg(s.bitsPerByte, 0, 'f', 4)
                      .arg(s.tokens)
                      .arg(s.bytes);
    if (s.windows > 1)
        out += QStringLiteral("longer than the context (%1 tokens): scored in %2 overlapping windows, every token once\n")
                   .arg(tuned->base.config.contextLength - tuned->method->contextReduction())
                   .arg(s.windows);
    printOut(out);
    return 0;
}

int generateCommand(const QStringList &args)
{
    CommandParser command(QStringLiteral("generate --model MODEL [--run RUN_ID | --adapter DIR] --prompt TEXT [options]"),
                          QStringLiteral("Continue a prompt with a model (optionally with a run's adapter). The same seed "
                                         "gives the same text; --temperature 0 is greedy."));
    const ModelOptions model;
    model.addTo(command.parser());
    const QCommandLineOption prompt(QStringLiteral("prompt"), QStringLiteral("The text to continue."), QStringLiteral("TEXT"));
    const QCommandLineOption maxNew(QStringLiteral("max-new-tokens"), QStringLiteral("Tokens to write (default 200)."),
                                    QStringLiteral("N"), QStringLiteral("200"));
    const QCommandLineOption temperature(QStringLiteral("temperature"), QStringLiteral("Sampling temperature (default 0.8; 0 = greedy)."),
                                         QStringLiteral("T"), QStringLiteral("0.8"));
    const QCommandLineOption topK(QStringLiteral("top-k"), QStringLiteral("Sample among the K likeliest tokens (default 0 = all)."),
                                  QStringLiteral("K"), QStringLiteral("0"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Random seed (default 0)."), QStringLiteral("S"),
                                  QStringLiteral("0"));
    command.parser().addOptions({prompt, maxNew, temperature, topK, seed});
    int exitCode = 0;
    const std::optional<CommandOptions> options = command.parse(args, 0, 0, exitCode);
    if (!options)
        return exitCode;
    const QCommandLineParser &p = command.parser();
    GenerationParams params;
    bool ok[4] = {};
    params.maxNewTokens = p.value(maxNew).toLongLong(&ok[0]);
    params.temperature = p.value(temperature).toDouble(&ok[1]);
    params.topK = p.value(topK).toLongLong(&ok[2]);
    params.seed = p.value(seed).toULongLong(&ok[3]);
    const struct {
        bool valid;
        const char *option;
        QString value;
        const char *expected;
    } checks[] = {
        {ok[0] && params.maxNewTokens >= 1 && params.maxNewTokens <= 100000, "--max-new-tokens", p.value(maxNew), "a whole number from 1 to 100000"},
        {ok[1] && params.temperature >= 0 && params.temperature <= 100, "--temperature", p.value(temperature), "a number from 0 to 100"},
        {ok[2] && params.topK >= 0, "--top-k", p.value(topK), "a whole number >= 0"},
        {ok[3], "--seed", p.value(seed), "a whole number >= 0"},
    };
    for (const auto &c : checks) {
        if (!c.valid) {
            printError(QStringLiteral("generate: %1: expected %2, got '%3'").arg(QLatin1String(c.option), QLatin1String(c.expected), c.value));
            return 2;
        }
    }
    if (!p.isSet(prompt) || p.value(prompt).isEmpty()) {
        printError(QStringLiteral("generate: --prompt TEXT is required and must not be empty"));
        return 2;
    }
    const std::optional<TunedModel> tuned = loadModel(p, model, *options, QStringLiteral("generate"));
    if (!tuned)
        return 2;
    const std::string continuation = continueText(*tuned, p.value(prompt).toStdString(), params);
    printOut(p.value(prompt) + QString::fromStdString(continuation) + QLatin1Char('\n'));
    return 0;
}

}  // namespace peftbench
