// Core: the chunked head + cross-entropy gives the same summed loss and the same gradients for the
// hidden states and the head weight as logits → cross_entropy → mask → sum computed in double,
// across chunk boundaries, masks and frozen heads; and the trainer's loss uses it.
#include "model/LinearCrossEntropy.h"

#include <torch/torch.h>

#include <QtTest>

using namespace peftbench;

namespace {

struct Case {
    torch::Tensor hidden, weight, targets, mask;
};

Case makeCase(int64_t rows, int64_t width, int64_t vocab, const QString &maskKind, uint64_t seed)
{
    torch::manual_seed(seed);
    Case c;
    c.hidden = torch::randn({rows, width});
    c.weight = torch::randn({vocab, width}) * 0.5;
    c.targets = torch::randint(0, vocab, {rows}, torch::kInt64);
    if (maskKind == QLatin1String("all"))
        c.mask = torch::ones({rows});
    else if (maskKind == QLatin1String("none"))
        c.mask = torch::zeros({rows});
    else if (maskKind == QLatin1String("last"))  // a classification prompt: only the label position counts
        c.mask = torch::zeros({rows}).index_fill_(0, torch::tensor({rows - 1}), 1.0);
    else  // "weighted": some rows out, the rest with different weights
        c.mask = (torch::rand({rows}) < 0.6).to(torch::kFloat32) * torch::rand({rows}) * 2;
    return c;
}

double maxRelative(const torch::Tensor &got, const torch::Tensor &want)
{
    return ((got.to(torch::kFloat64) - want).abs().max() / (want.abs().max() + 1e-12)).item<double>();
}

}  // namespace

class TestLinearCrossEntropy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesPlainLoss_data();
    void matchesPlainLoss();
    void noGradGivesTheSameLoss();
    void secondBackwardIsRefused();
};

void TestLinearCrossEntropy::matchesPlainLoss_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("vocab");
    QTest::addColumn<QString>("mask");
    QTest::addColumn<bool>("headTrains");
    // GPT-2's vocabulary puts 125 rows in a chunk: 400 rows are 4 chunks, the last one partial.
    QTest::newRow("one chunk, byte vocab") << 64 << 259 << "all" << true;
    QTest::newRow("three chunks, GPT-2 vocab") << 400 << 50257 << "all" << true;
    QTest::newRow("three chunks, frozen head (LoRA)") << 400 << 50257 << "all" << false;
    QTest::newRow("masked rows and weights") << 400 << 50257 << "weighted" << true;
    QTest::newRow("only the last row (classification)") << 300 << 50257 << "last" << true;
    QTest::newRow("nothing in the loss") << 32 << 259 << "none" << true;
    QTest::newRow("exactly one chunk") << 125 << 50257 << "all" << true;
}

void TestLinearCrossEntropy::matchesPlainLoss()
{
    QCOMPARE(linearCrossEntropyChunkRows(50257), int64_t(125));  // the rows above assume it
    QFETCH(int, rows);
    QFETCH(int, vocab);
    QFETCH(QString, mask);
    QFETCH(bool, headTrains);
    const Case c = makeCase(rows, 24, vocab, mask, 7);

    const torch::Tensor h = c.hidden.clone().requires_grad_(true);
    const torch::Tensor w = c.weight.clone().requires_grad_(headTrains);
    const torch::Tensor loss = summedLinearCrossEntropy(h, w, c.targets, c.mask);
    (loss * 0.37).backward();  // a non-unit upstream gradient, as the trainer's 1/targets is

    // The reference: the plain path in double.
    const torch::Tensor hd = c.hidden.to(torch::kFloat64).requires_grad_(true);
    const torch::Tensor wd = c.weight.to(torch::kFloat64).requires_grad_(true);
    const torch::Tensor nll = torch::nn::functional::cross_entropy(
        torch::matmul(hd, wd.t()), c.targets, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
    const torch::Tensor reference = (nll * c.mask.to(torch::kFloat64)).sum();
    (reference * 0.37).backward();

    QCOMPARE(loss.dim(), int64_t(0));
    const double lossError = std::abs(loss.item<double>() - reference.item<double>()) / std::max(1.0, std::abs(reference.item<double>()));
    QVERIFY2(lossError < 1e-5, qPrintable(QStringLiteral("loss %1 vs %2").arg(loss.item<double>()).arg(reference.item<double>())));
    QVERIFY2(maxRelative(h.grad(), hd.grad()) < 1e-5, qPrintable(QStringLiteral("hidden gradient off by %1").arg(maxRelative(h.grad(), hd.grad()))));
    if (headTrains) {
        QVERIFY2(maxRelative(w.grad(), wd.grad()) < 1e-5, qPrintable(QStringLiteral("weight gradient off by %1").arg(maxRelative(w.grad(), wd.grad()))));
    } else {
        QVERIFY(!w.grad().defined());  // a frozen head gets no gradient, and none is computed
    }
    if (mask == QLatin1String("none"))
        QCOMPARE(h.grad().abs().sum().item<double>(), 0.0);
}

void TestLinearCrossEntropy::noGradGivesTheSameLoss()
{
    const Case c = makeCase(400, 24, 50257, QStringLiteral("weighted"), 11);
    const double withGrad = summedLinearCrossEntropy(c.hidden.clone().requires_grad_(true), c.weight, c.targets, c.mask).item<double>();
    torch::NoGradGuard noGrad;
    const double without = summedLinearCrossEntropy(c.hidden, c.weight, c.targets, c.mask).item<double>();
    QCOMPARE(without, withGrad);
}

void TestLinearCrossEntropy::secondBackwardIsRefused()
{
    const Case c = makeCase(16, 8, 259, QStringLiteral("all"), 3);
    const torch::Tensor h = c.hidden.clone().requires_grad_(true);
    const torch::Tensor loss = summedLinearCrossEntropy(h, c.weight, c.targets, c.mask);
    loss.backward({}, /*retain_graph=*/true);
    bool refused = false;
    try {
        loss.backward();
    } catch (const c10::Error &e) {
        refused = QString::fromUtf8(e.what()).contains(QLatin1String("backward runs once"));
    }
    QVERIFY(refused);
}

QTEST_GUILESS_MAIN(TestLinearCrossEntropy)
#include "test_linear_cross_entropy.moc"
