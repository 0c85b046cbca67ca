// Core: the one-pass AdamW step equals LibTorch's AdamW::step() over many steps (weight decay,
// per-group learning rates, parameters without a gradient), keeps its state where LibTorch keeps
// it so either step can continue the other, and declines what it cannot do.
#include "train/FusedAdamW.h"

#include <torch/torch.h>

#include <QtTest>

using namespace peftbench;

namespace {

std::vector<torch::Tensor> parameters(uint64_t seed)
{
    torch::manual_seed(int64_t(seed));
    // Sizes around the parallel grain and odd ones, so loop tails and chunk edges run.
    return {torch::randn({300, 257}).requires_grad_(true), torch::randn({33}).requires_grad_(true),
            torch::randn({1}).requires_grad_(true), torch::randn({70000}).requires_grad_(true)};
}

// The same gradients for both copies at each step: a function of the step and the parameter.
void setGradients(std::vector<torch::Tensor> &ps, int step, bool skipSecond)
{
    for (size_t i = 0; i < ps.size(); ++i) {
        if (skipSecond && i == 1) {
            ps[i].mutable_grad() = torch::Tensor();
            continue;
        }
        torch::manual_seed(int64_t(1000 * step + int(i)));
        ps[i].mutable_grad() = torch::randn(ps[i].sizes()) * (i == 3 ? 1e-3 : 1.0);
    }
}

torch::optim::AdamW adamW(const std::vector<torch::Tensor> &ps, double weightDecay)
{
    // Two groups with their own learning rates, as a trainer with per-group settings would have.
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(std::vector<torch::Tensor>{ps[0], ps[1]});
    auto second = std::make_unique<torch::optim::AdamWOptions>(3e-3);
    second->weight_decay(weightDecay).betas({0.8, 0.95}).eps(1e-6);
    groups.emplace_back(std::vector<torch::Tensor>{ps[2], ps[3]}, std::move(second));
    torch::optim::AdamWOptions defaults(1e-2);
    defaults.weight_decay(weightDecay);
    return torch::optim::AdamW(groups, defaults);
}

// Largest difference relative to the reference's largest magnitude: float rounding differs by an
// ulp here and there (LibTorch's kernels use FMA where the compiler may not).
double worstRelative(const torch::Tensor &a, const torch::Tensor &b)
{
    return ((a - b).abs().max() / (b.abs().max() + 1e-30)).item<double>();
}

}  // namespace

class TestFusedAdamW : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesLibTorchStep_data();
    void matchesLibTorchStep();
    void continuesLibTorchState();
    void declinesWhatItCannotFuse();
};

void TestFusedAdamW::matchesLibTorchStep_data()
{
    QTest::addColumn<double>("weightDecay");
    QTest::addColumn<bool>("skipSecond");  // one parameter without a gradient: left alone, no state
    QTest::newRow("no decay") << 0.0 << false;
    QTest::newRow("decay 0.01") << 0.01 << false;
    QTest::newRow("decay 0.1, a parameter without gradient") << 0.1 << true;
}

void TestFusedAdamW::matchesLibTorchStep()
{
    QFETCH(double, weightDecay);
    QFETCH(bool, skipSecond);
    std::vector<torch::Tensor> ours = parameters(3), theirs = parameters(3);
    torch::optim::AdamW fused = adamW(ours, weightDecay), reference = adamW(theirs, weightDecay);
    const torch::Tensor untouched = ours[1].detach().clone();
    for (int step = 1; step <= 25; ++step) {
        setGradients(ours, step, skipSecond);
        setGradients(theirs, step, skipSecond);
        QVERIFY(fusedAdamWStep(fused));
        reference.step();
    }
    for (size_t i = 0; i < ours.size(); ++i) {
        const double error = worstRelative(ours[i].detach(), theirs[i].detach());
        QVERIFY2(error < 1e-5, qPrintable(QStringLiteral("parameter %1: %2").arg(i).arg(error)));
    }
    if (skipSecond) {
        QVERIFY(torch::equal(ours[1].detach(), untouched));
        QVERIFY(fused.state().find(c10::guts::to_string(ours[1].unsafeGetTensorImpl())) == fused.state().end());
    }
    for (const torch::Tensor &p : ours) {
        const auto it = fused.state().find(c10::guts::to_string(p.unsafeGetTensorImpl()));
        if (it == fused.state().end())
            continue;
        const auto &state = static_cast<const torch::optim::AdamWParamState &>(*it->second);
        QCOMPARE(state.step(), int64_t(25));
        const auto &expected = static_cast<const torch::optim::AdamWParamState &>(
            *reference.state().at(c10::guts::to_string(theirs[size_t(&p - ours.data())].unsafeGetTensorImpl())));
        QVERIFY(worstRelative(state.exp_avg_sq(), expected.exp_avg_sq()) < 1e-5);
    }
}

// A run resumed from a checkpoint written before this step existed, or one falling back to
// LibTorch's step mid-run, continues from the same moments and step count.
void TestFusedAdamW::continuesLibTorchState()
{
    std::vector<torch::Tensor> mixed = parameters(8), reference = parameters(8);
    torch::optim::AdamW a = adamW(mixed, 0.01), b = adamW(reference, 0.01);
    for (int step = 1; step <= 12; ++step) {
        setGradients(mixed, step, false);
        setGradients(reference, step, false);
        if (step % 3 == 0)
            a.step();
        else
            QVERIFY(fusedAdamWStep(a));
        b.step();
    }
    for (size_t i = 0; i < mixed.size(); ++i)
        QVERIFY2(worstRelative(mixed[i].detach(), reference[i].detach()) < 1e-5, qPrintable(QString::number(i)));
}

void TestFusedAdamW::declinesWhatItCannotFuse()
{
    std::vector<torch::Tensor> ps = parameters(4);
    setGradients(ps, 1, false);
    const torch::Tensor before = ps[0].detach().clone();
    {
        torch::optim::AdamWOptions options(1e-2);
        options.amsgrad(true);
        torch::optim::AdamW amsgrad(ps, options);
        QVERIFY(!fusedAdamWStep(amsgrad));
    }
    {
        const torch::Tensor wide = torch::randn({4, 4}, torch::kFloat64).requires_grad_(true);
        wide.mutable_grad() = torch::ones({4, 4}, torch::kFloat64);
        torch::optim::AdamW mixed(std::vector<torch::Tensor>{ps[0], wide}, torch::optim::AdamWOptions(1e-2));
        QVERIFY(!fusedAdamWStep(mixed));
        QVERIFY(mixed.state().empty());
    }
    QVERIFY(torch::equal(ps[0].detach(), before));  // declining changed nothing
}

QTEST_GUILESS_MAIN(TestFusedAdamW)
#include "test_fused_adamw.moc"
