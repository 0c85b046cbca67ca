// UI benchmark (SPEC §9, issue 10 item 5): the longest UI-thread stall while runs train in the
// main window, the worst redraw of a loss chart with 100,000 points per curve, and the time to
// open the compare view on ten runs. Measured with the GUI tests' own code (tests/UiTiming.h),
// here against the targets rather than the tests' generous failure limits. A measurement, not a
// test: prints the figures (one JSON line with --json; peftbench_bench runs it that way) and
// exits 0.
//   peftbench_ui_bench [--train-steps N] [--json]
#include "ExperimentFixtures.h"
#include "SyntheticRuns.h"
#include "UiTiming.h"

#include "CompareView.h"
#include "LiveRunView.h"
#include "MainWindow.h"
#include "MetricPlot.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>

using namespace peftbench;
using namespace peftbench::testing;

namespace {

constexpr int kChartPoints = 100000;
constexpr int kRedraws = 5;

// The live view at the size of a maximised window, holding one run of kChartPoints steps.
double worstChartRedrawMs()
{
    LiveRunView view;
    view.resize(1200, 800);
    view.show();
    RunViewHeader header;
    header.runId = 1;
    header.plannedSteps = kChartPoints;
    header.status = RunStatus::Running;
    view.showRun(header, {}, {});
    view.appendMetrics(syntheticLiveMetrics(1, kChartPoints));
    view.replotNow();  // fits the axes, then draws once (warm-up)
    return worstRedrawMs(*view.lossPlot(), kRedraws);
}

// A fresh view opening ten 500-step runs: the first open a user waits for. -1: refused.
double compareTenRunsMs(const QString &folder, QString &error)
{
    QDir().mkpath(folder);
    const QString database = RunStore::pathInDataDirectory(folder);
    const std::vector<qint64> ids = tenRunExperiment(database);
    CompareView view(database);
    view.resize(1300, 850);
    view.show();
    const std::optional<double> ms = compareOpenMs(view, ids);
    if (!ms)
        error = view.lastError();
    return ms.value_or(-1);
}

// Two runs (LoRA, then full fine-tuning) of the tests' tiny model train on the worker thread
// while the window follows them: a step every few milliseconds, so the live view, the runs
// table and the store reads are as busy as they get.
TrainingStall stallWhileTraining(const QString &folder, int steps)
{
    const QDir dir(folder);
    const QString path = writeFile(dir, QStringLiteral("e.yaml"),
                                   tinyExperiment(dir, "  - {method: lora}\n  - {method: full}\n", steps, std::max(1, steps / 4)));
    MainWindow window({QStringLiteral("CPU"), dir.filePath(QStringLiteral("data")), {}, path, 1, {}});
    window.show();
    return measureStallWhileTraining(window, path, 600000);
}

}  // namespace

int main(int argc, char **argv)
{
    // No display on a build machine: draw offscreen unless told otherwise (QCustomPlot draws into
    // a raster buffer either way).
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    // Its own settings: the window's geometry and layout are saved there, not in the user's.
    QCoreApplication::setOrganizationName(QStringLiteral("peftbench-bench"));
    QCoreApplication::setApplicationName(QStringLiteral("peftbench_ui_bench"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("UI benchmark: UI-thread stall while training, 100k-point chart redraw, "
                                                    "opening the compare view on 10 runs."));
    parser.addHelpOption();
    const QCommandLineOption stepsOption(QStringLiteral("train-steps"),
                                         QStringLiteral("Steps of each of the two runs trained while the stall is measured (default 300)."),
                                         QStringLiteral("N"), QStringLiteral("300"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print the figures as one JSON line."));
    parser.addOptions({stepsOption, jsonOption});
    parser.process(app);
    bool ok = false;
    const int steps = parser.value(stepsOption).toInt(&ok);
    if (!ok || steps < 4) {
        QTextStream(stderr) << QStringLiteral("--train-steps must be a whole number >= 4, not '%1'\n").arg(parser.value(stepsOption));
        return 2;
    }

    QTemporaryDir folder;
    const double redrawMs = worstChartRedrawMs();
    QString compareError;
    const double compareMs = compareTenRunsMs(folder.filePath(QStringLiteral("compare")), compareError);
    const TrainingStall stall = stallWhileTraining(folder.path(), steps);

    QTextStream out(stdout);
    if (parser.isSet(jsonOption)) {
        QJsonObject figures{{QStringLiteral("platform"), QGuiApplication::platformName()},
                            {QStringLiteral("chart_points"), kChartPoints},
                            {QStringLiteral("chart_redraw_worst_ms"), redrawMs},
                            {QStringLiteral("chart_redraws"), kRedraws},
                            {QStringLiteral("compare_open_ms"), compareMs},
                            {QStringLiteral("train_steps_per_run"), steps},
                            {QStringLiteral("training_finished"), stall.finished},
                            {QStringLiteral("training_ms"), stall.trainingMs},
                            {QStringLiteral("longest_stall_ms"), stall.longestStallMs}};
        if (!compareError.isEmpty())
            figures.insert(QStringLiteral("compare_error"), compareError);
        out << QJsonDocument(figures).toJson(QJsonDocument::Compact) << '\n';
        return 0;
    }
    out << QStringLiteral("UI benchmark (%1 platform)\n").arg(QGuiApplication::platformName());
    out << QStringLiteral("  longest UI-thread stall while 2 runs × %1 steps trained (%2 s): %3 ms   target <= 50 ms%4\n")
               .arg(steps).arg(stall.trainingMs / 1000, 0, 'f', 1).arg(stall.longestStallMs, 0, 'f', 1)
               .arg(stall.finished ? QString() : QStringLiteral(" (timed out before the runs finished)"));
    out << QStringLiteral("  loss chart, %1 points per curve: worst of %2 redraws %3 ms   target <= 30 ms\n")
               .arg(kChartPoints).arg(kRedraws).arg(redrawMs, 0, 'f', 1);
    if (compareMs >= 0)
        out << QStringLiteral("  compare view, 10 runs of 500 steps: opened in %1 ms   target <= 1000 ms\n").arg(compareMs, 0, 'f', 0);
    else
        out << QStringLiteral("  compare view refused the 10 runs: %1\n").arg(compareError);
    return 0;
}
