// Experiment configs (SPEC §6): the presets load and round-trip, sweeps and repeats expand to the
// right runs with the right names, seeds and learning rates, every bad config is refused with the
// exact FILE:LINE:COLUMN: KEY: problem (got ...; expected ...) message, and the checks that need
// the base model name the key they are about.
#include "experiment/BaseModels.h"
#include "experiment/ConfigError.h"
#include "experiment/ConfigNumbers.h"
#include "experiment/ConfigReader.h"
#include "experiment/ConfigWriter.h"
#include "experiment/ModelChecks.h"
#include "experiment/RunExpansion.h"

#include <QtTest>

using namespace peftbench;

namespace {

const QString kPresetDir = QStringLiteral(PEFTBENCH_SOURCE_DIR "/resources/experiments");

// The first three lines of most bad configs: what comes after them is the line under test.
const QByteArray kHead = "name: t\n"
                         "base_model: builtin:byte-gpt\n"
                         "dataset: {source: builtin:spam, task: classification, max_length: 64}\n";

ExperimentConfig parse(const QByteArray &yaml)
{
    return parseExperimentConfig(yaml, QStringLiteral("test.yaml"));
}

QStringList names(const std::vector<RunSpec> &runs)
{
    QStringList list;
    for (const RunSpec &run : runs)
        list << run.name;
    return list;
}

QString errorOf(const QByteArray &yaml)
{
    try {
        parseExperimentConfig(yaml, QStringLiteral("bad.yaml"));
    } catch (const ConfigError &e) {
        return e.message();
    }
    return QStringLiteral("(no error)");
}

QString recipeErrorOf(const QByteArray &yaml)
{
    try {
        parsePretrainRecipe(yaml, QStringLiteral("recipe.yaml"));
    } catch (const ConfigError &e) {
        return e.message();
    }
    return QStringLiteral("(no error)");
}

// Block nesting yaml-cpp's own depth guard stops (the flow-bracket scan does not count indentation).
QByteArray deepBlockNesting()
{
    QByteArray yaml;
    for (int i = 0; i < 600; ++i)
        yaml += QByteArray(i * 2, ' ') + "a:\n";
    return yaml;
}

}  // namespace

class TestExperimentConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void presets_data();
    void presets();
    void specExample();
    void roundTripWithSweepsAndRepeats();
    void roundTripOfABuiltConfig();
    void roundTripOfTheFamilyBlocks();
    void sweepExpansion();
    void sweepOverTargetModules();
    void repeatsUseConsecutiveSeeds();
    void learningRateFallsBack();
    void defaultsAndUniqueNames();
    void errorCarriesItsParts();
    void badConfigs_data();
    void badConfigs();
    void missingFile();
    void positionsOfKeys();
    void validateAgainstModel_data();
    void validateAgainstModel();
    void shortestNumbers();
    void shippedRecipe();
    void badRecipes_data();
    void badRecipes();
};

void TestExperimentConfig::presets_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("runs");
    QTest::addColumn<QStringList>("runNames");
    QTest::newRow("spam") << "spam-three-methods.yaml" << 3
                          << QStringList{"Prompt Tuning", "LoRA r=8", "Full fine-tuning"};
    QTest::newRow("moby") << "moby-style-lora-sweep.yaml" << 3 << QStringList{"lora r=4", "lora r=8", "lora r=16"};
    QTest::newRow("brown") << "brown-genre-three-methods.yaml" << 3
                           << QStringList{"Prompt Tuning", "LoRA r=8", "Full fine-tuning"};
}

void TestExperimentConfig::presets()
{
    QFETCH(QString, file);
    QFETCH(int, runs);
    QFETCH(QStringList, runNames);
    const QString path = kPresetDir + QLatin1Char('/') + file;
    ExperimentConfig config;
    try {
        config = loadExperimentConfig(path);
    } catch (const ConfigError &e) {
        QFAIL(qPrintable(e.message()));
    }
    QCOMPARE(config.sourceFile, path);
    QCOMPARE(config.baseModel, QStringLiteral("builtin:byte-gpt"));
    const std::vector<RunSpec> expanded = expandRuns(config);
    QCOMPARE(int(expanded.size()), runs);
    QCOMPARE(names(expanded), runNames);
    // Every preset fits the built-in model it names (context, LoRA ranks, virtual tokens).
    const BaseModel base = loadBaseModel(config.baseModel, {});
    QCOMPARE(peftbench::validateAgainstModel(config, base.config), QStringList());

    const QByteArray saved = saveExperimentConfig(config);
    const ExperimentConfig again = parseExperimentConfig(saved, QStringLiteral("saved.yaml"));
    QVERIFY2(again == config, saved.constData());
    QCOMPARE(saveExperimentConfig(again), saved);
}

void TestExperimentConfig::specExample()
{
    const ExperimentConfig config = parse(R"(
name: spam-prompt-vs-lora-vs-full
base_model: builtin:byte-gpt          # or hf:/path/to/local/folder
dataset: {source: builtin:spam, task: classification, max_length: 256}
train: {device: auto, seed: 42, steps: 300, batch_size: 16, eval_every: 50, warmup_steps: 20}
runs:
  - {method: prompt_tuning, lr: 3.0e-2, prompt_tuning: {num_virtual_tokens: 20, init: sample_vocab}}
  - {method: lora, lr: 2.0e-3, lora: {r: 8, alpha: 16, dropout: 0.05, target_modules: [q, v]}}
  - {method: full, lr: 3.0e-4}
)");
    QCOMPARE(config.dataset.task, TaskKind::Classification);
    QCOMPARE(config.dataset.maxLength, 256);
    QCOMPARE(config.train.steps, int64_t(300));
    QCOMPARE(config.train.warmupSteps, int64_t(20));
    QCOMPARE(config.train.evalEvery, int64_t(50));
    const std::vector<RunSpec> runs = expandRuns(config);
    QCOMPARE(names(runs), (QStringList{"prompt_tuning", "lora", "full"}));
    QCOMPARE(runs[0].train.lr, 3e-2);
    QCOMPARE(runs[0].method.promptTuning.numVirtualTokens, int64_t(20));
    QCOMPARE(runs[1].train.lr, 2e-3);
    QCOMPARE(runs[1].method.lora.targets, (std::vector<std::string>{"q", "v"}));
    QCOMPARE(runs[2].train.lr, 3e-4);
}

void TestExperimentConfig::roundTripWithSweepsAndRepeats()
{
    const QByteArray yaml = R"(
name: "sweep: 'all' # of it"
base_model: hf:/models/My Model
dataset:
  source: "C:\\data\\train set.csv"
  task: classification
  max_length: 128
  text_column: body text
  label_column: label
  labels: ["yes", "no", 스팸]
  validation_fraction: 0.2
  test_fraction: 0
train: {steps: 40, lr: 0.0005, seed: 7, schedule: cosine, warmup_steps: 4, device: "cuda:1", dtype: bf16, threads: 3}
repeats: 3
runs:
  - {method: full}
  - name: ranks
    method: lora
    lr: [1.0e-3, 2.0e-3]
    lora: {r: [4, 8, 16], alpha: [8, 16.5], dropout: 0.1, target_modules: [[q, v], [q, k, v, o, up, down]], rslora: [false, true]}
  - method: prompt_tuning
    prompt_tuning: {num_virtual_tokens: [10, 30], init: [random, text], init_text: "Classify:\n \"spam\" or ham?\t"}
)";
    const ExperimentConfig config = parse(yaml);
    QCOMPARE(config.name, QStringLiteral("sweep: 'all' # of it"));
    QCOMPARE(config.dataset.source, QStringLiteral("C:\\data\\train set.csv"));
    QCOMPARE(config.dataset.labels, (std::vector<std::string>{"yes", "no", "스팸"}));
    QCOMPARE(config.repeats, 3);
    QVERIFY(config.hasSharedLr);
    QCOMPARE(config.runs.size(), size_t(3));
    QCOMPARE(config.runs[1].combinations(), int64_t(2 * 3 * 2 * 2 * 2));
    QCOMPARE(config.runs[2].promptTuning.initText.front(), QStringLiteral("Classify:\n \"spam\" or ham?\t"));

    const QByteArray saved = saveExperimentConfig(config);
    const ExperimentConfig again = parse(saved);
    QVERIFY2(again == config, saved.constData());
    QCOMPARE(saveExperimentConfig(again), saved);
    QCOMPARE(expandRuns(again).size(), size_t((1 + 48 + 4) * 3));

    // Equality sees every part: one changed sweep value makes them differ.
    ExperimentConfig changed = again;
    changed.runs[1].lora.r[2] = 32;
    QVERIFY(changed != config);
}

// Issue 12's blocks: each sweepable, written back as read, expanded into named runs.
void TestExperimentConfig::roundTripOfTheFamilyBlocks()
{
    const QByteArray yaml = kHead + R"(runs:
  - method: prefix_tuning
    prefix_tuning: {num_virtual_tokens: [5, 10], projection: [false, true], projection_hidden: 64}
  - {method: ia3, ia3: {target_modules: [[k, v, down], [q, k, v, o, up, down]]}}
  - {method: dora, lora: {r: 4, init: [kaiming, gaussian], rank_pattern: [{q: 2}, {q: 8, v: 2}]}}
  - {method: lora, lora: {init: pissa, rslora: true, target_modules: [q, v, up], rank_pattern: {up: 16}}}
  - {method: bitfit, bitfit: {norm_weights: [false, true]}}
  - {method: last_layers, last_layers: {layers: [1, 2], head: true}}
)";
    const ExperimentConfig config = parse(yaml);
    QCOMPARE(config.runs.size(), size_t(6));
    QCOMPARE(config.runs[0].combinations(), int64_t(4));
    QCOMPARE(config.runs[2].combinations(), int64_t(4));
    QCOMPARE(config.runs[2].lora.rankPattern[1], (std::map<std::string, int64_t>{{"q", 8}, {"v", 2}}));
    QCOMPARE(config.runs[3].lora.init, std::vector<LoraInit>{LoraInit::Pissa});
    const QByteArray saved = saveExperimentConfig(config);
    const ExperimentConfig again = parse(saved);
    QVERIFY2(again == config, saved.constData());
    QCOMPARE(saveExperimentConfig(again), saved);

    const std::vector<RunSpec> runs = expandRuns(again);
    QCOMPARE(runs.size(), size_t(4 + 2 + 4 + 1 + 2 + 2));
    QStringList names;
    for (const RunSpec &r : runs)
        names << r.name;
    QVERIFY2(names.contains(QStringLiteral("prefix_tuning num_virtual_tokens=10 projection=true")), qPrintable(names.join(QLatin1Char('|'))));
    QVERIFY2(names.contains(QStringLiteral("dora init=gaussian rank_pattern=q:8,v:2")), qPrintable(names.join(QLatin1Char('|'))));
    QVERIFY2(names.contains(QStringLiteral("last_layers layers=2")), qPrintable(names.join(QLatin1Char('|'))));
    const RunSpec &dora = runs[4 + 2 + 3];
    QCOMPARE(dora.method.kind, MethodKind::Dora);
    QCOMPARE(dora.method.lora.init, LoraInit::Gaussian);
    QCOMPARE(dora.method.lora.rankFor("q"), int64_t(8));
    QCOMPARE(dora.method.lora.rankFor("k"), int64_t(4));
    QCOMPARE(runs[0].method.prefixTuning.projectionHidden, int64_t(64));
    QCOMPARE(runs.back().method.lastLayers.layers, int64_t(2));
    QVERIFY(runs.back().method.lastLayers.head);
    QCOMPARE(runs.back().train.lr, defaultLearningRate(MethodKind::LastLayers));
}

void TestExperimentConfig::roundTripOfABuiltConfig()
{
    ExperimentConfig config;
    config.name = QStringLiteral("null");  // words YAML would read as something else stay strings
    config.baseModel = QStringLiteral("builtin:byte-gpt");
    config.dataset.source = QStringLiteral("true");
    config.dataset.task = TaskKind::Completion;
    config.dataset.maxLength = 512;
    config.dataset.split.validation = 0.1 + 0.2;  // 0.30000000000000004 must come back bit for bit
    config.train.weightDecay = 1e-8;
    config.train.adamEps = 1.0 / 3.0;
    config.train.seed = 18446744073709551ULL;
    config.repeats = 2;
    RunTemplate lora;
    lora.name = QStringLiteral("123");
    lora.method = MethodKind::Lora;
    lora.lr = {3e-4, 0.1 + 0.7};
    lora.lora.targetModules = {{"gate", "up", "down"}};
    config.runs.push_back(lora);
    RunTemplate prompt;
    prompt.method = MethodKind::PromptTuning;
    prompt.promptTuning.init = {PromptInit::Text};
    prompt.promptTuning.initText = {QStringLiteral("- [a] {b}: #c\u2028")};
    config.runs.push_back(prompt);

    const QByteArray saved = saveExperimentConfig(config);
    ExperimentConfig again;
    try {
        again = parse(saved);
    } catch (const ConfigError &e) {
        QFAIL(qPrintable(e.message() + QLatin1Char('\n') + QString::fromUtf8(saved)));
    }
    QVERIFY2(again == config, saved.constData());
    QVERIFY(!again.hasSharedLr);
    QVERIFY(!saved.contains("\n  lr:"));  // no shared lr was set, so none is written
}

void TestExperimentConfig::sweepExpansion()
{
    const ExperimentConfig config = parse(kHead + R"(
train: {steps: 10}
runs:
  - {method: lora, lr: [1e-3, 2e-3], lora: {r: [4, 8, 16], alpha: 32}}
  - {name: baseline, method: full}
)");
    QCOMPARE(config.runs[0].combinations(), int64_t(6));
    const std::vector<RunSpec> runs = expandRuns(config);
    QCOMPARE(names(runs), (QStringList{"lora r=4 lr=0.001", "lora r=4 lr=0.002", "lora r=8 lr=0.001",
                                        "lora r=8 lr=0.002", "lora r=16 lr=0.001", "lora r=16 lr=0.002",
                                        "baseline"}));
    const std::vector<int64_t> ranks{4, 4, 8, 8, 16, 16};
    for (size_t i = 0; i < 6; ++i) {
        QCOMPARE(runs[i].templateIndex, 0);
        QCOMPARE(runs[i].method.kind, MethodKind::Lora);
        QCOMPARE(runs[i].method.lora.rank, ranks[i]);
        QCOMPARE(runs[i].method.lora.alpha, 32.0);                               // given once: every run
        QCOMPARE(runs[i].method.lora.dropout, LoraSettings{}.dropout);          // not given: the default
        QCOMPARE(runs[i].train.lr, i % 2 == 0 ? 1e-3 : 2e-3);
        QCOMPARE(runs[i].train.steps, int64_t(10));
        QCOMPARE(runs[i].repeatIndex, 0);
    }
    QCOMPARE(runs[6].templateIndex, 1);
    QCOMPARE(runs[6].method.kind, MethodKind::Full);
}

void TestExperimentConfig::sweepOverTargetModules()
{
    const ExperimentConfig config = parse(kHead + R"(
runs:
  - {method: lora, lora: {target_modules: [q, v]}}
  - {method: lora, lora: {target_modules: [[q, v], [q, k, v, o]], rslora: [false, true]}}
  - {method: prompt_tuning, prompt_tuning: {init: [sample_vocab, text], init_text: "Is this spam?"}}
)");
    const std::vector<RunSpec> runs = expandRuns(config);
    QCOMPARE(names(runs), (QStringList{"lora", "lora target_modules=q,v rslora=false",
                                        "lora target_modules=q,v rslora=true",
                                        "lora target_modules=q,k,v,o rslora=false",
                                        "lora target_modules=q,k,v,o rslora=true", "prompt_tuning init=sample_vocab",
                                        "prompt_tuning init=text"}));
    QCOMPARE(runs[0].method.lora.targets, (std::vector<std::string>{"q", "v"}));
    QCOMPARE(runs[4].method.lora.targets, (std::vector<std::string>{"q", "k", "v", "o"}));
    QVERIFY(runs[4].method.lora.rslora);
    QCOMPARE(runs[6].method.promptTuning.init, PromptInit::Text);
    QCOMPARE(runs[6].promptInitText, QStringLiteral("Is this spam?"));
    QVERIFY(runs[6].method.promptTuning.initTokenIds.empty());  // the caller tokenizes with the model's tokenizer
}

void TestExperimentConfig::repeatsUseConsecutiveSeeds()
{
    const ExperimentConfig config = parse(kHead + R"(
train: {seed: 7}
repeats: 3
runs:
  - {method: prompt_tuning}
  - {method: lora, lora: {r: [4, 8]}}
)");
    const std::vector<RunSpec> runs = expandRuns(config);
    QCOMPARE(names(runs), (QStringList{"prompt_tuning #1", "lora r=4 #1", "lora r=8 #1", "prompt_tuning #2",
                                        "lora r=4 #2", "lora r=8 #2", "prompt_tuning #3", "lora r=4 #3",
                                        "lora r=8 #3"}));
    for (size_t i = 0; i < runs.size(); ++i) {
        QCOMPARE(runs[i].repeatIndex, int(i / 3));
        QCOMPARE(runs[i].train.seed, uint64_t(7 + i / 3));
    }
    QCOMPARE(config.train.seed, uint64_t(7));  // the experiment keeps its base seed
}

void TestExperimentConfig::learningRateFallsBack()
{
    const QByteArray runs = R"(
runs:
  - {method: full}
  - {method: lora}
  - {method: prompt_tuning}
  - {method: lora, lr: 0.5}
)";
    // No shared lr: each method's own default (SPEC §3), unless the run gives one.
    std::vector<RunSpec> expanded = expandRuns(parse(kHead + runs));
    QCOMPARE(expanded[0].train.lr, 3e-4);
    QCOMPARE(expanded[1].train.lr, 2e-3);
    QCOMPARE(expanded[2].train.lr, 3e-2);
    QCOMPARE(expanded[3].train.lr, 0.5);
    // A shared train.lr replaces the method defaults; a run's own lr still wins.
    expanded = expandRuns(parse(kHead + "train: {lr: 0.01}\n" + runs));
    QCOMPARE(expanded[0].train.lr, 0.01);
    QCOMPARE(expanded[1].train.lr, 0.01);
    QCOMPARE(expanded[2].train.lr, 0.01);
    QCOMPARE(expanded[3].train.lr, 0.5);
}

void TestExperimentConfig::defaultsAndUniqueNames()
{
    const ExperimentConfig config = parse(kHead + R"(
runs:
  - {method: lora}
  - {method: lora, lora: {alpha: 8}}
  - {name: lora, method: full}
  - {method: prompt_tuning, prompt_tuning: {}}
)");
    const std::vector<RunSpec> runs = expandRuns(config);
    QCOMPARE(names(runs), (QStringList{"lora", "lora (2)", "lora (3)", "prompt_tuning"}));
    const LoraSettings lora;
    QCOMPARE(runs[0].method.lora.rank, lora.rank);
    QCOMPARE(runs[0].method.lora.alpha, lora.alpha);
    QCOMPARE(runs[0].method.lora.targets, lora.targets);
    QCOMPARE(runs[1].method.lora.alpha, 8.0);
    QCOMPARE(runs[3].method.promptTuning.numVirtualTokens, PromptTuningSettings{}.numVirtualTokens);
    QCOMPARE(runs[3].method.promptTuning.init, PromptInit::SampleVocab);
    // The training defaults are TrainingParams' own.
    const TrainingParams defaults;
    QCOMPARE(runs[0].train.steps, defaults.steps);
    QCOMPARE(runs[0].train.seed, defaults.seed);
    QCOMPARE(runs[0].train.device, defaults.device);
    QCOMPARE(config.dataset.split.validation, SplitFractions{}.validation);
}

void TestExperimentConfig::errorCarriesItsParts()
{
    try {
        parseExperimentConfig(kHead + "runs:\n  - {method: lora, lora: {r: 9000}}\n", QStringLiteral("x.yaml"));
        QFAIL("no error");
    } catch (const ConfigError &e) {
        QCOMPARE(e.file(), QStringLiteral("x.yaml"));
        QCOMPARE(e.key(), QStringLiteral("runs[0].lora.r"));
        QCOMPARE(e.line(), 5);
        QCOMPARE(e.column(), 30);
        QCOMPARE(e.got(), QStringLiteral("9000"));
        QCOMPARE(e.expected(), QStringLiteral("a whole number in 1..4096"));
        QCOMPARE(e.problem(), QStringLiteral("out of range"));
        QCOMPARE(e.message(), QStringLiteral("x.yaml:5:30: runs[0].lora.r: out of range (got 9000; expected a "
                                             "whole number in 1..4096)"));
    }
}

void TestExperimentConfig::badConfigs_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("message");
    const QString trainKeys = QStringLiteral(
        "steps, batch_size, grad_accumulation, lr, weight_decay, beta1, beta2, adam_eps, schedule, warmup_steps, "
        "grad_clip, eval_every, eval_max_examples, early_stopping_patience, seed, device, dtype, threads, "
        "gradient_checkpointing");
    const QString topKeys = QStringLiteral("name, base_model, dataset, train, repeats, runs");
    const QString methods = QStringLiteral("one of full, lora, prompt_tuning, prefix_tuning, ia3, dora, bitfit, last_layers");
    const QString modules = QStringLiteral("q, k, v, o, up, gate, down");
    const QByteArray full = "runs: [{method: full}]\n";

    // YAML syntax and the shape of the file.
    QTest::newRow("unclosed [") << kHead + "runs: [{method: lora}\n"
                                << "bad.yaml:4:7: syntax error: '[' is never closed (expected a matching ']')";
    QTest::newRow("unclosed {") << kHead + "runs:\n  - {method: lora\n"
                                << "bad.yaml:5:5: syntax error: '{' is never closed (expected a matching '}')";
    QTest::newRow("[ x 100000") << QByteArray(100000, '[')
                                << "bad.yaml:1:65: nested deeper than 64 levels (expected at most 64 levels of lists and maps)";
    QTest::newRow("deep block nesting") << deepBlockNesting()
                                        << "bad.yaml:499:999: nested deeper than 64 levels (expected at most 64 levels of lists and maps)";
    QTest::newRow("!2") << QByteArray("!2")
                        << "bad.yaml:1:1: no experiment settings (got !2; expected a map with keys " + topKeys + ")";
    // yaml-cpp 0.7's LoadAll would loop forever on this, allocating.
    QTest::newRow("stray comma") << QByteArray(", a\n")
                                 << "bad.yaml:1:1: no experiment settings (got , a; expected a map with keys " + topKeys + ")";
    QTest::newRow("[[:") << QByteArray("[[:") << "bad.yaml:1:3: syntax error: unknown token (got ':')";
    QTest::newRow("tab indentation") << kHead + "train:\n\tsteps: 5\n" + full
                                     << "bad.yaml:5:1: syntax error: tab indentation (got a tab; expected spaces)";
    QTest::newRow("unterminated quote") << QByteArray("name: \"abc")
                                        << "bad.yaml:1:11: syntax error: illegal EOF in scalar (got the end of the file)";
    QTest::newRow("empty file") << QByteArray("# nothing here\n")
                                << "bad.yaml:1:1: empty file (expected a map with keys " + topKeys + ")";
    QTest::newRow("a list, not a map") << QByteArray("- name: t\n")
                                       << "bad.yaml:1:1: not a map (got a list; expected a map with keys " + topKeys + ")";
    QTest::newRow("two documents") << kHead + full + "---\nname: u\n"
                                   << "bad.yaml:6:1: a second YAML document (expected one experiment per file)";
    QTest::newRow("local tag") << QByteArray(kHead).replace("name: t", "name: !secret t") + full
                               << "bad.yaml:1:7: name: unsupported YAML tag (got !secret; expected no tag)";

    // Keys.
    QTest::newRow("unknown key, did you mean") << kHead + "train: {steps: 100, lrr: 0.001}\n" + full
                                               << "bad.yaml:4:21: train.lrr: unknown key, did you mean 'lr'? (expected one of " + trainKeys + ")";
    QTest::newRow("unknown key") << kHead + full + "comment: hello\n"
                                 << "bad.yaml:5:1: comment: unknown key (expected one of " + topKeys + ")";
    QTest::newRow("duplicate key") << kHead + "train:\n  lr: 0.001\n  lr: 0.002\n" + full
                                   << "bad.yaml:6:3: train.lr: given twice, first at line 5, column 3 (expected each key once)";
    QTest::newRow("missing name") << QByteArray("base_model: builtin:byte-gpt\ndataset: {source: builtin:spam, task: causal_lm, max_length: 64}\n") + full
                                  << "bad.yaml:1:1: name: missing required key (expected the experiment's name)";
    QTest::newRow("missing runs") << kHead
                                  << "bad.yaml:1:1: runs: missing required key (expected a list of runs, each a map with method and its settings)";
    QTest::newRow("missing dataset.task") << QByteArray("name: t\nbase_model: builtin:byte-gpt\ndataset: {source: builtin:spam, max_length: 64}\n") + full
                                          << "bad.yaml:3:10: dataset.task: missing required key (expected one of causal_lm, completion, classification)";
    QTest::newRow("missing method") << kHead + "runs:\n  - {name: a, lr: 0.001}\n"
                                    << "bad.yaml:5:5: runs[0].method: missing required key (expected " + methods + ")";
    QTest::newRow("no runs") << kHead + "runs: []\n" << "bad.yaml:4:7: runs: empty list (expected at least one run)";

    // Types.
    QTest::newRow("word for a number") << kHead + "train: {steps: many}\n" + full
                                       << "bad.yaml:4:16: train.steps: not a whole number (got many; expected a whole number in 1..10000000)";
    QTest::newRow("fraction for a whole number") << kHead + "train: {batch_size: 16.5}\n" + full
                                                 << "bad.yaml:4:21: train.batch_size: not a whole number (got 16.5; expected a whole number in 1..65536)";
    QTest::newRow("quoted number") << kHead + "train: {lr: \"0.001\"}\n" + full
                                   << "bad.yaml:4:13: train.lr: not a number (got \"0.001\"; expected a number > 0 and <= 10)";
    QTest::newRow("map for a list") << kHead + "runs: {method: lora}\n"
                                    << "bad.yaml:4:7: runs: not a list (got a map; expected a list of runs, each a map with method and its settings)";
    QTest::newRow("map for modules") << kHead + "runs:\n  - {method: lora, lora: {target_modules: {q: 1}}}\n"
                                     << "bad.yaml:5:43: runs[0].lora.target_modules: not a list (got a map; expected a list of modules from " + modules + ")";
    QTest::newRow("list for a name") << QByteArray("name: [a, b]\n")
                                     << "bad.yaml:1:7: name: not a text (got a list; expected the experiment's name)";
    QTest::newRow("empty value") << kHead + "train:\n  steps:\n" + full
                                 << "bad.yaml:5:3: train.steps: not a whole number (got nothing; expected a whole number in 1..10000000)";
    QTest::newRow("yes for a bool") << kHead + "runs:\n  - {method: lora, lora: {rslora: yes}}\n"
                                    << "bad.yaml:5:35: runs[0].lora.rslora: not true or false (got yes; expected true or false)";
    QTest::newRow("list of methods") << kHead + "runs:\n  - {method: [lora, full]}\n"
                                     << "bad.yaml:5:14: runs[0].method: one method per run (got a list; expected " + methods + "; write one run per method)";
    QTest::newRow("alias loop") << kHead + "runs:\n  - {method: lora, lora: {target_modules: &m [*m]}}\n"
                                << "bad.yaml:5:43: runs[0].lora.target_modules[0][0]: not a module name (got a list; expected one of " + modules + ")";

    // Ranges.
    QTest::newRow("negative lr") << kHead + "runs:\n  - {method: full, lr: -1e-3}\n"
                                 << "bad.yaml:5:24: runs[0].lr: out of range (got -1e-3; expected a number > 0 and <= 10)";
    QTest::newRow("zero lr") << kHead + "train: {lr: 0}\n" + full
                             << "bad.yaml:4:13: train.lr: out of range (got 0; expected a number > 0 and <= 10)";
    QTest::newRow("nan lr") << kHead + "train: {lr: .nan}\n" + full
                            << "bad.yaml:4:13: train.lr: out of range (got .nan; expected a number > 0 and <= 10)";
    QTest::newRow("lr in a sweep") << kHead + "runs:\n  - {method: lora, lr: [0.001, 20]}\n"
                                   << "bad.yaml:5:32: runs[0].lr[1]: out of range (got 20; expected a number > 0 and <= 10)";
    QTest::newRow("batch size 0") << kHead + "train: {batch_size: 0}\n" + full
                                  << "bad.yaml:4:21: train.batch_size: out of range (got 0; expected a whole number in 1..65536)";
    QTest::newRow("steps overflow") << kHead + "train: {steps: 99999999999999999999}\n" + full
                                    << "bad.yaml:4:16: train.steps: out of range (got 99999999999999999999; expected a whole number in 1..10000000)";
    QTest::newRow("warmup beyond steps") << kHead + "train: {steps: 100, warmup_steps: 200}\n" + full
                                         << "bad.yaml:4:35: train.warmup_steps: out of range (got 200; expected a whole number in 0..100, at most train.steps)";
    QTest::newRow("eval_every 0") << kHead + "train: {eval_every: 0}\n" + full
                                  << "bad.yaml:4:21: train.eval_every: out of range (got 0; expected a whole number in 1..10000000)";
    QTest::newRow("threads") << kHead + "train: {threads: 2000}\n" + full
                             << "bad.yaml:4:18: train.threads: out of range (got 2000; expected a whole number in 0..1024)";
    QTest::newRow("lora r 0") << kHead + "runs:\n  - {method: lora, lora: {r: 0}}\n"
                              << "bad.yaml:5:30: runs[0].lora.r: out of range (got 0; expected a whole number in 1..4096)";
    QTest::newRow("lora alpha 0") << kHead + "runs:\n  - {method: lora, lora: {alpha: 0}}\n"
                                  << "bad.yaml:5:34: runs[0].lora.alpha: out of range (got 0; expected a finite number > 0)";
    QTest::newRow("lora dropout 1") << kHead + "runs:\n  - {method: lora, lora: {dropout: 1}}\n"
                                    << "bad.yaml:5:36: runs[0].lora.dropout: out of range (got 1; expected a number >= 0 and < 1)";
    QTest::newRow("virtual tokens") << kHead + "runs:\n  - {method: prompt_tuning, prompt_tuning: {num_virtual_tokens: 5000}}\n"
                                    << "bad.yaml:5:65: runs[0].prompt_tuning.num_virtual_tokens: out of range (got 5000; expected a whole number in 1..4096)";
    QTest::newRow("max_length 1") << QByteArray("name: t\nbase_model: builtin:byte-gpt\ndataset: {source: builtin:spam, task: classification, max_length: 1}\n") + full
                                  << "bad.yaml:3:67: dataset.max_length: out of range (got 1; expected a whole number in 2..1000000)";
    QTest::newRow("fraction") << QByteArray("name: t\nbase_model: builtin:byte-gpt\ndataset:\n  source: x.txt\n  task: causal_lm\n  max_length: 64\n  test_fraction: 0.6\n") + full
                              << "bad.yaml:7:18: dataset.test_fraction: out of range (got 0.6; expected a number >= 0 and <= 0.5)";
    QTest::newRow("repeats 0") << kHead + full + "repeats: 0\n"
                               << "bad.yaml:5:10: repeats: out of range (got 0; expected a whole number in 1..1000)";
    QTest::newRow("seed + repeats") << kHead + "train: {seed: 9223372036854775807}\nrepeats: 2\n" + full
                                    << "bad.yaml:4:15: train.seed: out of range (got 9223372036854775807; expected a whole number in 0..9223372036854775806, so that seed + repeats - 1 fits)";
    QTest::newRow("too many runs") << kHead + "repeats: 1000\nruns: [{method: full, lr: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0.5]}]\n"
                                   << "bad.yaml:5:7: runs: the sweeps and repeats expand to 11000 runs (expected at most 10000)";

    // Names.
    QTest::newRow("unknown method") << kHead + "runs:\n  - method: lroa\n"
                                    << "bad.yaml:5:13: runs[0].method: unknown method, did you mean 'lora'? (got lroa; expected " + methods + ")";
    QTest::newRow("unknown task") << QByteArray("name: t\nbase_model: builtin:byte-gpt\ndataset: {source: builtin:spam, task: classify, max_length: 64}\n") + full
                                  << "bad.yaml:3:39: dataset.task: unknown task (got classify; expected one of causal_lm, completion, classification)";
    QTest::newRow("unknown schedule") << kHead + "train: {schedule: cosin}\n" + full
                                      << "bad.yaml:4:19: train.schedule: unknown schedule, did you mean 'cosine'? (got cosin; expected one of constant, linear, cosine)";
    QTest::newRow("unknown device") << kHead + "train: {device: cuda0}\n" + full
                                    << "bad.yaml:4:17: train.device: unknown device, did you mean 'cuda'? (got cuda0; expected auto, cpu, cuda or cuda:N)";
    QTest::newRow("unknown dtype") << kHead + "train: {dtype: fp64}\n" + full
                                   << "bad.yaml:4:16: train.dtype: unknown dtype, did you mean 'fp32'? (got fp64; expected one of fp32, bf16, fp16)";
    QTest::newRow("unknown init") << kHead + "runs:\n  - {method: prompt_tuning, prompt_tuning: {init: vocab}}\n"
                                  << "bad.yaml:5:51: runs[0].prompt_tuning.init: unknown init (got vocab; expected one of random, sample_vocab, text)";
    QTest::newRow("unknown module") << kHead + "runs:\n  - {method: lora, lora: {target_modules: [q, vv]}}\n"
                                    << "bad.yaml:5:47: runs[0].lora.target_modules[1]: unknown module, did you mean 'v'? (got vv; expected one of " + modules + ")";
    QTest::newRow("unknown lora key") << kHead + "runs:\n  - {method: lora, lora: {rank: 8}}\n"
                                      << "bad.yaml:5:27: runs[0].lora.rank: unknown key (expected one of r, alpha, dropout, target_modules, rslora, init, rank_pattern)";
    QTest::newRow("base model form") << QByteArray(kHead).replace("builtin:byte-gpt", "gpt2") + full
                                     << "bad.yaml:2:13: base_model: not a base model reference (got gpt2; expected builtin:NAME, file:PATH or hf:/path/to/folder)";

    // Rules between keys.
    QTest::newRow("lora block on full") << kHead + "runs:\n  - {method: full, lora: {r: 8}}\n"
                                        << "bad.yaml:5:20: runs[0].lora: not used by method full (expected method: lora or dora, or no lora block)";
    QTest::newRow("prompt block on lora") << kHead + "runs:\n  - {method: lora, prompt_tuning: {init: random}}\n"
                                          << "bad.yaml:5:20: runs[0].prompt_tuning: not used by method lora (expected method: prompt_tuning, or no prompt_tuning block)";
    QTest::newRow("prompt block on dora") << kHead + "runs:\n  - {method: dora, prompt_tuning: {init: random}}\n"
                                          << "bad.yaml:5:20: runs[0].prompt_tuning: not used by method dora (expected method: prompt_tuning, or no prompt_tuning block)";
    QTest::newRow("ia3 block on lora") << kHead + "runs:\n  - {method: lora, ia3: {target_modules: [k]}}\n" << "bad.yaml:5:20: runs[0].ia3: not used by method lora (expected method: ia3, or no ia3 block)";
    QTest::newRow("lora block on ia3") << kHead + "runs:\n  - {method: ia3, lora: {r: 4}}\n" << "bad.yaml:5:19: runs[0].lora: not used by method ia3 (expected method: lora or dora, or no lora block)";
    QTest::newRow("rank_pattern outside target_modules") << kHead + "runs:\n  - {method: lora, lora: {target_modules: [q, v], rank_pattern: {k: 4}}}\n"
                                                         << "bad.yaml:5:66: runs[0].lora.rank_pattern.k: not in lora.target_modules (got k; expected a module LoRA adapts: one of q, v)";
    QTest::newRow("rank_pattern of an unknown module") << kHead + "runs:\n  - {method: dora, lora: {rank_pattern: {qq: 4}}}\n" << "bad.yaml:5:42: runs[0].lora.rank_pattern.qq: unknown key, did you mean 'q'? (expected one of q, k, v, o, up, gate, down)";
    QTest::newRow("rank_pattern rank 0") << kHead + "runs:\n  - {method: lora, lora: {rank_pattern: {q: 0}}}\n" << "bad.yaml:5:45: runs[0].lora.rank_pattern.q: out of range (got 0; expected a whole number in 1..4096)";
    QTest::newRow("unknown lora init") << kHead + "runs:\n  - {method: lora, lora: {init: olora}}\n" << "bad.yaml:5:33: runs[0].lora.init: unknown init (got olora; expected one of kaiming, gaussian, pissa)";
    QTest::newRow("projection_hidden without projection") << kHead + "runs:\n  - {method: prefix_tuning, prefix_tuning: {projection_hidden: 64}}\n"
                                                          << "bad.yaml:5:45: runs[0].prefix_tuning.projection_hidden: only used with projection: true (got no projection key (default false); expected projection: true, or no projection_hidden)";
    QTest::newRow("prefix tokens 0") << kHead + "runs:\n  - {method: prefix_tuning, prefix_tuning: {num_virtual_tokens: 0}}\n" << "bad.yaml:5:65: runs[0].prefix_tuning.num_virtual_tokens: out of range (got 0; expected a whole number in 1..4096)";
    QTest::newRow("last_layers 0") << kHead + "runs:\n  - {method: last_layers, last_layers: {layers: 0}}\n" << "bad.yaml:5:49: runs[0].last_layers.layers: out of range (got 0; expected a whole number in 1..4096)";
    QTest::newRow("bitfit norm_weights not a bool") << kHead + "runs:\n  - {method: bitfit, bitfit: {norm_weights: yes}}\n" << "bad.yaml:5:45: runs[0].bitfit.norm_weights: not true or false (got yes; expected true or false)";
    QTest::newRow("ia3 module twice") << kHead + "runs:\n  - {method: ia3, ia3: {target_modules: [k, k]}}\n" << "bad.yaml:5:45: runs[0].ia3.target_modules[1]: listed twice (got k; expected each module once)";
    QTest::newRow("init text without text") << kHead + "runs:\n  - {method: prompt_tuning, prompt_tuning: {init: text}}\n"
                                            << "bad.yaml:5:51: runs[0].prompt_tuning.init_text: missing, init: text needs it (expected a non-empty text to initialise the virtual tokens from)";
    QTest::newRow("init_text without init text") << kHead + "runs:\n  - {method: prompt_tuning, prompt_tuning: {init_text: hi}}\n"
                                                 << "bad.yaml:5:45: runs[0].prompt_tuning.init_text: only used with init: text (got init: sample_vocab; expected init: text, or no init_text)";
    QTest::newRow("labels on causal_lm") << QByteArray("name: t\nbase_model: builtin:byte-gpt\ndataset: {source: x.txt, task: causal_lm, max_length: 64, labels: [a, b]}\n") + full
                                         << "bad.yaml:3:59: dataset.labels: not used by task causal_lm (expected task: classification, or no labels)";
    QTest::newRow("empty sweep") << kHead + "runs:\n  - {method: full, lr: []}\n"
                                 << "bad.yaml:5:24: runs[0].lr: empty list (expected a number > 0 and <= 10, or a list of them to sweep over)";
    QTest::newRow("value twice in a sweep") << kHead + "runs:\n  - {method: lora, lora: {r: [4, 4]}}\n"
                                            << "bad.yaml:5:34: runs[0].lora.r[1]: repeated in the sweep (got 4; expected each value once (repeats: trains every run with more seeds))";
    QTest::newRow("same run name") << kHead + "runs:\n  - {name: a, method: full}\n  - {name: a, method: lora}\n"
                                   << "bad.yaml:6:12: runs[1].name: the same name as runs[0] (got a; expected a name no other run has)";
}

void TestExperimentConfig::badConfigs()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, message);
    QCOMPARE(errorOf(yaml), message);
}

void TestExperimentConfig::missingFile()
{
    const QString path = QStringLiteral(PEFTBENCH_SOURCE_DIR "/tests/data/configs/no-such-file.yaml");
    try {
        loadExperimentConfig(path);
        QFAIL("no error");
    } catch (const ConfigError &e) {
        QVERIFY2(e.message().startsWith(path + QStringLiteral(": cannot read the file: ")), qPrintable(e.message()));
        QCOMPARE(e.line(), 0);
    }
}

void TestExperimentConfig::positionsOfKeys()
{
    const ExperimentConfig config = parse(kHead + "runs:\n  - {method: lora, lora: {r: [4, 8]}}\n");
    QCOMPARE(config.positions.value(QStringLiteral("dataset.max_length")).line, 3);
    QCOMPARE(config.positions.value(QStringLiteral("dataset.max_length")).column, 67);
    QCOMPARE(config.positions.value(QStringLiteral("runs[0].lora.r[1]")).line, 5);
    QCOMPARE(config.positions.value(QStringLiteral("runs[0].lora.r[1]")).column, 34);
    QCOMPARE(config.sourceFile, QStringLiteral("test.yaml"));
    // Positions are where a value came from, not part of it.
    ExperimentConfig moved = config;
    moved.positions.clear();
    moved.sourceFile.clear();
    QVERIFY(moved == config);
}

void TestExperimentConfig::validateAgainstModel_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<bool>("llama");
    QTest::addColumn<QStringList>("messages");

    const QByteArray runs = R"(runs:
  - {method: lora, lora: {r: [4, 512], target_modules: [[q, v], [q, gate]]}}
  - {method: prompt_tuning}
  - {method: prompt_tuning, prompt_tuning: {num_virtual_tokens: [6, 7]}}
  - {method: lora, lora: {r: 100, target_modules: [up, k]}}
  - {method: full}
)";
    const QByteArray fits = "name: m\nbase_model: builtin:byte-gpt\ndataset: {source: builtin:spam, task: classification, max_length: 250}\n";
    QTest::newRow("gpt2") << fits + runs << false
                          << QStringList{
                                 "m.yaml:5:69: runs[0].lora.target_modules[1][1]: no such layer in a gpt2 model (got gate; expected one of q, k, v, o, up, down)",
                                 "m.yaml:5:34: runs[0].lora.r[1]: larger than the width of layer q (256) (got 512; expected a whole number in 1..256)",
                                 "m.yaml:6:5: runs[1].prompt_tuning.num_virtual_tokens: 20 virtual tokens + dataset.max_length 250 exceed the model's context of 256 tokens (got 20; expected a whole number in 1..6, or a shorter dataset.max_length)",
                                 "m.yaml:7:69: runs[2].prompt_tuning.num_virtual_tokens[1]: 7 virtual tokens + dataset.max_length 250 exceed the model's context of 256 tokens (got 7; expected a whole number in 1..6, or a shorter dataset.max_length)",
                             };
    // Llama has a gate layer; its narrow k/v (grouped-query attention: 2 heads x 32) bound the rank.
    QTest::newRow("llama") << fits + runs << true
                           << QStringList{
                                  "m.yaml:5:34: runs[0].lora.r[1]: larger than the width of layer v (64) (got 512; expected a whole number in 1..64)",
                                  "m.yaml:6:5: runs[1].prompt_tuning.num_virtual_tokens: 20 virtual tokens + dataset.max_length 250 exceed the model's context of 256 tokens (got 20; expected a whole number in 1..6, or a shorter dataset.max_length)",
                                  "m.yaml:7:69: runs[2].prompt_tuning.num_virtual_tokens[1]: 7 virtual tokens + dataset.max_length 250 exceed the model's context of 256 tokens (got 7; expected a whole number in 1..6, or a shorter dataset.max_length)",
                                  "m.yaml:8:30: runs[3].lora.r: larger than the width of layer k (64) (got 100; expected a whole number in 1..64)",
                              };
    QByteArray tooLong = fits;
    tooLong.replace("max_length: 250", "max_length: 300");
    QTest::newRow("max_length beyond context")
        << tooLong + "runs:\n  - {method: prompt_tuning, prompt_tuning: {num_virtual_tokens: 4}}\n" << false
        << QStringList{
               "m.yaml:3:67: dataset.max_length: longer than the model's context of 256 tokens (got 300; expected a whole number in 2..256)",
               "m.yaml:5:65: runs[0].prompt_tuning.num_virtual_tokens: 4 virtual tokens + dataset.max_length 300 exceed the model's context of 256 tokens (got 4; expected dataset.max_length at most 255 to leave room for virtual tokens)",
           };
    QTest::newRow("family") << fits + R"(runs:
  - {method: last_layers, last_layers: {layers: [4, 5]}}
  - {method: bitfit}
  - {method: bitfit, bitfit: {norm_weights: [true, false]}}
  - {method: prefix_tuning, prefix_tuning: {num_virtual_tokens: 7}}
  - {method: ia3, ia3: {target_modules: [k, gate]}}
  - {method: dora, lora: {target_modules: [q, v], rank_pattern: {v: 300}}}
)" << true
        << QStringList{
               "m.yaml:5:53: runs[0].last_layers.layers[1]: more than the 4 blocks of the base model (got 5; expected a whole number in 1..4)",
               "m.yaml:6:5: runs[1].bitfit.norm_weights: the base model has no bias terms, so bitfit would train nothing (got false; expected true (train the norms' weights), or another method)",
               "m.yaml:7:52: runs[2].bitfit.norm_weights[1]: the base model has no bias terms, so bitfit would train nothing (got false; expected true (train the norms' weights), or another method)",
               "m.yaml:8:65: runs[3].prefix_tuning.num_virtual_tokens: 7 virtual tokens + dataset.max_length 250 exceed the model's context of 256 tokens (got 7; expected a whole number in 1..6, or a shorter dataset.max_length)",
               "m.yaml:10:69: runs[5].lora.rank_pattern.v: larger than the width of layer v (64) (got 300; expected a whole number in 1..64)",
           };
    QTest::newRow("fits") << fits + "runs:\n  - {method: prompt_tuning, prompt_tuning: {num_virtual_tokens: 6}}\n  - {method: lora, lora: {r: 256, target_modules: [q, k, v, o, up, down]}}\n"
                          << false << QStringList{};
}

void TestExperimentConfig::validateAgainstModel()
{
    QFETCH(QByteArray, yaml);
    QFETCH(bool, llama);
    QFETCH(QStringList, messages);
    ModelConfig model;  // GPT-2 family: d_model 256, 4 heads x 64, ffn 1024, context 256
    if (llama) {
        model.family = ModelFamily::Llama;
        model.nHeads = 8;
        model.nKvHeads = 2;
        model.headDim = 32;
        model.qkvBias = false;
    }
    // Joined, so a mismatch shows the messages themselves.
    QCOMPARE(peftbench::validateAgainstModel(parseExperimentConfig(yaml, QStringLiteral("m.yaml")), model).join(QLatin1Char('\n')),
             messages.join(QLatin1Char('\n')));
}

void TestExperimentConfig::shortestNumbers()
{
    QCOMPARE(formatConfigNumber(0.002), QStringLiteral("0.002"));
    QCOMPARE(formatConfigNumber(3e-4), QStringLiteral("0.0003"));
    QCOMPARE(formatConfigNumber(16), QStringLiteral("16"));
    QCOMPARE(formatConfigNumber(0.1 + 0.2), QStringLiteral("0.30000000000000004"));
    QCOMPARE(formatConfigNumber(-std::numeric_limits<double>::infinity()), QStringLiteral("-.inf"));
}

void TestExperimentConfig::shippedRecipe()
{
    const PretrainRecipe r = loadPretrainRecipe(QStringLiteral(PEFTBENCH_SOURCE_DIR "/resources/models/byte-gpt.recipe.yaml"));
    QCOMPARE(r.name, QStringLiteral("byte-gpt"));
    QCOMPARE(r.model.family, ModelFamily::Gpt2);
    QCOMPARE(r.model.vocabSize, int64_t(259));
    QCOMPARE(r.model.headDim * r.model.nHeads, r.model.dModel);
    QVERIFY(r.model.qkvBias && r.model.tiedHead);
    QCOMPARE(r.dataset.source, QStringLiteral("builtin:brown"));
    QCOMPARE(r.dataset.task, TaskKind::CausalLm);
    QCOMPARE(int64_t(r.dataset.maxLength), r.model.contextLength);   // every position embedding trains
    QCOMPARE(r.output, QStringLiteral("byte-gpt.pwbc"));
    QVERIFY(r.positions.contains(QStringLiteral("train.lr")));
}

void TestExperimentConfig::badRecipes_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("message");
    const QByteArray model = "model: {family: gpt2, layers: 2, d_model: 64, heads: 4, context_length: 128}\n";
    const QByteArray data = "dataset: {source: builtin:brown, task: causal_lm, max_length: 128}\n";
    const QByteArray head = "name: m\n";
    const QByteArray tail = "output: m.pwbc\n";
    QTest::newRow("valid") << head + model + data + tail << "(no error)";
    QTest::newRow("no output") << head + model + data << "recipe.yaml:1:1: output: missing required key (expected the model file to write (.pwbc), relative to the recipe's folder)";
    QTest::newRow("classification") << head + model + "dataset: {source: builtin:spam, task: classification, max_length: 128}\n" + tail
                                    << "recipe.yaml:3:10: dataset: pretraining needs task causal_lm (got classification; expected task: causal_lm)";
    QTest::newRow("longer than context") << head + model + "dataset: {source: builtin:brown, task: causal_lm, max_length: 256}\n" + tail
                                         << "recipe.yaml:3:10: dataset: max_length exceeds model.context_length (got 256; expected at most 128)";
    QTest::newRow("model key typo") << head + "model: {family: gpt2, layer: 2, d_model: 64, heads: 4, context_length: 128}\n" + data + tail
                                    << "recipe.yaml:2:23: model.layer: unknown key, did you mean 'layers'? (expected one of family, layers, d_model, heads, kv_heads, head_dim, ffn_dim, context_length, norm_eps, rope_theta, qkv_bias, tied_head)";
    QTest::newRow("unknown family") << head + "model: {family: bert, layers: 2, d_model: 64, heads: 4, context_length: 128}\n" + data + tail
                                    << "recipe.yaml:2:17: model.family: unknown family (got bert; expected one of gpt2, llama)";
    QTest::newRow("kv heads above heads") << head + "model: {family: llama, layers: 2, d_model: 64, heads: 4, kv_heads: 8, context_length: 128}\n" + data + tail
                                          << "recipe.yaml:2:68: model.kv_heads: out of range (got 8; expected a whole number in 1..4)";
    QTest::newRow("zero layers") << head + "model: {family: gpt2, layers: 0, d_model: 64, heads: 4, context_length: 128}\n" + data + tail
                                 << "recipe.yaml:2:31: model.layers: out of range (got 0; expected a whole number in 1..256)";
    QTest::newRow("unknown tokenizer") << head + "tokenizer: gpt2\n" + model + data + tail
                                       << "recipe.yaml:2:12: tokenizer: unknown tokenizer (got gpt2; expected one of byte)";
    QTest::newRow("experiment keys") << head + model + data + tail + "runs: []\n"
                                     << "recipe.yaml:5:1: runs: unknown key (expected one of name, tokenizer, model, dataset, train, output)";
}

void TestExperimentConfig::badRecipes()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, message);
    QCOMPARE(recipeErrorOf(yaml), message);
}

QTEST_GUILESS_MAIN(TestExperimentConfig)
#include "test_experiment_config.moc"
