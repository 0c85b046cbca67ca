#pragma once
// One side's measurement of one case. Both the engine child and pytorch_reference.py print it
// as one JSON line, so the parent reads the two the same way.

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <vector>

namespace peftbench::bench {

struct SideResult {
    bool ok = false;
    QString error;                   // why there are no numbers
    QString side;                    // "engine" or "pytorch"
    QString name;                    // the case
    QString version;                 // PyTorch's version (reference side)
    int threads = 0;
    std::vector<double> stepSeconds; // wall time of every step, warm-up included
    std::vector<double> cpuAfterStep;    // process CPU seconds (user + sys, all threads) after each step
    std::vector<double> faultsAfterStep; // process minor page faults after each step
    int64_t warmupSteps = 0;
    int64_t tokensPerStep = 0;
    // Derived from the above by derive(), the same way for both sides:
    double medianStepSeconds = 0;    // over the timed steps only
    double tokensPerSecond = 0;      // tokensPerStep / medianStepSeconds
    double medianCpuSeconds = 0;     // CPU seconds per timed step: less sensitive than wall time to
                                     // other processes on the same cores (with one thread)
    double minorFaultsPerStep = 0;   // fresh pages the kernel zeroes per timed step
    int64_t peakRssBytes = 0;        // VmHWM, reset just before the model is built
    int64_t baselineRssBytes = 0;    // VmRSS at that reset: runtime and libraries
    int64_t cacheReserveBytes = -1;  // engine: CpuBlockCache's most mapped less its most in use; -1 unknown
    int64_t totalParams = 0;
    int64_t trainableParams = 0;
    double firstLoss = 0;            // ~ln(vocab) for both sides: a check that the models match
    double lastLoss = 0;

    void derive();

    QJsonObject toJson() const;
    static SideResult fromJson(const QJsonObject &json);
    static SideResult failure(const QString &side, const QString &name, const QString &error);
};

// Median of the steps after the warm-up (all steps when there are no others).
double medianOfTimedSteps(const std::vector<double> &stepSeconds, int64_t warmupSteps);
// Median per-step increase of a counter sampled after every step, over the timed steps (the first
// step has no previous sample, so with no warm-up it is left out).
double medianTimedIncrease(const std::vector<double> &afterStep, int64_t warmupSteps);

}  // namespace peftbench::bench
