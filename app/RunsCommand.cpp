// peftbench runs list | show ID | delete ID: what the run store holds.
#include "Commands.h"

#include "CommandOptions.h"

#include "experiment/ComparisonTable.h"
#include "experiment/RunExecutor.h"
#include "store/RunStore.h"
#include "store/StoreError.h"

#include <QDir>
#include <QFileInfo>

#include <cmath>

namespace peftbench {

namespace {

QString timeText(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(Qt::ISODate) : QStringLiteral("-");
}

int listRuns(RunStore &store, const RunFilter &filter)
{
    std::vector<ComparisonRow> rows;
    for (const RunRecord &r : store.runs(filter))
        rows.push_back({r.id, r.name, r.method, r.status, store.summary(r.id)});
    if (rows.empty()) {
        printOut(QStringLiteral("no runs in %1\n").arg(store.path()));
        return 0;
    }
    printOut(comparisonTable(rows));
    return 0;
}

int showRun(RunStore &store, int64_t id)
{
    const std::optional<RunRecord> r = store.run(id);
    if (!r) {
        printError(QStringLiteral("runs show: no run %1 in %2").arg(id).arg(store.path()));
        return 2;
    }
    QString text = QStringLiteral("run %1: %2\n").arg(r->id).arg(r->name);
    text += QStringLiteral("  experiment  %1\n  method      %2\n  status      %3\n").arg(r->experimentId).arg(r->method, runStatusName(r->status));
    if (!r->error.isEmpty())
        text += QStringLiteral("  message     %1\n").arg(r->error);
    text += QStringLiteral("  created     %1\n  started     %2\n  finished    %3\n")
                .arg(timeText(r->createdAt), timeText(r->startedAt), timeText(r->finishedAt));
    if (!r->fingerprintJson.isEmpty())
        text += QStringLiteral("  environment %1\n").arg(r->fingerprintJson);
    if (const std::optional<RunSummary> s = store.summary(id)) {
        text += QStringLiteral("\nsummary\n");
        const auto row = [&](const QString &name, const QString &value) {
            text += QStringLiteral("  %1 %2\n").arg(name.leftJustified(22), value);
        };
        row(QStringLiteral("parameters"), QStringLiteral("%1 total, %2 trainable (%3%)")
                                              .arg(s->totalParams)
                                              .arg(s->trainableParams)
                                              .arg(s->trainablePercent, 0, 'g', 3));
        row(QStringLiteral("peak ") + s->memoryLabel,
            QStringLiteral("%1 (baseline %2, weights %3, gradients %4, optimizer %5, other %6)")
                .arg(formatBytes(s->peakMemoryBytes), formatBytes(s->memory.baselineBytes), formatBytes(s->memory.weightBytes),
                     formatBytes(s->memory.gradientBytes), formatBytes(s->memory.optimizerBytes),
                     formatBytes(s->memory.otherBytes)));
        row(QStringLiteral("steps"), QStringLiteral("%1 in %2 s, %3 s/step, %4 tokens/s")
                                         .arg(s->steps)
                                         .arg(s->wallSeconds, 0, 'f', 1)
                                         .arg(formatNumber(s->meanStepSeconds, 3), formatNumber(s->tokensPerSecond, 0)));
        row(QStringLiteral("best validation loss"),
            QStringLiteral("%1 at step %2").arg(formatNumber(s->bestValLoss, 4)).arg(s->bestStep));
        row(QStringLiteral("final validation loss"), formatNumber(s->finalValLoss, 4));
        row(QStringLiteral("final train loss"), formatNumber(s->finalTrainLoss, 4));
        row(QStringLiteral("generalization gap"), formatNumber(s->generalizationGap, 4));
        row(QStringLiteral("best ") + s->metricName, formatNumber(s->bestMetric, 4));
        row(QStringLiteral("test loss"), formatNumber(s->testLoss, 4));
        row(QStringLiteral("test ") + s->metricName, formatNumber(s->testMetric, 4));
        if (!std::isnan(s->testMacroF1))
            row(QStringLiteral("test macro-F1"), formatNumber(s->testMacroF1, 4));
        row(QStringLiteral("saved"), QStringLiteral("%1 (%2)").arg(s->adapterPath, formatBytes(s->adapterBytes)));
        row(QStringLiteral("device"), QStringLiteral("%1, %2 threads").arg(s->deviceName).arg(s->threads));
    }
    const std::vector<EvalMetrics> evals = store.evaluations(id);
    if (!evals.empty()) {
        TextTable table({QStringLiteral("step"), QStringLiteral("val loss"), evals.front().metricName},
                        {true, true, true});
        for (const EvalMetrics &e : evals)
            table.addRow({QString::number(e.step), formatNumber(e.valLoss, 4), formatNumber(e.metric, 4)});
        text += QStringLiteral("\nevaluations\n") + table.render();
    }
    const StepSeries steps = store.steps(id);
    if (steps.size() > 0)
        text += QStringLiteral("\n%1 steps recorded, last train loss %2 at step %3\n")
                    .arg(steps.size())
                    .arg(formatNumber(steps.trainLoss.last(), 4))
                    .arg(steps.step.last());
    const std::vector<ArtifactRecord> artifacts = store.artifacts(id);
    if (!artifacts.empty()) {
        text += QStringLiteral("\nfiles\n");
        for (const ArtifactRecord &a : artifacts)
            text += QStringLiteral("  %1 %2 (%3)\n").arg(a.kind.leftJustified(10), a.path, formatBytes(a.bytes));
    }
    text += QStringLiteral("\nconfig\n") + r->configYaml;
    if (!text.endsWith(QLatin1Char('\n')))
        text += QLatin1Char('\n');
    printOut(text);
    return 0;
}

int deleteRun(RunStore &store, const QString &dataDirectory, int64_t id)
{
    const std::optional<RunRecord> r = store.run(id);
    if (!r) {
        printError(QStringLiteral("runs delete: no run %1 in %2").arg(id).arg(store.path()));
        return 2;
    }
    if (r->status == RunStatus::Running) {
        printError(QStringLiteral("runs delete: run %1 is being trained by process %2; cancel it first").arg(id).arg(r->ownerPid));
        return 2;
    }
    store.deleteRun(id);
    QDir folder(runDirectory(dataDirectory, id));
    const bool hadFolder = folder.exists();
    if (hadFolder && !folder.removeRecursively())
        printError(QStringLiteral("runs delete: could not remove every file in %1").arg(folder.path()));
    printOut(QStringLiteral("deleted run %1 '%2'%3\n").arg(id).arg(r->name, hadFolder ? QStringLiteral(" and its folder ") + folder.path() : QString()));
    return 0;
}

}  // namespace

int runsCommand(const QStringList &args)
{
    CommandParser command(QStringLiteral("runs list|show ID|delete ID"),
                          QStringLiteral("List the stored runs with what each cost and gained, show one in full, or delete "
                                         "one with its files."));
    const QCommandLineOption experiment(QStringLiteral("experiment"), QStringLiteral("list: only this experiment's runs."),
                                        QStringLiteral("ID"));
    const QCommandLineOption status(QStringLiteral("status"), QStringLiteral("list: only runs with this status."),
                                    QStringLiteral("STATUS"));
    const QCommandLineOption method(QStringLiteral("method"), QStringLiteral("list: only runs of this method."),
                                    QStringLiteral("METHOD"));
    command.parser().addOption(experiment);
    command.parser().addOption(status);
    command.parser().addOption(method);
    int exitCode = 0;
    const std::optional<CommandOptions> options = command.parse(args, 1, 2, exitCode);
    if (!options)
        return exitCode;
    const QString action = options->positional.first();
    const bool needsId = action == QLatin1String("show") || action == QLatin1String("delete");
    if ((action != QLatin1String("list") && !needsId) || needsId != (options->positional.size() == 2)) {
        printError(QStringLiteral("usage: peftbench runs list|show ID|delete ID (got '%1')").arg(options->positional.join(QLatin1Char(' '))));
        return 2;
    }
    int64_t id = 0;
    if (needsId) {
        const std::optional<int64_t> parsed = parseRunId(options->positional[1], QStringLiteral("runs ") + action);
        if (!parsed)
            return 2;
        id = *parsed;
    }
    RunFilter filter;
    if (command.parser().isSet(experiment)) {
        bool ok = false;
        filter.experimentId = command.parser().value(experiment).toLongLong(&ok);
        if (!ok) {
            printError(QStringLiteral("--experiment: expected an experiment id, got '%1'").arg(command.parser().value(experiment)));
            return 2;
        }
    }
    if (command.parser().isSet(status)) {
        filter.status = runStatusFromName(command.parser().value(status));
        if (!filter.status) {
            printError(QStringLiteral("--status: unknown status '%1' (expected queued, running, completed, cancelled, failed, "
                                      "diverged or interrupted)")
                           .arg(command.parser().value(status)));
            return 2;
        }
    }
    filter.method = command.parser().value(method);
    try {
        RunStore store(RunStore::pathInDataDirectory(options->dataDirectory));
        store.markAbandonedRunsInterrupted();
        if (action == QLatin1String("list"))
            return listRuns(store, filter);
        if (action == QLatin1String("show"))
            return showRun(store, id);
        return deleteRun(store, options->dataDirectory, id);
    } catch (const StoreError &e) {
        printFailure(e);
        return 2;
    }
}

}  // namespace peftbench
