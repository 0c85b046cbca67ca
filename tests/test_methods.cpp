// The three fine-tuning methods: what trains, what stays frozen, and the identities each must
// keep (LoRA starts as the base and merges exactly; prompt tuning's virtual tokens never reach
// the loss), on the golden fixtures' non-trivial weights for both families.
#include "TrainingFixtures.h"

#include "methods/LoraMethod.h"
#include "system/ComputeEnvironment.h"
#include "methods/PromptTuningMethod.h"

#include <torch/torch.h>

#include <QtTest>

using namespace peftbench;
using namespace peftbench::testing;

namespace {

Transformer goldenModel(const char *name)
{
    const QString path = goldenFixture(name);
    const TensorFile file = readTensorFile(path);
    Transformer model(modelConfigFromTensorFile(file, path));
    model->loadWeights(file);
    return model;
}

torch::Tensor sampleIds(int64_t B = 2, int64_t T = 12)
{
    return torch::randint(0, 256, {B, T}, at::make_generator<at::CPUGeneratorImpl>(3), torch::kLong);
}

double maxDiff(const torch::Tensor &a, const torch::Tensor &b)
{
    return (a - b).abs().max().item<double>();
}

std::map<std::string, torch::Tensor> snapshot(const Transformer &model)
{
    std::map<std::string, torch::Tensor> copy;
    for (const auto &item : model->named_parameters())
        copy[item.key()] = item.value().detach().clone();
    return copy;
}

}  // namespace

class TestMethods : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { applyComputeSettings({1}); }
    void families_data();
    void loraStartsAsTheBase_data() { families_data(); }
    void loraStartsAsTheBase();
    void loraMergedEqualsUnmerged_data() { families_data(); }
    void loraMergedEqualsUnmerged();
    void loraTrainsOnlyAdapters_data();
    void loraTrainsOnlyAdapters();
    void loraRejectsBadSettings_data();
    void loraRejectsBadSettings();
    void rsloraScale();
    void promptTuningDropsVirtualPositions_data() { families_data(); }
    void promptTuningDropsVirtualPositions();
    void promptTuningInit_data();
    void promptTuningInit();
    void fullTrainsEverything();
    void adapterRoundTrip_data();
    void adapterRoundTrip();
    void baseUnchangedAfterTraining_data();
    void baseUnchangedAfterTraining();
};

void TestMethods::families_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::newRow("gpt2") << QStringLiteral("gpt2_tiny");
    QTest::newRow("llama") << QStringLiteral("llama_tiny");
}

void TestMethods::loraStartsAsTheBase()
{
    QFETCH(QString, fixture);
    Transformer model = goldenModel(qPrintable(fixture));
    model->eval();
    const torch::Tensor ids = sampleIds();
    const torch::Tensor before = model->forward(ids);
    MethodSettings s;
    s.kind = MethodKind::Lora;
    s.lora.targets = {"q", "k", "v", "o", "up", "gate", "down"};
    auto lora = createMethod(s);
    lora->apply(model, 1);
    QCOMPARE(maxDiff(lora->logits(ids), before), 0.0);  // B = 0: exactly the base
}

void TestMethods::loraMergedEqualsUnmerged()
{
    QFETCH(QString, fixture);
    Transformer model = goldenModel(qPrintable(fixture));
    model->eval();
    const auto original = snapshot(model);
    MethodSettings s;
    s.kind = MethodKind::Lora;
    s.lora.targets = {"q", "v", "o", "down"};
    LoraMethod lora(s.lora);
    for (auto &p : lora.apply(model, 1)) {
        torch::NoGradGuard g;
        p.normal_(0.0, 0.2);  // a non-zero update, as after training
    }
    const torch::Tensor ids = sampleIds();
    torch::NoGradGuard noGrad;
    const torch::Tensor unmerged = lora.logits(ids);
    QVERIFY(maxDiff(unmerged, model->forward(ids)) == 0.0);
    lora.merge();
    const double err = maxDiff(model->forward(ids), unmerged);
    QVERIFY2(err < 1e-5, qPrintable(QStringLiteral("merged differs by %1").arg(err)));
    QVERIFY(maxDiff(snapshot(model)["blocks.0.attn.q.weight"], original.at("blocks.0.attn.q.weight")) > 1e-3);
    lora.unmerge();
    QVERIFY(maxDiff(snapshot(model)["blocks.0.attn.q.weight"], original.at("blocks.0.attn.q.weight")) < 1e-6);
    QVERIFY(maxDiff(model->forward(ids), unmerged) < 1e-5);
}

void TestMethods::loraTrainsOnlyAdapters_data()
{
    QTest::addColumn<QStringList>("targets");
    QTest::addColumn<int>("layersPerBlock");
    QTest::newRow("q,v") << QStringList{QStringLiteral("q"), QStringLiteral("v")} << 2;
    QTest::newRow("attention") << QStringList{QStringLiteral("q"), QStringLiteral("k"), QStringLiteral("v"), QStringLiteral("o")} << 4;
    QTest::newRow("mlp") << QStringList{QStringLiteral("up"), QStringLiteral("down")} << 2;
}

void TestMethods::loraTrainsOnlyAdapters()
{
    QFETCH(QStringList, targets);
    QFETCH(int, layersPerBlock);
    Transformer model = goldenModel("gpt2_tiny");
    LoraSettings settings;
    settings.rank = 4;
    settings.targets.clear();
    for (const QString &t : targets)
        settings.targets.push_back(t.toStdString());
    LoraMethod lora(settings);
    const auto trainable = lora.apply(model, 1);
    QCOMPARE(int(lora.adaptedLayers().size()), layersPerBlock * int(model->config().nLayers));
    QCOMPARE(int(trainable.size()), 2 * int(lora.adaptedLayers().size()));

    const torch::Tensor ids = sampleIds();
    lora.logits(ids).sum().backward();
    int64_t frozen = 0;
    for (const auto &item : model->named_parameters()) {
        const bool isAdapter = item.key().find(".lora.") != std::string::npos;
        QCOMPARE(item.value().requires_grad(), isAdapter);
        if (!isAdapter) {
            QVERIFY2(!item.value().grad().defined(), item.key().c_str());  // no gradient memory for the base
            ++frozen;
        }
    }
    QVERIFY(frozen > 0);
    // B starts at zero, so A's first gradient is zero and B's is not.
    auto *adapter = static_cast<LoraAdapterImpl *>(model->linearLayers().at(lora.adaptedLayers().front())->adapter());
    QVERIFY(adapter->B.grad().abs().sum().item<double>() > 0);
    QCOMPARE(adapter->A.grad().abs().sum().item<double>(), 0.0);
}

void TestMethods::loraRejectsBadSettings_data()
{
    QTest::addColumn<int>("rank");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("message");
    QTest::newRow("rank above width") << 64 << QStringLiteral("q") << QStringLiteral("lora.r = 64 is outside 1..32");
    QTest::newRow("rank zero") << 0 << QStringLiteral("q") << QStringLiteral("lora.r = 0 is outside 1..32");
    QTest::newRow("unknown target") << 4 << QStringLiteral("qkv") << QStringLiteral("lora.target_modules [qkv] match no layer");
    QTest::newRow("gate on gpt2") << 4 << QStringLiteral("gate") << QStringLiteral("lora.target_modules [gate] match no layer");
}

void TestMethods::loraRejectsBadSettings()
{
    QFETCH(int, rank);
    QFETCH(QString, target);
    QFETCH(QString, message);
    LoraSettings settings;
    settings.rank = rank;
    settings.targets = {target.toStdString()};
    LoraMethod lora(settings);
    try {
        lora.apply(goldenModel("gpt2_tiny"), 1);
        QFAIL("expected std::invalid_argument");
    } catch (const std::invalid_argument &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
    }
}

void TestMethods::rsloraScale()
{
    LoraSettings s;
    s.rank = 16;
    s.alpha = 32;
    QCOMPARE(s.scale(), 2.0);
    s.rslora = true;
    QCOMPARE(s.scale(), 8.0);
}

void TestMethods::promptTuningDropsVirtualPositions()
{
    QFETCH(QString, fixture);
    Transformer model = goldenModel(qPrintable(fixture));
    PromptTuningSettings settings;
    settings.numVirtualTokens = 5;
    PromptTuningMethod prompt(settings);
    const auto trainable = prompt.apply(model, 1);
    QCOMPARE(int(trainable.size()), 1);
    QCOMPARE(trainable[0].sizes(), (std::vector<int64_t>{5, model->config().dModel}));
    QCOMPARE(prompt.contextReduction(), int64_t(5));
    for (const auto &p : model->parameters())
        QVERIFY(!p.requires_grad());

    // The logits line up with the real tokens: position t of the output equals position n + t
    // of a forward pass over [virtual tokens, real tokens].
    const torch::Tensor ids = sampleIds(2, 10);
    const torch::Tensor logits = prompt.logits(ids);
    QCOMPARE(logits.sizes(), (std::vector<int64_t>{2, 10, model->config().vocabSize}));
    torch::NoGradGuard noGrad;
    const torch::Tensor full = model->forwardEmbeddings(
        torch::cat({prompt.promptEmbeddings().unsqueeze(0).expand({2, 5, model->config().dModel}), model->embed(ids)}, 1));
    QCOMPARE(maxDiff(logits, full.narrow(1, 5, 10)), 0.0);
    // ...and the prompt changes them (it is attended to), unlike the base model alone.
    QVERIFY(maxDiff(logits, model->forward(ids)) > 1e-4);
}

void TestMethods::promptTuningInit_data()
{
    QTest::addColumn<int>("init");
    QTest::newRow("random") << int(PromptInit::Random);
    QTest::newRow("sample_vocab") << int(PromptInit::SampleVocab);
    QTest::newRow("text") << int(PromptInit::Text);
}

void TestMethods::promptTuningInit()
{
    QFETCH(int, init);
    Transformer model = goldenModel("gpt2_tiny");
    const torch::Tensor table = model->tokEmb->weight.detach().clone();
    PromptTuningSettings settings;
    settings.numVirtualTokens = 7;
    settings.init = PromptInit(init);
    settings.initTokenIds = {'h', 'i', '!'};
    PromptTuningMethod prompt(settings);
    const torch::Tensor p = prompt.apply(model, 5)[0].detach();
    switch (PromptInit(init)) {
    case PromptInit::Random:
        QVERIFY(std::abs(p.std().item<double>() - table.std().item<double>()) < 0.05);
        break;
    case PromptInit::SampleVocab:
        for (int64_t i = 0; i < 7; ++i)  // every row is some vocabulary row
            QVERIFY((table - p[i]).abs().sum(-1).min().item<double>() == 0.0);
        break;
    case PromptInit::Text:  // "hi!hi!h": the text repeated to 7 tokens
        for (int64_t i = 0; i < 7; ++i)
            QCOMPARE(maxDiff(p[i], table[settings.initTokenIds[size_t(i % 3)]]), 0.0);
        break;
    }
}

void TestMethods::fullTrainsEverything()
{
    Transformer model = goldenModel("llama_tiny");
    auto full = createMethod(MethodSettings{});
    const auto trainable = full->apply(model, 1);
    QCOMPARE(trainable.size(), model->parameters().size());
    for (const auto &p : trainable)
        QVERIFY(p.requires_grad());
}

void TestMethods::adapterRoundTrip_data()
{
    QTest::addColumn<int>("method");
    QTest::newRow("lora") << int(MethodKind::Lora);
    QTest::newRow("prompt_tuning") << int(MethodKind::PromptTuning);
    QTest::newRow("full") << int(MethodKind::Full);
}

void TestMethods::adapterRoundTrip()
{
    QFETCH(int, method);
    MethodSettings s;
    s.kind = MethodKind(method);
    s.promptTuning.numVirtualTokens = 4;
    auto trained = createMethod(s);
    for (auto &p : trained->apply(goldenModel("llama_tiny"), 1)) {
        torch::NoGradGuard g;
        p.add_(torch::randn_like(p) * 0.1);
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("adapter.pwbc"));
    writeTensorFile(path, trained->adapterFile());

    auto restored = createMethod(s);
    restored->apply(goldenModel("llama_tiny"), 99);  // different init, overwritten by the load
    restored->loadAdapter(readTensorFile(path));
    const torch::Tensor ids = sampleIds();
    torch::NoGradGuard noGrad;
    trained->model()->eval();
    restored->model()->eval();
    QCOMPARE(maxDiff(trained->logits(ids), restored->logits(ids)), 0.0);
}

void TestMethods::baseUnchangedAfterTraining_data()
{
    QTest::addColumn<int>("method");
    QTest::newRow("lora") << int(MethodKind::Lora);
    QTest::newRow("prompt_tuning") << int(MethodKind::PromptTuning);
}

void TestMethods::baseUnchangedAfterTraining()
{
    QFETCH(int, method);
    TrainRequest request = tinyRequest(MethodKind(method), ModelFamily::Gpt2, 10);
    const QString path = goldenFixture("gpt2_tiny");
    auto base = std::make_shared<TensorFile>(readTensorFile(path));
    request.baseConfig = modelConfigFromTensorFile(*base, path);
    request.baseWeights = base;
    request.data = sentenceTask(40);
    std::atomic<bool> cancel{false};
    const TrainResult result = trainRun(request, nullptr, cancel);
    QCOMPARE(runStatusName(result.status), QStringLiteral("completed"));
    QVERIFY(result.summary.finalValLoss < result.summary.bestValLoss + 1.0);
    for (const auto &item : result.method->model()->named_parameters()) {
        if (item.key().find(".lora.") != std::string::npos)
            continue;
        QCOMPARE(maxDiff(item.value(), base->get(item.key())), 0.0);
    }
}

QTEST_GUILESS_MAIN(TestMethods)
#include "test_methods.moc"
