// Core: LibTorch computes correctly with the thread count we configure, denormals are flushed,
// and the BLAS/device probes report what this process really uses.
#include "system/ComputeEnvironment.h"
#include "system/GemmBenchmark.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <QtTest>

#include <atomic>
#include <cmath>

using namespace peftbench;

class TestComputeEnvironment : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void threadsAreApplied_data();
    void threadsAreApplied();
    void defaultThreadsIsOnePerCore();
    void matmulMatchesNaiveLoop();
    void denormalsAreFlushed();
    void blasIsNotReference();
    void gemmBenchmarkTimesRealMultiplies();
    void deviceSummaryNamesTheDevice_data();
    void deviceSummaryNamesTheDevice();
    void versionReportListsEverything();
};

void TestComputeEnvironment::threadsAreApplied_data()
{
    QTest::addColumn<int>("threads");
    QTest::newRow("one") << 1;
    QTest::newRow("two") << 2;
    QTest::newRow("three") << 3;
}

void TestComputeEnvironment::threadsAreApplied()
{
    QFETCH(int, threads);
    QCOMPARE(applyComputeSettings({threads}), threads);
    QCOMPARE(at::get_num_threads(), threads);
    QCOMPARE(probeComputeEnvironment().threads, threads);

    // A parallel loop really spreads over that many workers (each chunk records its thread).
    std::atomic<int> maxThread{-1};
    at::parallel_for(0, 1 << 16, 1, [&](int64_t, int64_t) {
        int id = at::get_thread_num();
        int seen = maxThread.load();
        while (id > seen && !maxThread.compare_exchange_weak(seen, id)) {}
    });
    QVERIFY(maxThread.load() < threads);
    if (threads > 1)
        QVERIFY2(maxThread.load() >= 1, "parallel_for ran on one thread only");
}

void TestComputeEnvironment::defaultThreadsIsOnePerCore()
{
    QCOMPARE(applyComputeSettings({0}), std::max(1, QThread::idealThreadCount()));
}

void TestComputeEnvironment::matmulMatchesNaiveLoop()
{
    applyComputeSettings({2});
    torch::manual_seed(7);
    const torch::Tensor a = torch::randn({67, 45});
    const torch::Tensor b = torch::randn({45, 31});
    const torch::Tensor c = torch::mm(a, b);
    auto A = a.accessor<float, 2>();
    auto B = b.accessor<float, 2>();
    auto C = c.accessor<float, 2>();
    for (int i = 0; i < 67; ++i) {
        for (int j = 0; j < 31; ++j) {
            double sum = 0.0;
            for (int k = 0; k < 45; ++k)
                sum += double(A[i][k]) * double(B[k][j]);
            QVERIFY2(std::abs(sum - C[i][j]) < 1e-4, qPrintable(QStringLiteral("c[%1][%2]").arg(i).arg(j)));
        }
    }
}

void TestComputeEnvironment::denormalsAreFlushed()
{
    applyComputeSettings({1});
    const float denormal = 1e-40f;
    QVERIFY(std::fpclassify(denormal) == FP_SUBNORMAL);
    const torch::Tensor t = torch::full({64}, denormal) * 1.0f;
    QCOMPARE(t.abs().max().item<float>(), 0.0f);
}

void TestComputeEnvironment::blasIsNotReference()
{
    const BlasInfo blas = detectBlas();
    QVERIFY2(!blas.isReference, qPrintable(QStringLiteral("reference BLAS in use: %1").arg(blas.detail)));
    QCOMPARE(blas.name, QStringLiteral("OpenBLAS"));  // what installer/bootstrap.sh installs
    QVERIFY(!blas.detail.isEmpty());
}

void TestComputeEnvironment::gemmBenchmarkTimesRealMultiplies()
{
    applyComputeSettings({2});
    const GemmResult r = runGemmBenchmark({256, 0.05});
    QCOMPARE(r.size, 256);
    QVERIFY(r.iterations >= 1);
    QVERIFY(r.seconds >= 0.05);
    QVERIFY(std::isfinite(r.gflops) && r.gflops > 0.0);
    QCOMPARE(r.gflops, 2.0 * 256.0 * 256.0 * 256.0 * r.iterations / r.seconds / 1e9);
}

void TestComputeEnvironment::deviceSummaryNamesTheDevice_data()
{
    QTest::addColumn<bool>("cuda");
    QTest::addColumn<QString>("expected");
    QTest::newRow("cpu") << false << QStringLiteral("CPU: Test CPU 9000 · 4 threads");
    QTest::newRow("cuda") << true << QStringLiteral("CUDA: NVIDIA Test GPU (24.0 GiB VRAM)");
}

void TestComputeEnvironment::deviceSummaryNamesTheDevice()
{
    QFETCH(bool, cuda);
    QFETCH(QString, expected);
    ComputeEnvironment env;
    env.cpuModel = QStringLiteral("Test CPU 9000");
    env.threads = 4;
    if (cuda)
        env.cuda.push_back({0, QStringLiteral("NVIDIA Test GPU"), 24LL << 30});
    QCOMPARE(deviceSummary(env), expected);
}

void TestComputeEnvironment::versionReportListsEverything()
{
    applyComputeSettings({2});
    const ComputeEnvironment env = probeComputeEnvironment();
    const QString report = versionReport(env);
    QVERIFY(report.contains(QStringLiteral(PEFTBENCH_VERSION)));
    QVERIFY(report.contains(QStringLiteral("LibTorch:        %1.").arg(TORCH_VERSION_MAJOR)));
    QVERIFY(report.contains(QStringLiteral("Qt:              ") + QString::fromLatin1(qVersion())));
    QVERIFY(report.contains(QStringLiteral("BLAS:            ") + env.blas.name));
    QVERIFY(report.contains(QStringLiteral("Intra-op threads: 2")));
    QVERIFY(report.contains(QStringLiteral("CUDA:")));
    QCOMPARE(env.cuda.isEmpty(), !torch::cuda::is_available());
}

QTEST_GUILESS_MAIN(TestComputeEnvironment)
#include "test_compute_environment.moc"
