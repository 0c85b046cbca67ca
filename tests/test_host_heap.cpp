// Core: while a run trains, re-allocating the same large blocks costs no page faults (the heap
// keeps what it freed, LibTorch's large blocks are cached by size), and when the last run ends the
// free memory goes back to the system.
#include "system/CpuBlockCache.h"
#include "system/HostHeap.h"

#include <c10/core/CPUAllocator.h>
#include <torch/torch.h>

#include <QFile>
#include <QtTest>

#include <sys/resource.h>

#include <cstdlib>
#include <cstring>
#include <vector>

using namespace peftbench;

namespace {

constexpr size_t kBlock = 4u << 20;  // 4 MiB: above glibc's starting mmap threshold, below 32 MiB
constexpr int kBlocks = 24;          // 96 MiB per round, as a step's activations come and go
constexpr long kPage = 4096;

long minorFaults()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
}

long long residentBytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly | QIODevice::Text))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong() * 1024;
    return -1;
}

// Allocates every block as LibTorch does (64-byte aligned), writes all of it, frees it all.
std::vector<void *> allocateRound()
{
    std::vector<void *> blocks;
    for (int i = 0; i < kBlocks; ++i) {
        void *p = nullptr;
        if (posix_memalign(&p, 64, kBlock) != 0)
            return blocks;
        std::memset(p, i + 1, kBlock);
        blocks.push_back(p);
    }
    return blocks;
}

void freeAll(std::vector<void *> &blocks)
{
    for (void *p : blocks)
        std::free(p);
    blocks.clear();
}

// Allocates and frees `rounds` rounds; returns how many blocks the last round got.
int allocateRounds(int rounds)
{
    int got = 0;
    for (int round = 0; round < rounds; ++round) {
        std::vector<void *> blocks = allocateRound();
        got = int(blocks.size());
        freeAll(blocks);
    }
    return got;
}

}  // namespace

class TestHostHeap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reallocationDoesNotFaultWhileTraining();
    void lastRunGivesFreeMemoryBack();
    void tensorBlocksAreReusedWhileTraining_data();
    void tensorBlocksAreReusedWhileTraining();
    void rawAllocationsRoundTrip();
    void sizesThatStopComingAreDropped();
};

void TestHostHeap::reallocationDoesNotFaultWhileTraining()
{
    const long pagesPerRound = long(kBlock) * kBlocks / kPage;
    const long beforeHold = minorFaults();
    allocateRounds(3);  // glibc's defaults, for the record
    qInfo("glibc's defaults: %ld minor faults over 3 rounds of %ld pages", minorFaults() - beforeHold, pagesPerRound);

    const TrainingHeapHold hold;
    QCOMPARE(allocateRounds(2), kBlocks);  // the heap settles at the round's size in two rounds
    const long before = minorFaults();
    allocateRounds(5);
    const long faults = minorFaults() - before;
    qInfo("held heap: %ld minor faults over 5 rounds of %ld pages", faults, pagesPerRound);
    // Re-faulting would cost every page of every round (5 × pagesPerRound); the kernel's own
    // page scanning (NUMA balancing, reclaim) on a busy machine adds a few percent.
    QVERIFY2(faults < pagesPerRound, qPrintable(QStringLiteral("%1 faults in 5 rounds; each round touches %2 pages")
                                                    .arg(faults).arg(pagesPerRound)));
}

void TestHostHeap::lastRunGivesFreeMemoryBack()
{
    long long held = 0;
    {
        const TrainingHeapHold outer;
        {
            const TrainingHeapHold inner;  // a second run ending does not trim under the first
            QCOMPARE(allocateRounds(2), kBlocks);
        }
        const long before = minorFaults();
        allocateRounds(1);  // still held: the pages are already there
        const long faults = minorFaults() - before;
        QVERIFY2(faults < long(kBlock) * kBlocks / kPage / 4,
                 qPrintable(QStringLiteral("%1 faults re-allocating a held round").arg(faults)));
        held = residentBytes();  // read after the rounds: its buffers would otherwise split the free block
    }
    const long long released = residentBytes();
    qInfo("RSS while held %lld MiB, after the last run %lld MiB", held >> 20, released >> 20);
    QVERIFY2(held - released > (long long)kBlock * kBlocks / 2,
             qPrintable(QStringLiteral("RSS went from %1 to %2 bytes").arg(held).arg(released)));
}

void TestHostHeap::tensorBlocksAreReusedWhileTraining_data()
{
    QTest::addColumn<qint64>("elements");
    QTest::newRow("1 MiB") << (qint64(1) << 18);
    QTest::newRow("40 MiB, above glibc's largest mmap threshold") << (qint64(10) << 20);
    QTest::newRow("just over a size step") << qint64(65537);
}

void TestHostHeap::tensorBlocksAreReusedWhileTraining()
{
    QFETCH(qint64, elements);
    const int64_t bytes = elements * 4;
    {
        const TrainingHeapHold hold;
        for (int step = 0; step < 2; ++step) {  // the first step maps, the second reuses
            std::vector<torch::Tensor> live;
            for (int i = 0; i < 4; ++i)
                live.push_back(torch::ones({elements}));
        }
        const CpuBlockCacheStats warm = cpuBlockCacheStats();
        QVERIFY2(warm.cachedBytes >= 4 * bytes, qPrintable(QStringLiteral("%1 bytes cached").arg(warm.cachedBytes)));
        const long before = minorFaults();
        for (int step = 0; step < 5; ++step) {
            std::vector<torch::Tensor> live;
            for (int i = 0; i < 4; ++i)
                live.push_back(torch::ones({elements}));
            QCOMPARE(live.back().sum().item<double>(), double(elements));  // the memory is really written
        }
        const long pages = 5 * 4 * bytes / kPage;
        QVERIFY2(minorFaults() - before < pages / 4 + 64,
                 qPrintable(QStringLiteral("%1 faults for %2 pages written").arg(minorFaults() - before).arg(pages)));
        QCOMPARE(cpuBlockCacheStats().mappedBytes, warm.mappedBytes);  // nothing new was mapped
    }
    // No run trains: the cache is unmapped, and a freed block goes straight back.
    QCOMPARE(cpuBlockCacheStats().cachedBytes, int64_t(0));
    { const torch::Tensor t = torch::ones({elements}); }
    QCOMPARE(cpuBlockCacheStats().cachedBytes, int64_t(0));
}

void TestHostHeap::rawAllocationsRoundTrip()
{
    const TrainingHeapHold hold;
    c10::Allocator *allocator = c10::GetCPUAllocator();
    for (size_t bytes : {size_t(64), size_t(4) << 20}) {  // LibTorch's own, then a cached block
        void *p = allocator->raw_allocate(bytes);
        QVERIFY(p);
        std::memset(p, 1, bytes);
        allocator->raw_deleter()(p);
    }
}

void TestHostHeap::sizesThatStopComingAreDropped()
{
    // A batch's length varies from step to step: 60 different sizes of 2-4 MiB, one alive at a
    // time. Cached by size alone they would map 180 MiB; the cache stays near the largest one.
    const TrainingHeapHold hold;
    int64_t largest = 0, mostMapped = 0;
    for (int step = 0; step < 60; ++step) {
        const int64_t elements = (int64_t(2) << 18) + step * 4099;
        largest = std::max(largest, elements * 4);
        { const torch::Tensor t = torch::ones({elements}); }
        mostMapped = std::max(mostMapped, cpuBlockCacheStats().mappedBytes);
    }
    QVERIFY2(mostMapped <= 3 * largest, qPrintable(QStringLiteral("mapped up to %1 bytes for blocks of at most %2")
                                                       .arg(mostMapped).arg(largest)));
}

QTEST_GUILESS_MAIN(TestHostHeap)
#include "test_host_heap.moc"
