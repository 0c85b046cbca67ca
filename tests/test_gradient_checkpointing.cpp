// Activation checkpointing (train.gradient_checkpointing): for every method on both model
// families it gives the losses and gradients an ordinary backward pass gives (LoRA's dropout
// included), it holds less activation memory, and the config key is read, checked and written.
#include "TrainingFixtures.h"

#include "data/Batch.h"
#include "experiment/ConfigError.h"
#include "experiment/ConfigReader.h"
#include "experiment/ConfigWriter.h"
#include "system/ComputeEnvironment.h"
#include "train/Evaluator.h"

#include <c10/core/Allocator.h>
#include <c10/util/ThreadLocalDebugInfo.h>
#include <torch/torch.h>

#include <QtTest>

using namespace peftbench;
using namespace peftbench::testing;

Q_DECLARE_METATYPE(peftbench::ModelFamily)
Q_DECLARE_METATYPE(peftbench::MethodKind)

namespace {

MethodSettings methodSettings(MethodKind kind)
{
    MethodSettings m;
    m.kind = kind;
    m.lora.rank = 4;
    m.lora.dropout = 0.1;                           // masks the recompute must draw again exactly
    m.lora.targets = {"q", "v", "up", "gate", "down"};  // attention and MLP; gate only exists in Llama
    m.promptTuning.numVirtualTokens = 8;
    return m;
}

// LoRA starts with B = 0, which makes A's gradient zero whatever the activations: give B values
// so that every adapter parameter's gradient depends on the recomputed activations.
void randomizeLoraB(Transformer &model)
{
    torch::NoGradGuard noGrad;
    auto gen = at::make_generator<at::CPUGeneratorImpl>(17);
    for (auto &item : model->named_parameters())
        if (item.key().size() > 7 && item.key().compare(item.key().size() - 7, 7, ".lora.B") == 0)
            item.value().copy_(at::normal(0.0, 0.05, item.value().sizes(), gen));
}

struct Backward {
    torch::Tensor logits;
    double loss = 0;
    std::map<std::string, torch::Tensor> grads;  // every parameter (prompt tuning's prompt as "prompt")
    torch::Tensor rngAfter;                      // the CPU generator once backward is done
};

// One forward and backward pass of a freshly built, identically seeded model and method.
Backward oneBackward(ModelFamily family, MethodKind kind, bool checkpointing)
{
    const TrainRequest r = tinyRequest(kind, family);
    Transformer model(r.baseConfig);
    model->initializeWeights(3);
    model->train();
    std::unique_ptr<FineTuningMethod> method = createMethod(methodSettings(kind));
    const std::vector<torch::Tensor> trainable = method->apply(model, 11);
    if (kind == MethodKind::Lora)
        randomizeLoraB(model);
    model->setActivationCheckpointing(checkpointing);

    std::vector<const TokenizedExample *> examples;
    for (size_t i = 0; i < 8; ++i)
        examples.push_back(&r.data->train[i]);
    const Batch batch = collate(examples, r.data->padId);
    torch::manual_seed(5);  // the dropout masks
    Backward b;
    b.logits = method->logits(batch.inputs);
    const torch::Tensor loss = summedTargetNll(b.logits, batch) / double(batch.targetCount);
    loss.backward();
    b.loss = loss.item<double>();
    for (const auto &item : model->named_parameters())
        b.grads[item.key()] = item.value().grad();
    if (kind == MethodKind::PromptTuning)
        b.grads["prompt"] = trainable.front().grad();
    b.rngAfter = at::detail::getDefaultCPUGenerator().get_state();
    return b;
}

double maxAbsDifference(const torch::Tensor &a, const torch::Tensor &b)
{
    return (a - b).abs().max().item<double>();
}

// LibTorch's CPU allocations on this thread while it is installed, current and peak: what the
// tensors themselves hold (as tests/test_resource_estimate.cpp measures them).
class TensorAllocations : public c10::MemoryReportingInfoBase {
public:
    void reportMemoryUsage(void *, int64_t bytes, int64_t, int64_t, c10::Device) override
    {
        current += bytes;
        peak = std::max(peak, current);
    }
    bool memoryProfilingEnabled() const override { return true; }
    int64_t current = 0;
    int64_t peak = 0;
};

// A shape where activations dominate: 4 layers, d 128, batch 8 × 256.
ModelConfig memoryShape(ModelFamily family)
{
    ModelConfig c = tinyConfig(family, 320);
    c.nLayers = 4;
    c.dModel = 128;
    c.headDim = 32;
    c.ffnDim = family == ModelFamily::Llama ? 344 : 512;
    return c;
}

// Peak of the tensors allocated during one training forward and backward pass (gradients
// included), above what the model and method held before it.
int64_t peakOfOneStep(ModelFamily family, MethodKind kind, bool checkpointing)
{
    const ModelConfig config = memoryShape(family);
    Transformer model(config);
    model->train();
    std::unique_ptr<FineTuningMethod> method = createMethod(methodSettings(kind));
    method->apply(model, 1);
    model->setActivationCheckpointing(checkpointing);
    torch::manual_seed(2);
    const torch::Tensor ids = torch::randint(0, 256, {8, 257}, torch::kLong);
    const torch::Tensor inputs = ids.narrow(1, 0, 256), targets = ids.narrow(1, 1, 256);

    auto allocations = std::make_shared<TensorAllocations>();
    {
        c10::DebugInfoGuard guard(c10::DebugInfoKind::PROFILER_STATE, allocations);
        const torch::Tensor logits = method->logits(inputs);
        torch::nn::functional::cross_entropy(logits.reshape({-1, config.vocabSize}), targets.reshape({-1})).backward();
    }
    return allocations->peak;
}

const QByteArray kHead = "name: t\n"
                         "base_model: builtin:byte-gpt\n"
                         "dataset: {source: builtin:spam, task: classification, max_length: 64}\n";

}  // namespace

class TestGradientCheckpointing : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sameGradientsAfterOneStep_data();
    void sameGradientsAfterOneStep();
    void sameLossesOverTraining_data();
    void sameLossesOverTraining();
    void sameLossesUnderBf16Autocast();
    void evaluationIsUnaffected();
    void lowerPeakActivationMemory_data();
    void lowerPeakActivationMemory();
    void configKeyRoundTrips();
    void configKeyOfTheWrongTypeIsRefused_data();
    void configKeyOfTheWrongTypeIsRefused();
};

void TestGradientCheckpointing::initTestCase()
{
    applyComputeSettings({1});  // one thread: the same reduction order in both passes, and steady under load
}

namespace {

void addMethodsAndFamilies()
{
    QTest::addColumn<ModelFamily>("family");
    QTest::addColumn<MethodKind>("method");
    for (const auto &[familyName, family] : {std::pair{"gpt2", ModelFamily::Gpt2}, std::pair{"llama", ModelFamily::Llama}})
        for (MethodKind kind : {MethodKind::Full, MethodKind::Lora, MethodKind::PromptTuning})
            QTest::addRow("%s %s", familyName, qPrintable(methodKindName(kind))) << family << kind;
}

}  // namespace

void TestGradientCheckpointing::sameGradientsAfterOneStep_data()
{
    addMethodsAndFamilies();
}

void TestGradientCheckpointing::sameGradientsAfterOneStep()
{
    QFETCH(ModelFamily, family);
    QFETCH(MethodKind, method);
    const Backward plain = oneBackward(family, method, false);
    const Backward checkpointed = oneBackward(family, method, true);

    QVERIFY2(std::abs(plain.loss - checkpointed.loss) <= 1e-6, qPrintable(QStringLiteral("%1 vs %2").arg(plain.loss).arg(checkpointed.loss)));
    QCOMPARE(plain.grads.size(), checkpointed.grads.size());
    int trainable = 0;
    double worst = 0;
    for (const auto &[name, grad] : plain.grads) {
        const torch::Tensor &other = checkpointed.grads.at(name);
        QVERIFY2(grad.defined() == other.defined(), name.c_str());
        if (!grad.defined())
            continue;  // frozen in both
        ++trainable;
        // Every trainable tensor has a gradient that says something, in particular LoRA's adapters
        // inside blocks whose input (frozen embeddings) requires no grad.
        QVERIFY2(other.abs().max().item<double>() > 0, name.c_str());
        const double difference = maxAbsDifference(grad, other);
        worst = std::max(worst, difference);
        QVERIFY2(difference <= 1e-6 * std::max(1.0, grad.abs().max().item<double>()),
                 qPrintable(QStringLiteral("%1: gradients differ by %2").arg(QString::fromStdString(name)).arg(difference)));
    }
    QVERIFY(trainable > 0);
    // The recompute draws its dropout masks from the forward's saved state and puts the
    // generator back: training goes on with exactly the random numbers it would have had.
    QVERIFY(torch::equal(plain.rngAfter, checkpointed.rngAfter));
    qInfo("%s: %d trainable tensors, largest gradient difference %.3g", QTest::currentDataTag(), trainable, worst);
}

void TestGradientCheckpointing::sameLossesOverTraining_data()
{
    addMethodsAndFamilies();
}

namespace {

// The steps trainRun reports for four steps of the tiny task.
std::vector<StepMetrics> trainSteps(ModelFamily family, MethodKind method, bool checkpointing,
                                    const QString &dtype = QStringLiteral("fp32"))
{
    TrainRequest r = tinyRequest(method, family, 4);
    r.method = methodSettings(method);
    r.params.evalEvery = 1000;
    r.params.evalMaxExamples = 4;
    r.params.dtype = dtype;
    r.params.gradientCheckpointing = checkpointing;
    RecordingObserver observer;
    std::atomic<bool> cancel{false};
    const TrainResult result = trainRun(r, &observer, cancel);
    if (result.status != RunStatus::Completed)
        qWarning("%s", qPrintable(result.error));
    return observer.steps;
}

// Same losses and gradient norms at every step, to 1e-6.
void compareSteps(const std::vector<StepMetrics> &plain, const std::vector<StepMetrics> &checkpointed)
{
    QCOMPARE(plain.size(), size_t(4));
    QCOMPARE(checkpointed.size(), plain.size());
    for (size_t i = 0; i < plain.size(); ++i) {
        QVERIFY2(std::abs(plain[i].trainLoss - checkpointed[i].trainLoss) <= 1e-6,
                 qPrintable(QStringLiteral("step %1: loss %2 vs %3").arg(i + 1).arg(plain[i].trainLoss, 0, 'g', 10)
                                .arg(checkpointed[i].trainLoss, 0, 'g', 10)));
        QVERIFY2(std::abs(plain[i].gradNorm - checkpointed[i].gradNorm) <= 1e-6 * std::max(1.0, plain[i].gradNorm),
                 qPrintable(QStringLiteral("step %1: grad norm %2 vs %3").arg(i + 1).arg(plain[i].gradNorm, 0, 'g', 10)
                                .arg(checkpointed[i].gradNorm, 0, 'g', 10)));
    }
    QVERIFY(plain.back().trainLoss < plain.front().trainLoss);  // it trained: the steps were not all alike
}

}  // namespace

void TestGradientCheckpointing::sameLossesOverTraining()
{
    QFETCH(ModelFamily, family);
    QFETCH(MethodKind, method);
    compareSteps(trainSteps(family, method, false), trainSteps(family, method, true));
}

void TestGradientCheckpointing::sameLossesUnderBf16Autocast()
{
    // The trainer calls backward after leaving its autocast scope: the recompute has to enter the
    // forward's bf16 autocast again, or it computes other values (in fp32) than the forward did.
    for (MethodKind method : {MethodKind::Full, MethodKind::Lora}) {
        compareSteps(trainSteps(ModelFamily::Llama, method, false, QStringLiteral("bf16")),
                     trainSteps(ModelFamily::Llama, method, true, QStringLiteral("bf16")));
        if (QTest::currentTestFailed())
            return;
    }
}

void TestGradientCheckpointing::evaluationIsUnaffected()
{
    const TrainRequest r = tinyRequest(MethodKind::Lora, ModelFamily::Llama);
    Transformer model(r.baseConfig);
    model->train();
    std::unique_ptr<FineTuningMethod> method = createMethod(methodSettings(MethodKind::Lora));
    method->apply(model, 1);
    const torch::Tensor ids = torch::randint(0, 256, {2, 20}, torch::kLong);
    model->setActivationCheckpointing(false);
    torch::Tensor plain, checkpointed;
    {
        torch::NoGradGuard noGrad;
        model->eval();
        plain = method->logits(ids);
        model->setActivationCheckpointing(true);
        checkpointed = method->logits(ids);
    }
    QVERIFY(!checkpointed.requires_grad());
    QVERIFY(torch::equal(plain, checkpointed));
}

void TestGradientCheckpointing::lowerPeakActivationMemory_data()
{
    addMethodsAndFamilies();
}

void TestGradientCheckpointing::lowerPeakActivationMemory()
{
    QFETCH(ModelFamily, family);
    QFETCH(MethodKind, method);
    const int64_t plain = peakOfOneStep(family, method, false);
    const int64_t checkpointed = peakOfOneStep(family, method, true);
    const double ratio = double(checkpointed) / double(plain);
    qInfo("%s, 4 layers, d 128, batch 8 x 256: peak during forward+backward %.1f MB, checkpointed %.1f MB (%.0f%% less)",
          QTest::currentDataTag(), plain / 1e6, checkpointed / 1e6, 100.0 * (1.0 - ratio));
    QVERIFY2(ratio < 0.6, qPrintable(QString::number(ratio)));
}

void TestGradientCheckpointing::configKeyRoundTrips()
{
    const QByteArray runs = "runs: [{method: lora}]\n";
    QVERIFY(!parseExperimentConfig(kHead + runs, QStringLiteral("t.yaml")).train.gradientCheckpointing);  // off by default

    for (bool on : {true, false}) {
        const QByteArray yaml = kHead + "train: {steps: 5, gradient_checkpointing: " + (on ? "true" : "false") + "}\n" + runs;
        const ExperimentConfig read = parseExperimentConfig(yaml, QStringLiteral("t.yaml"));
        QCOMPARE(read.train.gradientCheckpointing, on);
        const QByteArray written = saveExperimentConfig(read);
        QVERIFY2(written.contains(QByteArray("  gradient_checkpointing: ") + (on ? "true" : "false") + "\n"), written.constData());
        const ExperimentConfig again = parseExperimentConfig(written, QStringLiteral("written.yaml"));
        QCOMPARE(again.train.gradientCheckpointing, on);
        QVERIFY(again == read);
    }
}

void TestGradientCheckpointing::configKeyOfTheWrongTypeIsRefused_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("number") << QByteArray("1")
                            << "bad.yaml:4:33: train.gradient_checkpointing: not true or false (got 1; expected true or false)";
    QTest::newRow("yes") << QByteArray("yes")
                         << "bad.yaml:4:33: train.gradient_checkpointing: not true or false (got yes; expected true or false)";
    QTest::newRow("quoted") << QByteArray("\"true\"")
                            << "bad.yaml:4:33: train.gradient_checkpointing: not true or false (got \"true\"; expected true or false)";
}

void TestGradientCheckpointing::configKeyOfTheWrongTypeIsRefused()
{
    QFETCH(QByteArray, value);
    QFETCH(QString, message);
    try {
        parseExperimentConfig(kHead + "train: {gradient_checkpointing: " + value + "}\nruns: [{method: full}]\n",
                              QStringLiteral("bad.yaml"));
        QFAIL("accepted");
    } catch (const ConfigError &e) {
        QCOMPARE(e.key(), QStringLiteral("train.gradient_checkpointing"));
        QCOMPARE(e.line(), 4);
        QCOMPARE(e.message(), message);
    }
}

QTEST_GUILESS_MAIN(TestGradientCheckpointing)
#include "test_gradient_checkpointing.moc"
