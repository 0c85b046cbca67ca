// Golden numerical test (llm.c style): logits, gradients and three AdamW steps of tiny GPT-2 and
// Llama models against values computed independently by tests/golden/make_golden.py (plain
// PyTorch ops in float64, stored as float32).
#include "model/Transformer.h"
#include "system/ComputeEnvironment.h"

#include <torch/torch.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace peftbench;

namespace {

QString fixturePath(const QString &name)
{
    return QStringLiteral(PEFTBENCH_SOURCE_DIR "/tests/golden/%1.pwbc").arg(name);
}

double maxAbsDiff(const torch::Tensor &a, const torch::Tensor &b)
{
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

torch::Tensor nextTokenLoss(const torch::Tensor &logits, const torch::Tensor &ids)
{
    const int64_t V = logits.size(-1);
    return torch::cross_entropy_loss(logits.narrow(1, 0, ids.size(1) - 1).reshape({-1, V}),
                                     ids.narrow(1, 1, ids.size(1) - 1).reshape({-1}));
}

}  // namespace

class TestTransformerGolden : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void matchesReference_data();
    void matchesReference();
    void configRoundTripsThroughCheckpoint_data();
    void configRoundTripsThroughCheckpoint();
    void parameterCountMatchesModules_data();
    void parameterCountMatchesModules();
};

void TestTransformerGolden::initTestCase()
{
    applyComputeSettings({2});
}

void TestTransformerGolden::matchesReference_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("family");
    QTest::newRow("gpt2") << QStringLiteral("gpt2_tiny") << QStringLiteral("gpt2");
    QTest::newRow("llama-gqa-qkvbias-untied") << QStringLiteral("llama_tiny") << QStringLiteral("llama");
}

void TestTransformerGolden::matchesReference()
{
    QFETCH(QString, fixture);
    QFETCH(QString, family);
    const QString path = fixturePath(fixture);
    const TensorFile golden = readTensorFile(path);
    const ModelConfig config = modelConfigFromTensorFile(golden, path);
    QCOMPARE(modelFamilyName(config.family), family);
    Transformer model(config);
    model->loadWeights(golden);

    const torch::Tensor ids = golden.get("golden.input_ids");
    const torch::Tensor logits = model->forward(ids);
    QCOMPARE(logits.sizes(), golden.get("golden.logits").sizes());
    const double logitErr = maxAbsDiff(logits, golden.get("golden.logits"));
    QVERIFY2(logitErr < 2e-5, qPrintable(QStringLiteral("logits differ by %1").arg(logitErr)));

    torch::Tensor loss = nextTokenLoss(logits, ids);
    QVERIFY(std::abs(loss.item<double>() - golden.get("golden.loss").item<double>()) < 1e-5);
    loss.backward();
    const auto params = model->named_parameters();
    int gradsChecked = 0;
    for (const auto &[name, expected] : golden.tensors) {
        if (name.rfind("golden.grad.", 0) != 0)
            continue;
        const torch::Tensor grad = params[name.substr(12)].grad();
        const double err = maxAbsDiff(grad, expected);
        const double scale = expected.abs().max().item<double>();
        QVERIFY2(err < 1e-5 + 1e-4 * scale, qPrintable(QStringLiteral("gradient of %1 differs by %2 (max %3)")
                                                          .arg(QString::fromStdString(name)).arg(err).arg(scale)));
        ++gradsChecked;
    }
    QCOMPARE(gradsChecked, 4);

    // Three AdamW steps on the same batch, as the reference did.
    const QJsonObject opt = QJsonDocument::fromJson(golden.metadata.value(QStringLiteral("optimizer")).toUtf8()).object();
    torch::optim::AdamW adamw(model->parameters(), torch::optim::AdamWOptions(opt[QStringLiteral("lr")].toDouble())
                                                       .betas({opt[QStringLiteral("beta1")].toDouble(), opt[QStringLiteral("beta2")].toDouble()})
                                                       .eps(opt[QStringLiteral("eps")].toDouble())
                                                       .weight_decay(opt[QStringLiteral("weight_decay")].toDouble()));
    const torch::Tensor expectedLosses = golden.get("golden.train_losses");
    for (int64_t step = 0; step < expectedLosses.size(0); ++step) {
        adamw.zero_grad();
        torch::Tensor stepLoss = nextTokenLoss(model->forward(ids), ids);
        const double got = stepLoss.item<double>(), want = expectedLosses[step].item<double>();
        QVERIFY2(std::abs(got - want) < 1e-4 * std::max(1.0, std::abs(want)),
                 qPrintable(QStringLiteral("step %1 loss %2, reference %3").arg(step).arg(got, 0, 'g', 9).arg(want, 0, 'g', 9)));
        stepLoss.backward();
        adamw.step();
    }
}

void TestTransformerGolden::configRoundTripsThroughCheckpoint_data()
{
    matchesReference_data();
}

void TestTransformerGolden::configRoundTripsThroughCheckpoint()
{
    QFETCH(QString, fixture);
    const QString path = fixturePath(fixture);
    const TensorFile golden = readTensorFile(path);
    Transformer model(modelConfigFromTensorFile(golden, path));
    model->loadWeights(golden);

    QTemporaryDir dir;
    const QString saved = dir.filePath(QStringLiteral("model.pwbc"));
    writeTensorFile(saved, model->toTensorFile());
    Transformer reloaded = loadTransformer(saved);
    QCOMPARE(reloaded->config(), model->config());
    const torch::Tensor ids = golden.get("golden.input_ids");
    QCOMPARE(maxAbsDiff(reloaded->forward(ids), model->forward(ids)), 0.0);
}

void TestTransformerGolden::parameterCountMatchesModules_data()
{
    matchesReference_data();
}

void TestTransformerGolden::parameterCountMatchesModules()
{
    QFETCH(QString, fixture);
    const QString path = fixturePath(fixture);
    const ModelConfig config = modelConfigFromTensorFile(readTensorFile(path), path);
    Transformer model(config);
    int64_t counted = 0;
    for (const auto &p : model->parameters())
        counted += p.numel();
    QCOMPARE(config.parameterCount(), counted);
}

QTEST_GUILESS_MAIN(TestTransformerGolden)
#include "test_transformer_golden.moc"
