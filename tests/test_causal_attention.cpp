// Core: the engine's fused causal attention equals LibTorch's unfused ops computed in double, in
// output and in the gradient of each operand that needs one; reads q, k and v where they lie
// (head-transposed views, prefixes); gives the same bits at any thread count.
#include "model/CausalAttention.h"

#include <ATen/autocast_mode.h>
#include <torch/torch.h>

#include <QtTest>

#include <cmath>
#include <limits>

using namespace peftbench;

namespace {

// The model's unfused path (AttentionImpl), in whatever dtype the operands have.
torch::Tensor reference(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v, int64_t prefix)
{
    const int64_t B = q.size(0), H = q.size(1), T = q.size(2), hd = q.size(3);
    const torch::Tensor masked = torch::ones({T, prefix + T}, torch::kBool).triu(prefix + 1);
    const torch::Tensor scores = torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(double(hd));
    const torch::Tensor probs = torch::softmax(scores.masked_fill(masked, -std::numeric_limits<double>::infinity()), -1);
    return torch::matmul(probs, v).transpose(1, 2).reshape({B, T, H * hd});
}

// Largest difference relative to the reference's largest magnitude.
double relativeError(const torch::Tensor &got, const torch::Tensor &want)
{
    const torch::Tensor w = want.to(torch::kFloat64);
    return ((got.to(torch::kFloat64) - w).abs().max() / (w.abs().max() + 1e-30)).item<double>();
}

struct Operands {
    torch::Tensor q, k, v;  // float, the leaves the gradients land on
};

// q as the model makes it: [B, T, H, hd] viewed head-major, or already contiguous [B, H, T, hd];
// k and v with `prefix` entries before the sequence's T.
Operands operands(int64_t B, int64_t H, int64_t T, int64_t hd, int64_t prefix, bool transposedQ, uint64_t seed)
{
    torch::manual_seed(seed);
    Operands o;
    o.q = transposedQ ? torch::randn({B, T, H, hd}) : torch::randn({B, H, T, hd});
    o.k = torch::randn({B, H, prefix + T, hd});
    o.v = torch::randn({B, H, prefix + T, hd});
    return o;
}

torch::Tensor headMajor(const torch::Tensor &q, bool transposedQ)
{
    return transposedQ ? q.transpose(1, 2) : q;
}

}  // namespace

class TestCausalAttention : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void matchesUnfusedInDouble_data();
    void matchesUnfusedInDouble();
    void sameBitsAtAnyThreadCount();
    void appliesToCpuFloatOnly();
};

void TestCausalAttention::initTestCase()
{
    if (!fusedCausalAttentionAvailable())
        QSKIP("built without a BLAS: attention takes LibTorch's ops, which the golden model tests cover");
}

void TestCausalAttention::matchesUnfusedInDouble_data()
{
    QTest::addColumn<int>("B");
    QTest::addColumn<int>("H");
    QTest::addColumn<int>("T");
    QTest::addColumn<int>("hd");
    QTest::addColumn<int>("prefix");
    QTest::addColumn<bool>("transposedQ");
    QTest::addColumn<QString>("trained");  // which of q, k, v require grad
    QTest::newRow("model layout, all trained") << 2 << 3 << 9 << 16 << 0 << true << QStringLiteral("qkv");
    QTest::newRow("contiguous q") << 2 << 3 << 9 << 16 << 0 << false << QStringLiteral("qkv");
    QTest::newRow("one position") << 3 << 2 << 1 << 8 << 0 << true << QStringLiteral("qkv");
    QTest::newRow("rows not a multiple of 8") << 1 << 4 << 37 << 8 << 0 << true << QStringLiteral("qkv");
    QTest::newRow("GPT-2 heads") << 2 << 2 << 64 << 64 << 0 << true << QStringLiteral("qkv");
    QTest::newRow("prefix") << 2 << 2 << 7 << 16 << 5 << true << QStringLiteral("qkv");
    QTest::newRow("prefix, frozen queries") << 2 << 2 << 7 << 16 << 5 << true << QStringLiteral("kv");
    QTest::newRow("LoRA on q and v") << 2 << 2 << 11 << 16 << 0 << true << QStringLiteral("qv");
    QTest::newRow("values only") << 1 << 2 << 6 << 8 << 0 << true << QStringLiteral("v");
    QTest::newRow("keys only") << 1 << 2 << 6 << 8 << 2 << false << QStringLiteral("k");
}

void TestCausalAttention::matchesUnfusedInDouble()
{
    QFETCH(int, B);
    QFETCH(int, H);
    QFETCH(int, T);
    QFETCH(int, hd);
    QFETCH(int, prefix);
    QFETCH(bool, transposedQ);
    QFETCH(QString, trained);
    const Operands o = operands(B, H, T, hd, prefix, transposedQ, 11);
    const torch::Tensor q = o.q.clone().requires_grad_(trained.contains(QLatin1Char('q')));
    const torch::Tensor k = o.k.clone().requires_grad_(trained.contains(QLatin1Char('k')));
    const torch::Tensor v = o.v.clone().requires_grad_(trained.contains(QLatin1Char('v')));
    const torch::Tensor q64 = o.q.to(torch::kFloat64).requires_grad_(true);
    const torch::Tensor k64 = o.k.to(torch::kFloat64).requires_grad_(true);
    const torch::Tensor v64 = o.v.to(torch::kFloat64).requires_grad_(true);

    const torch::Tensor qh = headMajor(q, transposedQ);
    QVERIFY(causalAttentionApplies(qh));
    const torch::Tensor ours = causalAttention(qh, k, v, prefix);
    const torch::Tensor want = reference(headMajor(q64, transposedQ), k64, v64, prefix);
    QCOMPARE(ours.sizes().vec(), want.sizes().vec());
    QVERIFY2(relativeError(ours.detach(), want.detach()) < 2e-6,
             qPrintable(QString::number(relativeError(ours.detach(), want.detach()))));

    const torch::Tensor upstream = torch::randn(want.sizes());  // a gradient that is not all ones
    (ours * upstream).sum().backward();
    (want * upstream.to(torch::kFloat64)).sum().backward();
    const std::pair<const char *, std::pair<torch::Tensor, torch::Tensor>> grads[] = {
        {"q", {q, q64}}, {"k", {k, k64}}, {"v", {v, v64}}};
    for (const auto &[name, pair] : grads) {
        const torch::Tensor &got = pair.first;
        if (!got.requires_grad()) {
            QVERIFY2(!got.grad().defined(), name);
            continue;
        }
        QVERIFY2(got.grad().defined(), name);
        QCOMPARE(got.grad().sizes().vec(), got.sizes().vec());
        const double error = relativeError(got.grad(), pair.second.grad());
        QVERIFY2(error < 1e-5, qPrintable(QStringLiteral("d%1: %2").arg(QLatin1String(name)).arg(error)));
    }
}

// Each (batch, head) pair is one thread's whole task, so the thread count changes nothing.
void TestCausalAttention::sameBitsAtAnyThreadCount()
{
    const int before = at::get_num_threads();
    const Operands o = operands(3, 4, 24, 16, 2, true, 5);
    const torch::Tensor upstream = torch::randn({3, 24, 64});
    std::vector<std::vector<torch::Tensor>> results;
    for (int threads : {1, 2, 3}) {
        at::set_num_threads(threads);
        const torch::Tensor q = o.q.clone().requires_grad_(true), k = o.k.clone().requires_grad_(true),
                            v = o.v.clone().requires_grad_(true);
        const torch::Tensor out = causalAttention(q.transpose(1, 2), k, v, 2);
        (out * upstream).sum().backward();
        results.push_back({out.detach(), q.grad(), k.grad(), v.grad()});
    }
    at::set_num_threads(before);
    for (size_t i = 1; i < results.size(); ++i)
        for (size_t j = 0; j < results[0].size(); ++j)
            QVERIFY2(torch::equal(results[i][j], results[0][j]), qPrintable(QStringLiteral("run %1, tensor %2").arg(i).arg(j)));
}

void TestCausalAttention::appliesToCpuFloatOnly()
{
    QVERIFY(causalAttentionApplies(torch::zeros({1, 1, 2, 4})));
    QVERIFY(!causalAttentionApplies(torch::zeros({1, 1, 2, 4}, torch::kFloat64)));
    QVERIFY(!causalAttentionApplies(torch::zeros({1, 1, 2, 4}, torch::kBFloat16)));
    // Under CPU autocast (bf16) the model keeps LibTorch's casting rules.
    at::autocast::set_cpu_enabled(true);
    const bool underAutocast = causalAttentionApplies(torch::zeros({1, 1, 2, 4}));
    at::autocast::set_cpu_enabled(false);
    QVERIFY(!underAutocast);
}

QTEST_GUILESS_MAIN(TestCausalAttention)
#include "test_causal_attention.moc"
