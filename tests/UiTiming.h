#pragma once
// How long the UI thread is kept busy, measured one way for the GUI tests (which fail only far
// above the targets) and for the UI benchmark (tests/bench/ui_bench.cpp, which prints the figures
// against SPEC §9's targets): a heartbeat's longest gap, a chart's worst redraw, the time to open
// a comparison.
#include "CompareView.h"
#include "LiveMetricBuffer.h"
#include "LiveRunView.h"
#include "MainWindow.h"
#include "MetricPlot.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace peftbench::testing {

// A timer beating every few milliseconds on the UI thread: the longest gap between two beats
// (or between start() and the first) is the longest time the UI could not react, whatever kept
// it busy (store reads, chart redraws, signals).
class UiStallMeter {
public:
    explicit UiStallMeter(int intervalMs = 5)
    {
        m_heartbeat.setInterval(intervalMs);
        QObject::connect(&m_heartbeat, &QTimer::timeout, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_longestGapNs = std::max(m_longestGapNs, now - m_lastBeatNs);
            m_lastBeatNs = now;
        });
    }

    void start()
    {
        m_longestGapNs = m_lastBeatNs = 0;
        m_clock.start();
        m_heartbeat.start();
    }
    void stop() { m_heartbeat.stop(); }

    double longestGapMs() const { return double(m_longestGapNs) / 1e6; }
    double elapsedMs() const { return double(m_clock.nsecsElapsed()) / 1e6; }

private:
    QTimer m_heartbeat;
    QElapsedTimer m_clock;
    qint64 m_lastBeatNs = 0;
    qint64 m_longestGapNs = 0;
};

struct TrainingStall {
    bool finished = false;   // false: still training when the timeout came
    double longestStallMs = 0;
    double trainingMs = 0;
};

// Launches `experimentPath` in `window` and runs the event loop until its runs are done (or
// `timeoutMs` passes), measuring the UI thread's longest stall meanwhile.
inline TrainingStall measureStallWhileTraining(MainWindow &window, const QString &experimentPath, int timeoutMs)
{
    window.launch(experimentPath);
    TrainingStall result;
    if (!window.isTraining())
        return result;
    UiStallMeter meter;
    meter.start();
    // Checked from a timer rather than a busy loop, so the UI thread takes no CPU from training.
    const QDeadlineTimer deadline(timeoutMs);
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(20);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (!window.isTraining() || deadline.hasExpired())
            loop.quit();
    });
    poll.start();
    loop.exec();
    meter.stop();
    result.finished = !window.isTraining();
    result.longestStallMs = meter.longestGapMs();
    result.trainingMs = meter.elapsedMs();
    return result;
}

// `steps` steps of a long run as the training thread hands them to the live view: a decaying,
// noisy loss, a saw-tooth memory curve and a throughput.
inline LiveMetrics syntheticLiveMetrics(qint64 runId, int steps)
{
    LiveMetrics live{runId, {}, {}};
    live.steps.reserve(size_t(steps));
    for (int s = 1; s <= steps; ++s) {
        StepMetrics m;
        m.step = s;
        m.trainLoss = 3.0 * std::exp(-s / 30000.0) + 0.2 * std::sin(s * 0.7);
        m.memoryBytes = int64_t(200 + s % 50) << 20;
        m.memoryPeakBytes = int64_t(260) << 20;
        m.tokensPerSecond = 1000 + s % 100;
        live.steps.push_back(m);
    }
    return live;
}

// The slowest of `repeats` full, immediate redraws of `plot` (call after one warm-up draw).
inline double worstRedrawMs(QCustomPlot &plot, int repeats)
{
    double worst = 0;
    for (int i = 0; i < repeats; ++i) {
        QElapsedTimer timer;
        timer.start();
        plot.replot(QCustomPlot::rpImmediateRefresh);
        worst = std::max(worst, double(timer.nsecsElapsed()) / 1e6);
    }
    return worst;
}

// Opens `runIds` in `view` and processes the queued chart redraws: the time a user waits for the
// comparison to appear. Empty when the view refuses the runs (see view.lastError()).
inline std::optional<double> compareOpenMs(CompareView &view, const std::vector<qint64> &runIds)
{
    QCoreApplication::processEvents();
    QElapsedTimer timer;
    timer.start();
    if (!view.compareRuns(runIds))
        return std::nullopt;
    QCoreApplication::processEvents();
    return double(timer.nsecsElapsed()) / 1e6;
}

}  // namespace peftbench::testing
