// The run wizard driven as a user would, with key and mouse events: it builds the experiment YAML
// of SPEC §6 from its pages, refuses values the engine would refuse (naming the field and the
// allowed range), loads a config back into its fields, and estimates every run before launch.
#include "ExperimentFixtures.h"
#include "RunWizard.h"
#include "WizardDriving.h"

#include "data/BuiltinDatasets.h"
#include "experiment/ConfigReader.h"
#include "experiment/ConfigWriter.h"
#include "experiment/RunExpansion.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace peftbench;
using namespace peftbench::testing;

namespace {

// 60 labelled sentences, two classes: a user JSONL classification dataset.
void writeLabelledSentences(const QString &path)
{
    static const char *animals[] = {"the cat", "a dog", "the bird", "a horse", "the fish", "a mouse"};
    static const char *people[] = {"my friend", "the old man", "our teacher", "the baker", "a child", "my aunt"};
    static const char *rest[] = {"sees the ball.", "likes a red book.", "finds some bread.", "wants the river.",
                                 "reads a letter."};
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        throw std::runtime_error("cannot write " + path.toStdString());
    for (int i = 0; i < 6; ++i)
        for (const char *r : rest) {
            f.write(QByteArray("{\"text\": \"") + animals[i] + ' ' + r + "\", \"label\": \"animal\"}\n");
            f.write(QByteArray("{\"text\": \"") + people[i] + ' ' + r + "\", \"label\": \"person\"}\n");
        }
}

void screenshot(RunWizard &wizard, const char *page)
{
    const QString path = QStringLiteral(PEFTBENCH_SCREENSHOT_DIR "/wizard-%1.png").arg(QLatin1String(page));
    QVERIFY2(wizard.grab().save(path), qPrintable(path));
}

}  // namespace

class TestRunWizard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void buildsATwoMethodExperimentFromClicks();
    void invalidValueBlocksNext_data();
    void invalidValueBlocksNext();
    void presetsFillTheSettings();
    void loadYamlFillsEveryPage_data();
    void loadYamlFillsEveryPage();
    void estimatesEveryRunAndWarnsWhenMemoryIsShort();
    void newMethodFormsWriteTheirKeys();

private:
    // A wizard on page `page` of the tiny experiment (prompt tuning, LoRA, full fine-tuning), or
    // of the same experiment with every method of allMethodKinds().
    void openTinyExperimentAt(RunWizard &wizard, int page, bool everyMethod = false);

    QTemporaryDir m_dir;
    QString m_model, m_jsonl, m_experiment, m_everyMethod;
};

void TestRunWizard::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QDir dir(m_dir.path());
    const QByteArray experiment = tinyExperiment(dir,
                                                 "  - {method: prompt_tuning, lr: 0.03, prompt_tuning: {num_virtual_tokens: 8}}\n"
                                                 "  - {method: lora, lr: 0.002, lora: {r: 4, target_modules: [q, v]}}\n"
                                                 "  - {method: full, lr: 0.0003}\n");
    m_experiment = writeFile(dir, QStringLiteral("tiny.yaml"), experiment);
    m_everyMethod = writeFile(dir, QStringLiteral("every-method.yaml"),
                              tinyExperiment(dir, "  - {method: prompt_tuning, lr: 0.03, prompt_tuning: {num_virtual_tokens: 8}}\n"
                                                  "  - {method: prefix_tuning, prefix_tuning: {num_virtual_tokens: 8}}\n"
                                                  "  - {method: ia3, ia3: {target_modules: [k, v, down]}}\n"
                                                  "  - {method: bitfit}\n"
                                                  "  - {method: lora, lr: 0.002, lora: {r: 4, target_modules: [q, v]}}\n"
                                                  "  - {method: dora, lora: {r: 4, target_modules: [q, v]}}\n"
                                                  "  - {method: last_layers, last_layers: {layers: 1}}\n"
                                                  "  - {method: full, lr: 0.0003}\n"));
    m_model = dir.filePath(QStringLiteral("tiny.pwbc"));
    m_jsonl = dir.filePath(QStringLiteral("animals.jsonl"));
    writeLabelledSentences(m_jsonl);
}

void TestRunWizard::openTinyExperimentAt(RunWizard &wizard, int page, bool everyMethod)
{
    QString error;
    QVERIFY2(wizard.loadYaml(everyMethod ? m_everyMethod : m_experiment, &error), qPrintable(error));
    wizard.setEstimateEnvironment(roomyMachine());
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    for (int id = RunWizard::DatasetPageId; id <= page; ++id) {
        goNext(wizard, id);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestRunWizard::buildsATwoMethodExperimentFromClicks()
{
    RunWizard wizard({m_dir.path(), 1});
    wizard.setEstimateEnvironment(roomyMachine());
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    QCOMPARE(wizard.currentId(), int(RunWizard::ModelPageId));

    // Base model: our own checkpoint file; its shape is summarised. A missing file blocks Next.
    toggle(child<QRadioButton>(wizard, "modelFileRadio"));
    typeInto(child<QLineEdit>(wizard, "modelFileEdit"), m_dir.path() + QStringLiteral("/missing.pwbc"));
    QTRY_VERIFY(errorLabel(wizard)->isVisible());
    QVERIFY2(errorLabel(wizard)->text().contains(QStringLiteral("missing.pwbc")), qPrintable(errorLabel(wizard)->text()));
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    typeInto(child<QLineEdit>(wizard, "modelFileEdit"), m_model);
    QTRY_COMPARE(child<QLabel>(wizard, "modelLayersValue")->text(), QStringLiteral("2"));
    QCOMPARE(child<QLabel>(wizard, "modelWidthValue")->text(), QStringLiteral("32"));
    QVERIFY(child<QLabel>(wizard, "modelContextValue")->text().startsWith(QStringLiteral("96")));
    QCOMPARE(child<QLabel>(wizard, "modelFamilyValue")->text(), modelFamilyName(ModelFamily::Gpt2));
    // A Hugging Face folder: one that does not exist is named in the error and blocks Next.
    toggle(child<QRadioButton>(wizard, "modelHfRadio"));
    typeInto(child<QLineEdit>(wizard, "modelHfEdit"), m_dir.path() + QStringLiteral("/no-such-hf-model"));
    QTRY_VERIFY(errorLabel(wizard)->isVisible());
    QVERIFY2(errorLabel(wizard)->text().contains(QStringLiteral("no-such-hf-model")), qPrintable(errorLabel(wizard)->text()));
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    toggle(child<QRadioButton>(wizard, "modelFileRadio"));
    QTRY_COMPARE(child<QLabel>(wizard, "modelLayersValue")->text(), QStringLiteral("2"));
    QTRY_VERIFY(wizard.button(QWizard::NextButton)->isEnabled());
    screenshot(wizard, "model");
    goNext(wizard, RunWizard::DatasetPageId);
    if (QTest::currentTestFailed())
        return;

    // Dataset: a built-in one not fetched into this data directory says how to fetch it and
    // blocks Next; the user's JSONL file as a classification task is previewed.
    QVERIFY(child<QRadioButton>(wizard, "datasetBuiltinRadio")->isChecked());
    const QString fetch = fetchDatasetsCommand(datasetCacheDirectory(m_dir.path()));
    typeInto(child<QSpinBox>(wizard, "maxLengthSpin"), QStringLiteral("48"));  // the tiny model's context is 96
    QTRY_VERIFY(errorLabel(wizard)->text().contains(fetch));
    QVERIFY(errorLabel(wizard)->isVisible());
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    toggle(child<QRadioButton>(wizard, "datasetFileRadio"));
    typeInto(child<QLineEdit>(wizard, "datasetFileEdit"), m_jsonl);
    chooseData(child<QComboBox>(wizard, "taskCombo"), QStringLiteral("classification"));
    auto *labels = child<QTableWidget>(wizard, "labelCountsTable");
    QTRY_COMPARE(labels->rowCount(), 2);
    QCOMPARE(labels->item(0, 0)->text(), QStringLiteral("animal"));
    QVERIFY(child<QTableWidget>(wizard, "previewTable")->rowCount() > 0);
    screenshot(wizard, "dataset");
    goNext(wizard, RunWizard::MethodsPageId);
    if (QTest::currentTestFailed())
        return;

    // Methods: LoRA and full fine-tuning; none blocks Next with a message.
    auto *promptTuning = child<QCheckBox>(wizard, "methodPromptTuning");
    auto *lora = child<QCheckBox>(wizard, "methodLora");
    auto *full = child<QCheckBox>(wizard, "methodFull");
    QVERIFY(promptTuning->isChecked() && lora->isChecked() && full->isChecked());
    toggle(promptTuning);
    toggle(lora);
    toggle(full);
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    QVERIFY(errorLabel(wizard)->isVisible());
    toggle(lora);
    toggle(full);
    QVERIFY(!errorLabel(wizard)->isVisible());
    screenshot(wizard, "methods");
    goNext(wizard, RunWizard::HyperparametersPageId);
    if (QTest::currentTestFailed())
        return;

    // Hyperparameters: forms only for the chosen methods, starting from SPEC §3's defaults.
    QVERIFY(!child<QWidget>(wizard, "ptForm")->isVisible());
    QVERIFY(child<QWidget>(wizard, "loraForm")->isVisible());
    QCOMPARE(child<QLineEdit>(wizard, "loraRankEdit")->text(), QStringLiteral("8"));
    QCOMPARE(child<QLineEdit>(wizard, "loraAlphaEdit")->text(), QStringLiteral("16"));
    QCOMPARE(child<QLineEdit>(wizard, "loraLrEdit")->text(), QStringLiteral("0.002"));
    QCOMPARE(child<QLineEdit>(wizard, "fullLrEdit")->text(), QStringLiteral("0.0003"));
    QVERIFY(!child<QCheckBox>(wizard, "loraTarget_gate")->isEnabled());  // GPT-2 has no gate
    QVERIFY(!child<QLineEdit>(wizard, "loraRankEdit")->toolTip().isEmpty());
    typeInto(child<QSpinBox>(wizard, "stepsSpin"), QStringLiteral("40"));
    typeInto(child<QSpinBox>(wizard, "batchSpin"), QStringLiteral("8"));
    typeInto(child<QSpinBox>(wizard, "warmupSpin"), QStringLiteral("4"));
    typeInto(child<QSpinBox>(wizard, "evalEverySpin"), QStringLiteral("10"));
    typeInto(child<QLineEdit>(wizard, "seedEdit"), QStringLiteral("7"));
    typeInto(child<QLineEdit>(wizard, "loraRankEdit"), QStringLiteral("4"));
    typeInto(child<QLineEdit>(wizard, "loraLrEdit"), QStringLiteral("0.001"));
    typeInto(child<QLineEdit>(wizard, "fullLrEdit"), QStringLiteral("5e-4"));
    toggle(child<QCheckBox>(wizard, "loraTarget_o"));
    QTRY_VERIFY(child<QPlainTextEdit>(wizard, "yamlPreview")->toPlainText().contains(
        QStringLiteral("lora: {r: 4, alpha: 16, dropout: 0.05, target_modules: [q, v, o]}")));
    screenshot(wizard, "hyperparameters");
    goNext(wizard, RunWizard::ResourcesPageId);
    if (QTest::currentTestFailed())
        return;

    // Resources: the CPU with one thread; one estimate row per run.
    chooseData(child<QComboBox>(wizard, "deviceCombo"), QStringLiteral("cpu"));
    typeInto(child<QSpinBox>(wizard, "threadsSpin"), QStringLiteral("1"));
    QTRY_COMPARE(child<QTableWidget>(wizard, "estimateTable")->rowCount(), 2);
    screenshot(wizard, "resources");
    goNext(wizard, RunWizard::SummaryPageId);
    if (QTest::currentTestFailed())
        return;

    // Summary: both runs listed; the finish button launches.
    typeInto(child<QLineEdit>(wizard, "experimentNameEdit"), QStringLiteral("animals-lora-vs-full"));
    QTRY_COMPARE(child<QListWidget>(wizard, "runList")->count(), 2);
    QCOMPARE(wizard.button(QWizard::FinishButton)->text(), QStringLiteral("Launch"));
    QVERIFY(child<QPlainTextEdit>(wizard, "summaryYaml")->toPlainText().contains(QStringLiteral("name: animals-lora-vs-full")));
    screenshot(wizard, "summary");

    ExperimentConfig expected;
    expected.name = QStringLiteral("animals-lora-vs-full");
    expected.baseModel = QStringLiteral("file:") + m_model;
    expected.dataset.source = m_jsonl;
    expected.dataset.task = TaskKind::Classification;
    expected.dataset.maxLength = 48;
    expected.train.steps = 40;
    expected.train.batchSize = 8;
    expected.train.warmupSteps = 4;
    expected.train.evalEvery = 10;
    expected.train.seed = 7;
    expected.train.device = QStringLiteral("cpu");
    expected.train.threads = 1;
    RunTemplate loraRun;
    loraRun.method = MethodKind::Lora;
    loraRun.lr = {0.001};
    loraRun.lora.r = {4};
    loraRun.lora.alpha = {16};
    loraRun.lora.dropout = {0.05};
    loraRun.lora.targetModules = {{"q", "v", "o"}};
    RunTemplate fullRun;
    fullRun.method = MethodKind::Full;
    fullRun.lr = {5e-4};
    expected.runs = {loraRun, fullRun};

    QCOMPARE(wizard.experimentName(), expected.name);
    const ExperimentConfig built = parseExperimentConfig(wizard.experimentYaml(), QStringLiteral("wizard"));
    QCOMPARE(QString::fromUtf8(saveExperimentConfig(built)), QString::fromUtf8(saveExperimentConfig(expected)));
    QVERIFY(built == expected);

    const QString saved = QDir(m_dir.path()).filePath(QStringLiteral("saved.yaml"));
    QString error;
    QVERIFY2(wizard.saveYaml(saved, &error), qPrintable(error));
    QVERIFY(loadExperimentConfig(saved) == expected);

    QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
    QCOMPARE(wizard.result(), int(QDialog::Accepted));
}

void TestRunWizard::invalidValueBlocksNext_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("invalid");
    QTest::addColumn<QString>("named");    // the field, as the message calls it
    QTest::addColumn<QString>("allowed");  // the range the message gives
    QTest::addColumn<QString>("valid");

    QTest::newRow("lr 0") << "loraLrEdit" << "0" << "LoRA learning rate" << "> 0" << "0.002";
    QTest::newRow("lr not a number") << "fullLrEdit" << "fast" << "Full fine-tuning learning rate" << "> 0" << "3e-4";
    QTest::newRow("rank over the width") << "loraRankEdit" << "64" << "LoRA rank" << "1..32" << "8";
    QTest::newRow("rank 0") << "loraRankEdit" << "0" << "LoRA rank" << "1..4096" << "8";
    QTest::newRow("virtual tokens + max_length over the context")
        << "ptTokensEdit" << "60" << "Prompt Tuning virtual tokens" << "1..48" << "20";
    QTest::newRow("warmup over steps") << "warmupSpin" << "500" << "Warmup steps" << "0..24" << "2";
    QTest::newRow("weight decay negative") << "weightDecayEdit" << "-1" << "Weight decay" << ">= 0 and <= 10" << "0.01";
    QTest::newRow("prefix + max_length over the context")
        << "prefixTokensEdit" << "60" << "Prefix tuning prefix length" << "1..48" << "20";
    QTest::newRow("prefix length 0") << "prefixTokensEdit" << "0" << "Prefix tuning prefix length" << "1..4096" << "4";
    QTest::newRow("dora rank over the width") << "doraRankEdit" << "64" << "DoRA rank" << "1..32" << "8";
    QTest::newRow("dora dropout 1") << "doraDropoutEdit" << "1" << "DoRA dropout" << ">= 0 and < 1" << "0";
    QTest::newRow("per-layer rank not a target")
        << "loraRankPatternEdit" << "up: 4" << "LoRA per-layer rank" << "target layers" << "q: 16";
    QTest::newRow("per-layer rank 0") << "loraRankPatternEdit" << "q: 0" << "LoRA per-layer rank" << "1..4096" << "q: 2";
    QTest::newRow("per-layer rank not a pair")
        << "loraRankPatternEdit" << "q16" << "LoRA per-layer rank" << "\"layer: rank\"" << "v: 16";
    QTest::newRow("last layers over the blocks")
        << "lastLayersLayersEdit" << "3" << "Last N layers trained blocks" << "1..2" << "1";
    QTest::newRow("last layers 0") << "lastLayersLayersEdit" << "0" << "Last N layers trained blocks" << "1..2" << "2";
}

void TestRunWizard::invalidValueBlocksNext()
{
    QFETCH(QString, field);
    QFETCH(QString, invalid);
    QFETCH(QString, named);
    QFETCH(QString, allowed);
    QFETCH(QString, valid);

    RunWizard wizard({m_dir.path(), 1});
    openTinyExperimentAt(wizard, RunWizard::HyperparametersPageId, /*everyMethod=*/true);
    if (QTest::currentTestFailed())
        return;
    QAbstractButton *next = wizard.button(QWizard::NextButton);
    QVERIFY(next->isEnabled());

    auto *input = wizard.findChild<QWidget *>(field);
    QVERIFY2(input, qPrintable(field));
    typeInto(input, invalid);
    QTRY_VERIFY(!next->isEnabled());
    QLabel *error = errorLabel(wizard);
    QVERIFY(error && error->isVisible());
    QVERIFY2(error->text().contains(named), qPrintable(error->text()));
    QVERIFY2(error->text().contains(allowed), qPrintable(error->text()));
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(RunWizard::HyperparametersPageId));
    screenshot(wizard, "hyperparameters-invalid");

    typeInto(input, valid);
    QTRY_VERIFY(next->isEnabled());
    QVERIFY(!error->isVisible());
}

void TestRunWizard::presetsFillTheSettings()
{
    RunWizard wizard({m_dir.path(), 1});
    openTinyExperimentAt(wizard, RunWizard::HyperparametersPageId);
    if (QTest::currentTestFailed())
        return;
    auto *presets = child<QComboBox>(wizard, "presetCombo");
    // A step budget changes only steps, evaluation interval and warmup.
    chooseIndex(presets, presets->findText(QStringLiteral("Quick look (100 steps)")));
    QTRY_COMPARE(child<QSpinBox>(wizard, "stepsSpin")->value(), 100);
    QCOMPARE(child<QSpinBox>(wizard, "evalEverySpin")->value(), 25);
    QCOMPARE(child<QSpinBox>(wizard, "warmupSpin")->value(), 10);
    QCOMPARE(child<QSpinBox>(wizard, "batchSpin")->value(), 8);
    QVERIFY(child<QPlainTextEdit>(wizard, "yamlPreview")->toPlainText().contains(QStringLiteral("steps: 100\n")));

    // A built-in experiment's settings: training and each method's run; model and data stay.
    chooseIndex(presets, presets->findData(QStringLiteral(":/experiments/spam-three-methods.yaml")));
    QTRY_COMPARE(child<QSpinBox>(wizard, "stepsSpin")->value(), 300);
    QCOMPARE(child<QSpinBox>(wizard, "batchSpin")->value(), 16);
    QCOMPARE(child<QSpinBox>(wizard, "evalMaxExamplesSpin")->value(), 120);
    QCOMPARE(child<QLineEdit>(wizard, "ptLrEdit")->text(), QStringLiteral("0.3"));
    QCOMPARE(child<QLineEdit>(wizard, "loraNameEdit")->text(), QStringLiteral("LoRA r=8"));
    QCOMPARE(child<QLineEdit>(wizard, "ptTokensEdit")->text(), QStringLiteral("20"));
    const ExperimentConfig config = parseExperimentConfig(wizard.experimentYaml(), QStringLiteral("wizard"));
    QCOMPARE(config.baseModel, QStringLiteral("file:tiny.pwbc"));
    QCOMPARE(config.dataset.source, QStringLiteral("sentences.txt"));
    QCOMPARE(config.train.device, QStringLiteral("cpu"));
    QCOMPARE(config.runs.size(), size_t(3));
    QTRY_VERIFY(wizard.button(QWizard::NextButton)->isEnabled());
}

void TestRunWizard::loadYamlFillsEveryPage_data()
{
    QTest::addColumn<QByteArray>("runs");
    QTest::addColumn<QStringList>("shown");  // "objectName=value" of fields as loaded
    // Sweeps, names, several runs of one method, settings left to their defaults: all kept.
    static const QByteArray kThreeMethods("  - {method: prompt_tuning, lr: 0.03, prompt_tuning: {num_virtual_tokens: 8}}\n"
                                          "  - {method: lora, lr: 0.002, lora: {r: 4, target_modules: [q, v]}}\n"
                                          "  - {method: full, lr: 0.0003}\n");
    QTest::newRow("three methods") << kThreeMethods << QStringList{};
    QTest::newRow("sweeps and names")
        << QByteArray("  - {name: soft prompt, method: prompt_tuning, lr: 0.03,"
                      " prompt_tuning: {num_virtual_tokens: [8, 16], init: text, init_text: \"Is it, or not?\"}}\n"
                      "  - {method: lora, lr: [0.001, 0.002], lora: {r: 4, alpha: 8, dropout: 0.1,"
                      " target_modules: [[q, v], [q, k, v, o]], rslora: [false, true]}}\n"
                      "  - {method: full}\n"
                      "  - {name: small lora, method: lora, lora: {r: 2}}\n")
        << QStringList{};
    // Issue 12's methods with every key they have, sweeps included.
    QTest::newRow("every method, every key")
        << QByteArray(kThreeMethods
                      + QByteArray("  - {method: prefix_tuning, prefix_tuning: {num_virtual_tokens: [4, 8], projection: true,"
                                   " projection_hidden: 32}}\n"
                                   "  - {method: ia3, lr: 0.01, ia3: {target_modules: [[k, v, down], [q, o]]}}\n"
                                   "  - {method: bitfit, bitfit: {norm_weights: true}}\n"
                                   "  - {name: dora pissa, method: dora, lora: {r: 2, alpha: 4, target_modules: [q, k, v],"
                                   " init: pissa, rslora: true, rank_pattern: {k: 1}}}\n"
                                   "  - {method: last_layers, last_layers: {layers: [1, 2], head: true}}\n"))
        << QStringList{"prefixTokensEdit=4, 8", "prefixProjectionCheck=checked", "prefixHiddenEdit=32", "ia3Target_q=unchecked",
                       "ia3Target_k=checked", "ia3Target_down=checked", "ia3LrEdit=0.01", "bitfitNormWeightsCheck=checked",
                       "doraRankEdit=2", "doraAlphaEdit=4", "doraInitCombo=pissa", "doraRsloraCheck=checked",
                       "doraRankPatternEdit=k: 1", "doraTarget_k=checked", "doraNameEdit=dora pissa",
                       "lastLayersLayersEdit=1, 2", "lastLayersHeadCheck=checked", "methodPrefixTuning=checked",
                       "methodIa3=checked", "methodBitFit=checked", "methodDora=checked", "methodLastLayers=checked"};
    QTest::newRow("new keys left to their defaults")
        << QByteArray("  - {method: prompt_tuning, lr: 0.03, prompt_tuning: {num_virtual_tokens: 8}}\n"
                      "  - {method: lora, lr: 0.002, lora: {r: 4, target_modules: [q, v], init: gaussian,"
                      " rank_pattern: [{q: 8}, {v: 2}], rslora: [false, true]}}\n"
                      "  - {method: full, lr: 0.0003}\n"
                      "  - {method: prefix_tuning, prefix_tuning: {projection: [false, true]}}\n"
                      "  - {method: ia3}\n"
                      "  - {method: bitfit, bitfit: {norm_weights: [false, true]}}\n"
                      "  - {method: last_layers}\n"
                      "  - {method: last_layers, last_layers: {head: [false, true]}}\n")
        << QStringList{"loraInitCombo=gaussian", "loraRankPatternEdit=q: 8", "loraRsloraCheck=unchecked", "prefixTokensEdit=",
                       "prefixProjectionCheck=unchecked", "ia3Target_k=checked", "ia3Target_o=unchecked",
                       "bitfitNormWeightsCheck=unchecked", "lastLayersLayersEdit=", "methodDora=unchecked"};
}

void TestRunWizard::loadYamlFillsEveryPage()
{
    QFETCH(QByteArray, runs);
    QFETCH(QStringList, shown);
    const QDir dir(m_dir.path());
    const QString path = writeFile(dir, QStringLiteral("roundtrip.yaml"), tinyExperiment(dir, runs));
    const ExperimentConfig original = loadExperimentConfig(path);

    RunWizard wizard({m_dir.path(), 4});
    QString error;
    QVERIFY2(wizard.loadYaml(path, &error), qPrintable(error));
    QCOMPARE(child<QLineEdit>(wizard, "modelFileEdit")->text(), QStringLiteral("tiny.pwbc"));
    QVERIFY(child<QRadioButton>(wizard, "modelFileRadio")->isChecked());
    QCOMPARE(child<QLabel>(wizard, "modelLayersValue")->text(), QStringLiteral("2"));
    QCOMPARE(child<QLineEdit>(wizard, "datasetFileEdit")->text(), QStringLiteral("sentences.txt"));
    QCOMPARE(child<QComboBox>(wizard, "taskCombo")->currentData().toString(), QStringLiteral("causal_lm"));
    QCOMPARE(child<QSpinBox>(wizard, "maxLengthSpin")->value(), 48);
    QCOMPARE(child<QSpinBox>(wizard, "stepsSpin")->value(), 24);
    QCOMPARE(child<QSpinBox>(wizard, "batchSpin")->value(), 8);
    QCOMPARE(child<QSpinBox>(wizard, "evalEverySpin")->value(), 6);
    QCOMPARE(child<QLineEdit>(wizard, "seedEdit")->text(), QStringLiteral("7"));
    QCOMPARE(child<QComboBox>(wizard, "scheduleCombo")->currentData().toString(), QStringLiteral("constant"));
    QCOMPARE(child<QComboBox>(wizard, "deviceCombo")->currentData().toString(), QStringLiteral("cpu"));
    QCOMPARE(child<QSpinBox>(wizard, "threadsSpin")->value(), 1);
    QVERIFY(child<QCheckBox>(wizard, "methodPromptTuning")->isChecked());
    QVERIFY(child<QCheckBox>(wizard, "methodLora")->isChecked());
    QVERIFY(child<QCheckBox>(wizard, "methodFull")->isChecked());
    QCOMPARE(child<QLineEdit>(wizard, "loraRankEdit")->text(), QStringLiteral("4"));
    QVERIFY(child<QCheckBox>(wizard, "loraTarget_q")->isChecked());
    QVERIFY(!child<QCheckBox>(wizard, "loraTarget_k")->isChecked());
    QStringList tokens;
    for (int64_t n : original.runs[0].promptTuning.numVirtualTokens)
        tokens << QString::number(n);
    QCOMPARE(child<QLineEdit>(wizard, "ptTokensEdit")->text(), tokens.join(QStringLiteral(", ")));
    QCOMPARE(child<QLineEdit>(wizard, "ptLrEdit")->text(), QStringLiteral("0.03"));
    QCOMPARE(wizard.experimentName(), QStringLiteral("tiny"));
    QCOMPARE(wizard.baseDirectory(), QFileInfo(path).absolutePath());
    for (const QString &field : shown) {
        const QString name = field.section(QLatin1Char('='), 0, 0), expected = field.section(QLatin1Char('='), 1);
        QWidget *widget = wizard.findChild<QWidget *>(name);
        QVERIFY2(widget, qPrintable(name));
        QString value;
        if (auto *edit = qobject_cast<QLineEdit *>(widget))
            value = edit->text();
        else if (auto *box = qobject_cast<QCheckBox *>(widget))
            value = box->isChecked() ? QStringLiteral("checked") : QStringLiteral("unchecked");
        else if (auto *combo = qobject_cast<QComboBox *>(widget))
            value = combo->currentData().toString();
        QVERIFY2(value == expected, qPrintable(QStringLiteral("%1: '%2', expected '%3'").arg(name, value, expected)));
    }

    const ExperimentConfig again = parseExperimentConfig(wizard.experimentYaml(), QStringLiteral("wizard"));
    QCOMPARE(QString::fromUtf8(saveExperimentConfig(again)), QString::fromUtf8(saveExperimentConfig(original)));
    QVERIFY(again == original);

    // A built-in preset, read from the resources, comes back equal too.
    const QString preset = QStringLiteral(":/experiments/spam-three-methods.yaml");
    QVERIFY2(wizard.loadYaml(preset, &error), qPrintable(error));
    QVERIFY(parseExperimentConfig(wizard.experimentYaml(), QStringLiteral("wizard")) == loadExperimentConfig(preset));
    QCOMPARE(child<QLineEdit>(wizard, "ptLrEdit")->text(), QStringLiteral("0.3"));

    // A broken file changes nothing and says what is wrong.
    const QString broken = writeFile(dir, QStringLiteral("broken.yaml"), "name: x\nbase_model: nowhere\n");
    QVERIFY(!wizard.loadYaml(broken, &error));
    QVERIFY2(error.contains(QStringLiteral("base_model")), qPrintable(error));
    QCOMPARE(wizard.experimentName(), QStringLiteral("spam-three-methods"));
}

void TestRunWizard::estimatesEveryRunAndWarnsWhenMemoryIsShort()
{
    RunWizard wizard({m_dir.path(), 1});
    openTinyExperimentAt(wizard, RunWizard::ResourcesPageId, /*everyMethod=*/true);
    if (QTest::currentTestFailed())
        return;

    const ExperimentConfig config = parseExperimentConfig(wizard.experimentYaml(), QStringLiteral("wizard"));
    const std::vector<RunSpec> runs = expandRuns(config);
    auto *table = child<QTableWidget>(wizard, "estimateTable");
    QCOMPARE(table->rowCount(), int(runs.size()));
    for (int row = 0; row < table->rowCount(); ++row) {
        QCOMPARE(table->item(row, 0)->text(), runs[size_t(row)].name);
        for (int column = 1; column < table->columnCount(); ++column) {
            const QString cell = table->item(row, column)->text();
            QVERIFY2(!cell.isEmpty() && !cell.startsWith(QLatin1String("0 ")) && cell != QLatin1String("unknown"),
                     qPrintable(QStringLiteral("%1, column %2: '%3'").arg(runs[size_t(row)].name).arg(column).arg(cell)));
        }
    }
    auto *warning = child<QLabel>(wizard, "estimateWarning");
    QVERIFY(!warning->isVisible());

    // Activation checkpointing goes into the config and the estimate shrinks its activations
    // (column 4) while the weights (column 1) stay.
    const QString activationsBefore = table->item(0, 4)->text();
    const QString weightsBefore = table->item(0, 1)->text();
    toggle(child<QCheckBox>(wizard, "gradientCheckpointingCheck"));
    QVERIFY(parseExperimentConfig(wizard.experimentYaml(), QStringLiteral("wizard")).train.gradientCheckpointing);
    QTRY_VERIFY2(table->item(0, 4)->text() != activationsBefore, qPrintable(activationsBefore));
    QCOMPARE(table->item(0, 1)->text(), weightsBefore);
    toggle(child<QCheckBox>(wizard, "gradientCheckpointingCheck"));
    QTRY_COMPARE(table->item(0, 4)->text(), activationsBefore);

    EstimateEnvironment tiny = roomyMachine();
    tiny.freeBytes = 1 << 20;
    wizard.setEstimateEnvironment(tiny);
    QTRY_VERIFY(warning->isVisible());
    QVERIFY(!warning->text().isEmpty());
    for (const RunSpec &run : runs)
        QVERIFY2(warning->text().contains(run.name), qPrintable(warning->text()));
    screenshot(wizard, "resources-warning");
    // A warning, not a refusal: the user may know better.
    QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
}

void TestRunWizard::newMethodFormsWriteTheirKeys()
{
    RunWizard wizard({m_dir.path(), 1});
    openTinyExperimentAt(wizard, RunWizard::MethodsPageId);
    if (QTest::currentTestFailed())
        return;
    // Issue 12's methods join the three; each gets its own form, at its defaults.
    for (const char *name : {"methodPrefixTuning", "methodIa3", "methodBitFit", "methodDora", "methodLastLayers"}) {
        auto *box = child<QCheckBox>(wizard, name);
        QVERIFY(box && !box->isChecked());
        QVERIFY(!child<QLabel>(wizard, (QByteArray(name) + "Description").constData())->text().isEmpty());
        toggle(box);
    }
    screenshot(wizard, "methods-all");
    goNext(wizard, RunWizard::HyperparametersPageId);
    if (QTest::currentTestFailed())
        return;
    for (const char *form : {"prefixForm", "ia3Form", "bitfitForm", "doraForm", "lastLayersForm"})
        QVERIFY2(child<QWidget>(wizard, form)->isVisible(), form);
    QCOMPARE(child<QLineEdit>(wizard, "prefixTokensEdit")->text(), QStringLiteral("20"));
    QCOMPARE(child<QLineEdit>(wizard, "prefixLrEdit")->text(), QStringLiteral("0.01"));
    QVERIFY(!child<QLineEdit>(wizard, "prefixHiddenEdit")->isEnabled());
    QCOMPARE(child<QLineEdit>(wizard, "doraRankEdit")->text(), QStringLiteral("8"));
    QCOMPARE(child<QLineEdit>(wizard, "lastLayersLayersEdit")->text(), QStringLiteral("2"));
    QVERIFY(child<QCheckBox>(wizard, "ia3Target_down")->isChecked());
    QVERIFY(!child<QCheckBox>(wizard, "ia3Target_gate")->isEnabled());  // GPT-2 has no gate
    QVERIFY(!child<QLineEdit>(wizard, "lastLayersLayersEdit")->toolTip().isEmpty());
    screenshot(wizard, "hyperparameters-new-methods");

    typeInto(child<QLineEdit>(wizard, "prefixTokensEdit"), QStringLiteral("8, 16"));
    toggle(child<QCheckBox>(wizard, "prefixProjectionCheck"));
    QVERIFY(child<QLineEdit>(wizard, "prefixHiddenEdit")->isEnabled());
    typeInto(child<QLineEdit>(wizard, "prefixHiddenEdit"), QStringLiteral("64"));
    toggle(child<QCheckBox>(wizard, "ia3Target_o"));
    toggle(child<QCheckBox>(wizard, "bitfitNormWeightsCheck"));
    typeInto(child<QLineEdit>(wizard, "doraRankEdit"), QStringLiteral("4"));
    chooseData(child<QComboBox>(wizard, "doraInitCombo"), QStringLiteral("gaussian"));
    typeInto(child<QLineEdit>(wizard, "doraRankPatternEdit"), QStringLiteral("v: 2"));
    toggle(child<QCheckBox>(wizard, "loraRsloraCheck"));
    typeInto(child<QLineEdit>(wizard, "lastLayersLayersEdit"), QStringLiteral("1"));
    toggle(child<QCheckBox>(wizard, "lastLayersHeadCheck"));
    auto *yaml = child<QPlainTextEdit>(wizard, "yamlPreview");
    QTRY_VERIFY2(yaml->toPlainText().contains(QStringLiteral("last_layers: {layers: 1, head: true}")),
                 qPrintable(yaml->toPlainText()));
    QTRY_VERIFY(wizard.button(QWizard::NextButton)->isEnabled());
    screenshot(wizard, "hyperparameters-new-methods-edited");
    for (const char *form : {"prefixForm", "ia3Form", "bitfitForm", "loraForm", "doraForm", "lastLayersForm"}) {
        const QString path = QStringLiteral(PEFTBENCH_SCREENSHOT_DIR "/wizard-form-%1.png").arg(QLatin1String(form));
        QVERIFY2(child<QWidget>(wizard, form)->grab().save(path), qPrintable(path));
    }

    const ExperimentConfig built = parseExperimentConfig(wizard.experimentYaml(), QStringLiteral("wizard"));
    const auto runOf = [&](MethodKind kind) {
        const auto it = std::find_if(built.runs.begin(), built.runs.end(), [&](const RunTemplate &r) { return r.method == kind; });
        return it == built.runs.end() ? RunTemplate{} : *it;
    };
    QCOMPARE(built.runs.size(), size_t(8));
    const RunTemplate prefix = runOf(MethodKind::PrefixTuning);
    QCOMPARE(prefix.prefixTuning.numVirtualTokens, (std::vector<int64_t>{8, 16}));
    QCOMPARE(prefix.prefixTuning.projection, std::vector<bool>{true});
    QCOMPARE(prefix.prefixTuning.projectionHidden, std::vector<int64_t>{64});
    QCOMPARE(prefix.lr, std::vector<double>{defaultLearningRate(MethodKind::PrefixTuning)});
    QCOMPARE(runOf(MethodKind::Ia3).ia3.targetModules, (std::vector<std::vector<std::string>>{{"k", "v", "o", "down"}}));
    QCOMPARE(runOf(MethodKind::BitFit).bitFit.normWeights, std::vector<bool>{true});
    const RunTemplate dora = runOf(MethodKind::Dora);
    QCOMPARE(dora.lora.r, std::vector<int64_t>{4});
    QCOMPARE(dora.lora.init, std::vector<LoraInit>{LoraInit::Gaussian});
    QCOMPARE(dora.lora.rankPattern, (std::vector<std::map<std::string, int64_t>>{{{"v", 2}}}));
    QCOMPARE(runOf(MethodKind::Lora).lora.rslora, std::vector<bool>{true});
    QVERIFY(runOf(MethodKind::Lora).lora.init.empty());  // untouched: left to the default
    QCOMPARE(runOf(MethodKind::LastLayers).lastLayers.layers, std::vector<int64_t>{1});
    QCOMPARE(runOf(MethodKind::LastLayers).lastLayers.head, std::vector<bool>{true});
    // And back: the saved file loads into the same fields.
    const QString saved = QDir(m_dir.path()).filePath(QStringLiteral("new-methods.yaml"));
    QString error;
    QVERIFY2(wizard.saveYaml(saved, &error), qPrintable(error));
    RunWizard again({m_dir.path(), 1});
    QVERIFY2(again.loadYaml(saved, &error), qPrintable(error));
    QVERIFY(parseExperimentConfig(again.experimentYaml(), QStringLiteral("wizard")) == built);
    QCOMPARE(child<QComboBox>(again, "doraInitCombo")->currentData().toString(), QStringLiteral("gaussian"));
    QCOMPARE(child<QLineEdit>(again, "doraRankPatternEdit")->text(), QStringLiteral("v: 2"));

    // Unchecking the projection drops its width: the config refuses one without the other.
    toggle(child<QCheckBox>(wizard, "prefixProjectionCheck"));
    const ExperimentConfig without = parseExperimentConfig(wizard.experimentYaml(), QStringLiteral("wizard"));
    for (const RunTemplate &run : without.runs)
        if (run.method == MethodKind::PrefixTuning)
            QVERIFY(run.prefixTuning.projectionHidden.empty());
}

QTEST_MAIN(TestRunWizard)
#include "test_run_wizard.moc"
