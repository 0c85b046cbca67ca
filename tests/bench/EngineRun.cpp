#include "EngineRun.h"

#include "system/CpuBlockCache.h"
#include "train/Trainer.h"

#include <sys/resource.h>

#include <atomic>
#include <random>

namespace peftbench::bench {

namespace {

// bos + seqLen uniform tokens per example; every position but the first is a target. Random
// tokens cost the model exactly what text does, and need no dataset on disk.
std::shared_ptr<TrainingData> randomTokens(const BenchCase &c)
{
    auto data = std::make_shared<TrainingData>();
    data->task = TaskKind::CausalLm;
    data->padId = c.bosId;  // never used: every example has the same length
    data->byteLevel = c.config.vocabSize == 259;
    std::mt19937_64 rng(c.seed);
    std::uniform_int_distribution<int64_t> token(0, c.tokenRange - 1);
    for (int64_t i = 0; i < c.examples; ++i) {
        TokenizedExample ex;
        ex.tokens.push_back(c.bosId);
        for (int64_t t = 0; t < c.seqLen; ++t)
            ex.tokens.push_back(token(rng));
        ex.lossMask.assign(ex.tokens.size(), 1);
        ex.lossMask[0] = 0;
        data->train.push_back(std::move(ex));
    }
    // Validation and test stay empty: the trainer then skips those evaluations entirely.
    return data;
}

double seconds(const timeval &t)
{
    return double(t.tv_sec) + double(t.tv_usec) * 1e-6;
}

// Called on the training thread right after each step, before any evaluation.
struct StepRecorder : TrainingObserver {
    std::vector<StepMetrics> steps;
    std::vector<double> cpuAfterStep, faultsAfterStep;
    CpuBlockCacheStats cache;  // while the run still holds the cache: the last run's end resets it
    void onStep(const StepMetrics &m) override
    {
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);  // the whole process: every OpenMP thread
        cpuAfterStep.push_back(seconds(usage.ru_utime) + seconds(usage.ru_stime));
        faultsAfterStep.push_back(double(usage.ru_minflt));
        steps.push_back(m);
        cache = cpuBlockCacheStats();
    }
};

}  // namespace

SideResult runEngineCase(const BenchCase &c)
{
    TrainRequest request;
    request.baseConfig = c.config;  // no baseWeights: GPT-2 init (Transformer::initializeWeights)
    request.method = c.method;
    request.params = c.trainingParams();
    request.data = randomTokens(c);

    StepRecorder recorder;
    const std::atomic<bool> cancel{false};
    const TrainResult result = trainRun(request, &recorder, cancel);
    if (result.status != RunStatus::Completed)
        return SideResult::failure(QStringLiteral("engine"), c.name,
                                   QStringLiteral("%1: %2").arg(runStatusName(result.status), result.error));
    if (recorder.steps.empty())
        return SideResult::failure(QStringLiteral("engine"), c.name, QStringLiteral("no step was reported"));

    SideResult r;
    r.ok = true;
    r.side = QStringLiteral("engine");
    r.name = c.name;
    r.threads = result.summary.threads;
    for (const StepMetrics &m : recorder.steps)
        r.stepSeconds.push_back(m.stepSeconds);
    r.cpuAfterStep = recorder.cpuAfterStep;
    r.faultsAfterStep = recorder.faultsAfterStep;
    r.warmupSteps = c.warmupSteps;
    r.tokensPerStep = c.tokensPerStep();
    // The last step's peak, not the summary's: finish() evaluates and writes the adapter (the
    // whole model for full fine-tuning) afterwards, which is not training memory.
    r.peakRssBytes = recorder.steps.back().memoryPeakBytes;
    r.baselineRssBytes = result.summary.memory.baselineBytes;
    if (recorder.cache.peakMappedBytes > 0)  // 0: the cache was disabled (the bench's alloc cases)
        r.cacheReserveBytes = recorder.cache.peakMappedBytes - recorder.cache.peakLiveBytes;
    r.totalParams = result.summary.totalParams;
    r.trainableParams = result.summary.trainableParams;
    r.firstLoss = recorder.steps.front().trainLoss;
    r.lastLoss = recorder.steps.back().trainLoss;
    r.derive();
    return r;
}

}  // namespace peftbench::bench
