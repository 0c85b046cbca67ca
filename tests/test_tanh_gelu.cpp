// Core: the engine's one-pass GELU (tanh form) equals the same function computed in double, in
// value and gradient, over the whole float range; keeps NaN; leaves other dtypes to LibTorch.
#include "model/TanhGelu.h"

#include <torch/torch.h>

#include <QtTest>

using namespace peftbench;

class TestTanhGelu : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesLibTorch_data();
    void matchesLibTorch();
    void nanStaysNan();
    void otherDtypesUseLibTorch();
    void gradientMatchesFiniteDifferences();
};

void TestTanhGelu::matchesLibTorch_data()
{
    QTest::addColumn<double>("low");
    QTest::addColumn<double>("high");
    QTest::addColumn<int>("count");  // not a multiple of the vector width, so loop tails run too
    QTest::newRow("activations") << -6.0 << 6.0 << 100003;
    QTest::newRow("near zero") << -1e-3 << 1e-3 << 4099;
    QTest::newRow("large") << -200.0 << 200.0 << 40001;
    QTest::newRow("huge") << -1e30 << 1e30 << 1025;
    QTest::newRow("one") << 0.5 << 0.5 << 1;
}

void TestTanhGelu::matchesLibTorch()
{
    QFETCH(double, low);
    QFETCH(double, high);
    QFETCH(int, count);
    const torch::Tensor x = torch::linspace(low, high, count);
    const torch::Tensor a = x.clone().requires_grad_(true);
    // The reference: the same function in double, written as x·σ(2u), which has no cancellation
    // (0.5 x (1 + tanh u) loses the whole negative tail to 1 + tanh u, in float and in double).
    const torch::Tensor b = x.to(torch::kFloat64).requires_grad_(true);
    const torch::Tensor z = 2 * 0.7978845608028654 * (b + 0.044715 * b.pow(3));
    const torch::Tensor reference = b * torch::sigmoid(z);
    const torch::Tensor ours = tanhGelu(a);
    const torch::Tensor weights = torch::linspace(-1.0, 1.0, count);  // a gradient that is not all ones
    (ours * weights).sum().backward();
    (reference * weights.to(torch::kFloat64)).sum().backward();

    // Float's own limit: exp(z) in float is off by |z| float epsilons, relative.
    const torch::Tensor allowed = 1e-6 + 2e-7 * z.detach().abs().clamp_max(1e3);
    const auto worst = [&](const torch::Tensor &got, const torch::Tensor &want, const torch::Tensor &scale) {
        return ((got.to(torch::kFloat64) - want).abs() / (scale + 1e-30) / allowed).max().item<double>();
    };
    const double valueError = worst(ours.detach(), reference.detach(), reference.detach().abs());
    // The gradient w (σ + x σ(1−σ) u') is a difference where it crosses zero: measure its error
    // against the size of the two terms, which is what float can hold.
    const torch::Tensor s = torch::sigmoid(z.detach());
    const torch::Tensor du = 2 * 0.7978845608028654 * (1 + 3 * 0.044715 * b.detach().pow(2));
    const torch::Tensor terms = weights.to(torch::kFloat64).abs() * (s + (b.detach() * s * (1 - s) * du).abs());
    const double gradError = worst(a.grad(), b.grad(), 4 * terms);
    QVERIFY2(valueError <= 1.0, qPrintable(QStringLiteral("value error %1× what float allows").arg(valueError)));
    QVERIFY2(gradError <= 1.0, qPrintable(QStringLiteral("gradient error %1× what float allows").arg(gradError)));
}

void TestTanhGelu::nanStaysNan()
{
    const torch::Tensor x = torch::tensor({1.0f, std::numeric_limits<float>::quiet_NaN(), -1.0f}).requires_grad_(true);
    const torch::Tensor y = tanhGelu(x);
    QVERIFY(std::isnan(y[1].item<float>()));
    QVERIFY(std::isfinite(y[0].item<float>()) && std::isfinite(y[2].item<float>()));
    y.sum().backward();
    QVERIFY(std::isnan(x.grad()[1].item<float>()));  // a diverging run must still be seen to diverge
}

void TestTanhGelu::otherDtypesUseLibTorch()
{
    const torch::Tensor x = torch::linspace(-4.0, 4.0, 257, torch::kFloat64);
    QVERIFY(torch::equal(tanhGelu(x), torch::gelu(x, "tanh")));
    const torch::Tensor h = x.to(torch::kBFloat16);
    QVERIFY(torch::equal(tanhGelu(h), torch::gelu(h, "tanh")));
}

void TestTanhGelu::gradientMatchesFiniteDifferences()
{
    // Independent of LibTorch's gelu: central differences of the forward in double.
    const std::vector<double> points = {-5.0, -2.0, -0.7, -1e-2, 0.0, 0.3, 1.0, 2.5, 7.0};
    for (double p : points) {
        const torch::Tensor x = torch::tensor({float(p)}).requires_grad_(true);
        tanhGelu(x).sum().backward();
        const auto gelu = [](double v) { return 0.5 * v * (1.0 + std::tanh(0.7978845608028654 * (v + 0.044715 * v * v * v))); };
        const double h = 1e-4;
        const double want = (gelu(p + h) - gelu(p - h)) / (2 * h);
        const double got = x.grad().item<double>();
        QVERIFY2(std::abs(got - want) < 1e-5, qPrintable(QStringLiteral("at %1: %2 vs %3").arg(p).arg(got).arg(want)));
    }
}

QTEST_GUILESS_MAIN(TestTanhGelu)
#include "test_tanh_gelu.moc"
