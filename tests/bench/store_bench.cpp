// Run store benchmark (SPEC §9, issue 4): metric rows written per second through the training
// thread's real path (MetricWriter), and the time to load a long run's curves for the charts.
// A measurement, not a test: prints the figures next to their targets and exits 0.
//   peftbench_store_bench [--steps N] [--dir DIR] [--json]
// With --json it prints its figures as one JSON line instead (peftbench_bench runs it that way
// and puts them in its table).
#include "store/MetricWriter.h"
#include "store/RunStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cmath>

using namespace peftbench;

namespace {

StepMetrics syntheticStep(int64_t step)
{
    StepMetrics m;
    m.step = step;
    m.trainLoss = 2.0 + std::sin(double(step) * 0.01);
    m.learningRate = 1e-3;
    m.gradNorm = 0.5;
    m.stepSeconds = 0.1;
    m.tokensPerSecond = 20000;
    m.tokensSeen = step * 2048;
    m.epoch = double(step) / 1000.0;
    m.wallSeconds = double(step) * 0.1;
    m.memoryBytes = 1 << 30;
    m.memoryPeakBytes = 1 << 30;
    return m;
}

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption stepsOption(QStringLiteral("steps"), QStringLiteral("Steps per run (default 100000)."), QStringLiteral("N"),
                                         QStringLiteral("100000"));
    const QCommandLineOption dirOption(QStringLiteral("dir"), QStringLiteral("Folder for the database (default: a temporary one)."),
                                       QStringLiteral("DIR"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print the figures as one JSON line."));
    parser.addOptions({stepsOption, dirOption, jsonOption});
    parser.process(app);
    bool stepsOk = false;
    const int64_t steps = parser.value(stepsOption).toLongLong(&stepsOk);
    if (!stepsOk || steps < 1) {
        QTextStream(stderr) << QStringLiteral("--steps must be a whole number >= 1, not '%1'\n").arg(parser.value(stepsOption));
        return 2;
    }
    QTemporaryDir temporary;
    const QString dir = parser.isSet(dirOption) ? parser.value(dirOption) : temporary.path();
    const QString path = RunStore::pathInDataDirectory(dir);
    QTextStream out(stdout);

    int64_t runId = 0;
    {
        RunStore store(path);
        runId = store.addRun(store.createExperiment(QStringLiteral("bench"), QStringLiteral("name: bench")),
                             QStringLiteral("bench"), QStringLiteral("full"), QStringLiteral("name: bench"), 0);
    }

    // 1. The training thread's path: one onStep per step, commits every 50 steps or 250 ms.
    double writerSeconds = 0;
    {
        QElapsedTimer timer;
        timer.start();
        MetricWriter writer(path, runId);
        for (int64_t s = 1; s <= steps; ++s)
            writer.onStep(syntheticStep(s));
        writer.flush();
        writerSeconds = double(timer.nsecsElapsed()) / 1e9;
    }

    // 2. Loading the whole curve, as a chart does when a run is opened (best of 5 after a warm-up).
    double loadSeconds = 1e9;
    qsizetype loaded = 0;
    {
        RunStore store(path);
        loaded = store.steps(runId).size();
        for (int i = 0; i < 5; ++i) {
            QElapsedTimer timer;
            timer.start();
            loaded = store.steps(runId).size();
            loadSeconds = std::min(loadSeconds, double(timer.nsecsElapsed()) / 1e9);
        }
    }

    const double rowsPerSecond = double(steps) / writerSeconds;
    if (parser.isSet(jsonOption)) {
        const QJsonObject figures{{QStringLiteral("steps"), qint64(steps)},
                                  {QStringLiteral("write_seconds"), writerSeconds},
                                  {QStringLiteral("rows_per_second"), rowsPerSecond},
                                  {QStringLiteral("loaded_steps"), qint64(loaded)},
                                  {QStringLiteral("load_seconds"), loadSeconds}};
        out << QJsonDocument(figures).toJson(QJsonDocument::Compact) << '\n';
        return 0;
    }
    out << QStringLiteral("run store benchmark, %1 steps, %2\n").arg(steps).arg(path);
    out << QStringLiteral("  write via MetricWriter: %1 rows/s (%2 s)   target >= 100000 rows/s: %3\n")
               .arg(rowsPerSecond, 0, 'f', 0)
               .arg(writerSeconds, 0, 'f', 3)
               .arg(rowsPerSecond >= 100000 ? QStringLiteral("met") : QStringLiteral("NOT met"));
    out << QStringLiteral("  load %1 steps for the charts: %2 ms   target <= 200 ms for 100000: %3\n")
               .arg(loaded)
               .arg(loadSeconds * 1000, 0, 'f', 1)
               .arg(loadSeconds * 100000.0 / double(std::max<qsizetype>(1, loaded)) <= 0.2 ? QStringLiteral("met")
                                                                                           : QStringLiteral("NOT met"));
    return 0;
}
