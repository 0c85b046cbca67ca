// Core: LoRA's dropout(x) Aᵀ with a one-byte mask drops each element with probability p, scales
// the kept ones by 1/(1−p), gives exactly the gradients of that masked product (checked in double
// against the mask it used), repeats under the same seed whatever the thread count, and keeps the
// LoRA forward unchanged when dropout is off.
#include "methods/DroppedProjection.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <QtTest>

using namespace peftbench;

namespace {

// The mask a call under seed `seed` draws, read through an identity projection.
torch::Tensor maskUnderSeed(const torch::Tensor &x, double p, uint64_t seed)
{
    torch::manual_seed(seed);
    torch::NoGradGuard noGrad;
    const torch::Tensor identity = torch::eye(x.size(-1));
    return droppedProjection(torch::ones_like(x), identity, p) != 0;
}

}  // namespace

class TestDroppedProjection : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dropsAtTheRateAsked_data();
    void dropsAtTheRateAsked();
    void gradientsMatchTheMaskedProduct_data();
    void gradientsMatchTheMaskedProduct();
    void sameSeedSameMaskAnyThreads();
    void noDropoutIsThePlainProduct();
};

void TestDroppedProjection::dropsAtTheRateAsked_data()
{
    QTest::addColumn<double>("p");
    QTest::newRow("LoRA's usual 0.05") << 0.05;
    QTest::newRow("0.1") << 0.1;
    QTest::newRow("half") << 0.5;
    QTest::newRow("0.9") << 0.9;
}

void TestDroppedProjection::dropsAtTheRateAsked()
{
    QFETCH(double, p);
    const torch::Tensor x = torch::ones({1000, 1001});  // an odd element count: the last pair is half used
    const torch::Tensor kept = maskUnderSeed(x, p, 3);
    const double rate = 1.0 - kept.to(torch::kFloat64).mean().item<double>();
    const double sigma = std::sqrt(p * (1 - p) / double(x.numel()));
    QVERIFY2(std::abs(rate - p) < 5 * sigma, qPrintable(QStringLiteral("dropped %1, asked %2").arg(rate).arg(p)));
    // The kept values are scaled by 1/(1−p).
    torch::manual_seed(3);
    const torch::Tensor y = droppedProjection(x, torch::eye(1001), p);
    const torch::Tensor keptValues = y.masked_select(kept);
    QVERIFY((keptValues - 1.0 / (1.0 - p)).abs().max().item<double>() < 1e-6);
}

void TestDroppedProjection::gradientsMatchTheMaskedProduct_data()
{
    QTest::addColumn<bool>("inputNeedsGrad");
    QTest::newRow("input and A") << true;
    QTest::newRow("A only (the first adapted layer)") << false;
}

void TestDroppedProjection::gradientsMatchTheMaskedProduct()
{
    QFETCH(bool, inputNeedsGrad);
    const double p = 0.2;
    torch::manual_seed(1);
    const torch::Tensor x0 = torch::randn({3, 17, 24});
    const torch::Tensor a0 = torch::randn({4, 24});
    const torch::Tensor weights = torch::randn({3, 17, 4});
    const torch::Tensor mask = maskUnderSeed(x0, p, 9);

    const torch::Tensor x = x0.clone().requires_grad_(inputNeedsGrad);
    const torch::Tensor a = a0.clone().requires_grad_(true);
    torch::manual_seed(9);
    const torch::Tensor y = droppedProjection(x, a, p);
    (y * weights).sum().backward();

    const torch::Tensor xd = x0.to(torch::kFloat64).requires_grad_(true);
    const torch::Tensor ad = a0.to(torch::kFloat64).requires_grad_(true);
    const torch::Tensor reference = torch::matmul(xd * mask / (1 - p), ad.t());
    (reference * weights.to(torch::kFloat64)).sum().backward();

    QVERIFY((y.detach().to(torch::kFloat64) - reference.detach()).abs().max().item<double>() < 1e-5);
    QVERIFY((a.grad().to(torch::kFloat64) - ad.grad()).abs().max().item<double>() < 1e-4);
    if (inputNeedsGrad)
        QVERIFY((x.grad().to(torch::kFloat64) - xd.grad()).abs().max().item<double>() < 1e-5);
    else
        QVERIFY(!x.grad().defined());
}

void TestDroppedProjection::sameSeedSameMaskAnyThreads()
{
    const torch::Tensor x = torch::randn({64, 512});
    const torch::Tensor a = torch::randn({8, 512});
    const int before = at::get_num_threads();
    at::set_num_threads(1);
    torch::manual_seed(21);
    const torch::Tensor one = droppedProjection(x, a, 0.1);
    at::set_num_threads(2);
    torch::manual_seed(21);
    const torch::Tensor two = droppedProjection(x, a, 0.1);
    at::set_num_threads(before);
    QVERIFY(torch::equal(one, two));
    QVERIFY(!torch::equal(one, droppedProjection(x, a, 0.1)));  // the generator moved on: a new mask
}

void TestDroppedProjection::noDropoutIsThePlainProduct()
{
    const torch::Tensor x = torch::randn({5, 32});
    const torch::Tensor a = torch::randn({4, 32});
    QVERIFY(torch::equal(droppedProjection(x, a, 0.0), torch::nn::functional::linear(x, a)));
}

QTEST_GUILESS_MAIN(TestDroppedProjection)
#include "test_dropped_projection.moc"
