#pragma once
// Finished runs written straight into a run store, without training: their metrics, evaluations
// and summaries follow a profile per method. The compare view's tests draw them, and the UI
// benchmark (tests/bench) times opening ten of them.

#include "experiment/ConfigReader.h"
#include "experiment/ExperimentSubmission.h"
#include "store/RunStore.h"

#include <cmath>
#include <utility>
#include <vector>

namespace peftbench::testing {

inline constexpr double kMiB = 1024.0 * 1024.0;

// What one configuration measures; repeat k shifts it slightly (more memory, less accuracy), so
// the seed-0 run of each method dominates its repeat.
struct Profile {
    int64_t trainable;
    int64_t adapterBytes;
    double peakMiB, weightsMiB, gradientsMiB, optimizerMiB, baselineMiB;
    double secondsPerStep;
    double tokensPerSecond;
    double bestValLoss;
    double accuracy;
    double gap;
};

inline const Profile kPromptTuning{2'048, 8'192, 300, 100, 0.01, 0.02, 150, 0.05, 10'000, 2.0, 0.70, 0.02};
// On a model this small LoRA is about as slow per step as full fine-tuning, and full fine-tuning
// here generalizes best: the claims panel then shows all three verdicts.
inline const Profile kLora{40'960, 163'840, 340, 100, 0.2, 0.4, 150, 0.109, 8'500, 1.6, 0.85, 0.05};
inline const Profile kFull{1'200'000, 4'800'000, 420, 100, 20, 40, 150, 0.11, 4'600, 1.5, 0.88, 0.01};

inline int repeatOf(const RunRecord &run)
{
    return run.name.endsWith(QStringLiteral("#2")) ? 1 : 0;
}

inline double accuracyOf(const Profile &p, int repeat)
{
    return p.accuracy - 0.01 * repeat;
}

inline double peakOf(const Profile &p, int repeat)
{
    return (p.peakMiB + 2.0 * repeat) * kMiB;
}

// Metrics and a summary written through the store's API, as a finished run leaves them.
inline void recordRun(RunStore &store, const RunRecord &run, const Profile &p, int steps, int evalEvery)
{
    const int repeat = repeatOf(run);
    const double seconds = p.secondsPerStep * (1.0 + 0.02 * repeat);
    std::vector<StepMetrics> rows;
    for (int i = 1; i <= steps; ++i) {
        StepMetrics m;
        m.step = i;
        m.trainLoss = p.bestValLoss - 0.1 + 2.0 * std::exp(-i / 10.0) + 0.05 * std::sin(i * 1.7 + repeat);
        m.learningRate = 1e-3;
        m.gradNorm = 1.0;
        m.stepSeconds = seconds;
        m.tokensPerSecond = p.tokensPerSecond;
        m.tokensSeen = int64_t(i) * 8 * 64;
        m.epoch = i * 0.125;
        m.wallSeconds = i * seconds + 0.3;
        m.memoryBytes = int64_t(peakOf(p, repeat) * 0.9);
        m.memoryPeakBytes = int64_t(peakOf(p, repeat));
        rows.push_back(m);
    }
    std::vector<EvalMetrics> evaluations;
    for (int s = 0; s <= steps; s += evalEvery) {
        EvalMetrics e;
        e.step = s;
        e.valLoss = p.bestValLoss + 1.5 * std::exp(-s / 12.0) + 0.01 * repeat;
        e.metricName = QStringLiteral("accuracy");
        e.metric = accuracyOf(p, repeat) - 0.2 * std::exp(-s / 12.0);
        evaluations.push_back(e);
    }
    store.appendMetrics(run.id, rows, evaluations, false);

    RunSummary s;
    s.totalParams = 1'200'000 + (run.method == QLatin1String("full") ? 0 : p.trainable);
    s.trainableParams = p.trainable;
    s.trainablePercent = 100.0 * double(p.trainable) / double(s.totalParams);
    s.memoryLabel = QStringLiteral("RAM");
    s.peakMemoryBytes = int64_t(peakOf(p, repeat));
    s.memory.baselineBytes = int64_t(p.baselineMiB * kMiB);
    s.memory.weightBytes = int64_t(p.weightsMiB * kMiB);
    s.memory.gradientBytes = int64_t(p.gradientsMiB * kMiB);
    s.memory.optimizerBytes = int64_t(p.optimizerMiB * kMiB);
    s.memory.otherBytes = s.peakMemoryBytes - s.memory.baselineBytes - s.memory.weightBytes - s.memory.gradientBytes
                          - s.memory.optimizerBytes;
    s.adapterBytes = p.adapterBytes;
    s.adapterPath = QStringLiteral("/nowhere/adapter-%1.pwbc").arg(run.id);
    s.steps = steps;
    s.wallSeconds = steps * seconds + 0.3;
    s.meanStepSeconds = seconds;
    s.tokensPerSecond = p.tokensPerSecond;
    s.metricName = QStringLiteral("accuracy");
    s.bestValLoss = evaluations.back().valLoss;
    s.bestStep = steps;
    s.finalValLoss = evaluations.back().valLoss;
    s.finalTrainLoss = s.finalValLoss - p.gap;
    s.generalizationGap = p.gap + 0.005 * repeat;
    s.bestMetric = accuracyOf(p, repeat);
    s.finalMetric = accuracyOf(p, repeat);
    s.testLoss = s.finalValLoss + 0.01;
    s.testMetric = accuracyOf(p, repeat);
    s.testMacroF1 = accuracyOf(p, repeat) - 0.02;
    s.deviceName = QStringLiteral("CPU");
    s.threads = 2;
    store.saveSummary(run.id, s, QStringLiteral("{\"device\":\"cpu\"}"));
    store.setRunStatus(run.id, RunStatus::Completed);
}

// An experiment of `templates` run templates × 2 seeds, recorded without training; the ids in
// queue order (seed 42 first, then seed 43).
inline std::vector<qint64> syntheticExperiment(const QString &databasePath, const QByteArray &name,
                                        const std::vector<std::pair<QByteArray, Profile>> &templates, int steps,
                                        int evalEvery)
{
    QByteArray yaml = "name: " + name + "\n"
                      "base_model: builtin:byte-gpt\n"
                      "dataset: {source: builtin:spam, task: classification, max_length: 64}\n"
                      "train: {steps: " + QByteArray::number(steps) + ", batch_size: 8, eval_every: "
                      + QByteArray::number(evalEvery) + ", seed: 42}\n"
                      "repeats: 2\n"
                      "runs:\n";
    for (const auto &t : templates)
        yaml += "  - " + t.first + "\n";
    const ExperimentConfig config = parseExperimentConfig(yaml, QStringLiteral("synthetic.yaml"));
    RunStore store(databasePath);
    const SubmittedExperiment submitted = submitExperiment(store, config);
    std::vector<qint64> ids;
    for (size_t i = 0; i < submitted.runIds.size(); ++i) {
        const RunRecord run = *store.run(submitted.runIds[i]);
        recordRun(store, run, templates[i % templates.size()].second, steps, evalEvery);
        ids.push_back(run.id);
    }
    return ids;
}

// Ten runs of 500 steps (five configurations × 2 seeds): what opening the compare view is timed on.
inline std::vector<qint64> tenRunExperiment(const QString &databasePath)
{
    Profile lora2 = kLora, lora16 = kLora, fullLow = kFull;
    lora2.trainable = 20'480;
    lora16.trainable = 163'840;
    fullLow.accuracy = 0.80;
    return syntheticExperiment(databasePath, "ten-runs",
                               {{"{method: prompt_tuning}", kPromptTuning},
                                {"{method: lora, lora: {r: 2}}", lora2},
                                {"{method: lora, lora: {r: 16}}", lora16},
                                {"{method: full, lr: 0.0003}", kFull},
                                {"{method: full, lr: 0.00003}", fullLow}},
                               500, 50);
}

}  // namespace peftbench::testing
