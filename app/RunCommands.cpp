// peftbench run | resume | validate: experiments from YAML through the persisted queue.
#include "Commands.h"

#include "CommandOptions.h"
#include "InterruptFlag.h"
#include "ProgressPrinter.h"

#include "data/DatasetError.h"
#include "experiment/BaseModels.h"
#include "experiment/ComparisonTable.h"
#include "experiment/ConfigError.h"
#include "experiment/ConfigReader.h"
#include "experiment/ExperimentSubmission.h"
#include "experiment/ModelChecks.h"
#include "experiment/RunExpansion.h"
#include "experiment/RunQueue.h"
#include "model/TensorFile.h"
#include "store/RunStore.h"
#include "store/StoreError.h"
#include "tokenizer/Tokenizer.h"

#include <QFileInfo>
#include <QThread>

#include <memory>
#include <unistd.h>

namespace peftbench {

namespace {

// A config that loads, fits its base model and has a usable dataset; the prepared data is kept in
// `cache` for the runs. Prints what is wrong and returns nullopt otherwise.
std::optional<ExperimentConfig> checkExperiment(const QString &path, const QString &dataDirectory, PreparedDataCache *cache)
{
    try {
        ExperimentConfig config = loadExperimentConfig(path);
        const BaseModel base = loadBaseModel(config.baseModel, QFileInfo(path).absolutePath());
        const QStringList problems = validateAgainstModel(config, base.config);
        if (!problems.isEmpty()) {
            printError(problems.join(QLatin1Char('\n')));
            return std::nullopt;
        }
        const std::shared_ptr<const TrainingData> data = prepareTrainingData(
            config.dataset, dataDirectory, QFileInfo(path).absolutePath(), *base.tokenizer, config.train.seed, cache);
        printOut(QStringLiteral("%1: base model %2 (%3, %4 layers, d_model %5, %6 parameters, context %7)\n"
                                "dataset %8 (%9): %10 train / %11 validation / %12 test examples of up to %13 tokens\n")
                     .arg(path, config.baseModel, modelFamilyName(base.config.family))
                     .arg(base.config.nLayers)
                     .arg(base.config.dModel)
                     .arg(formatCount(base.config.parameterCount()))
                     .arg(base.config.contextLength)
                     .arg(config.dataset.source, taskKindName(config.dataset.task))
                     .arg(data->train.size())
                     .arg(data->validation.size())
                     .arg(data->test.size())
                     .arg(config.dataset.maxLength));
        return config;
    } catch (const ConfigError &e) {
        printError(e.message());
    } catch (const DatasetError &e) {
        printError(e.message());
    } catch (const std::exception &e) {
        printFailure(e);
    }
    return std::nullopt;
}

// Prints each run's progress and result as the queue goes.
class QueuePrinter : public RunQueueObserver {
public:
    QueuePrinter(int64_t total) : m_total(total) {}
    TrainingObserver *runStarting(const RunRecord &run) override
    {
        ++m_index;
        const QString label = m_total > 1 ? QStringLiteral("[%1/%2] %3").arg(m_index).arg(m_total).arg(run.name) : run.name;
        printOut(QStringLiteral("%1: run %2 (%3) starting\n").arg(label).arg(run.id).arg(run.method));
        m_progress = std::make_unique<ProgressPrinter>(stdout, label, plannedSteps(run), isatty(STDOUT_FILENO));
        return m_progress.get();
    }
    void runFinished(const RunRecord &run, const RunOutcome &outcome) override
    {
        m_progress->finishLine();
        QString line = QStringLiteral("run %1 %2").arg(run.id).arg(runStatusName(outcome.status));
        if (!outcome.error.isEmpty())
            line += QStringLiteral(": ") + outcome.error;
        if (outcome.status == RunStatus::Completed)
            line += QStringLiteral(" in %1").arg(formatDuration(outcome.summary.wallSeconds));
        printOut(line + QLatin1Char('\n'));
        m_progress.reset();
    }

private:
    int64_t m_total;
    int64_t m_index = 0;
    std::unique_ptr<ProgressPrinter> m_progress;
};

QueueOutcome runQueueOnWorker(const QueueParams &params, RunQueueObserver *observer, const std::atomic<bool> &cancel)
{
    QueueOutcome outcome;
    std::unique_ptr<QThread> worker(QThread::create([&] { outcome = processQueue(params, observer, cancel); }));
    worker->start();
    worker->wait();
    return outcome;
}

void printComparison(RunStore &store, const std::vector<int64_t> &runIds)
{
    std::vector<ComparisonRow> rows;
    for (int64_t id : runIds) {
        if (const std::optional<RunRecord> r = store.run(id))
            rows.push_back({r->id, r->name, r->method, r->status, store.summary(id)});
    }
    printOut(QLatin1Char('\n') + comparisonTable(rows));
}

int exitCodeFor(RunStore &store, const std::vector<int64_t> &runIds)
{
    for (int64_t id : runIds) {
        const std::optional<RunRecord> r = store.run(id);
        if (!r || r->status != RunStatus::Completed)
            return 1;
    }
    return 0;
}

}  // namespace

int validateCommand(const QStringList &args)
{
    CommandParser command(QStringLiteral("validate EXPERIMENT.yaml"),
                          QStringLiteral("Check an experiment config, its base model and dataset, and list the runs it "
                                         "expands to, without training."));
    int exitCode = 0;
    const std::optional<CommandOptions> options = command.parse(args, 1, 1, exitCode);
    if (!options)
        return exitCode;
    const std::optional<ExperimentConfig> config = checkExperiment(options->positional.first(), options->dataDirectory, nullptr);
    if (!config)
        return 2;
    const std::vector<RunSpec> runs = expandRuns(*config);
    TextTable table({QStringLiteral("run"), QStringLiteral("method"), QStringLiteral("lr"), QStringLiteral("seed"),
                     QStringLiteral("steps")},
                    {false, false, true, true, true});
    for (const RunSpec &r : runs)
        table.addRow({r.name, methodKindName(r.method.kind), QString::number(r.train.lr, 'g', 4),
                      QString::number(r.train.seed), QString::number(r.train.steps)});
    printOut(QStringLiteral("valid: %1 runs\n%2").arg(runs.size()).arg(table.render()));
    return 0;
}

int runCommand(const QStringList &args)
{
    CommandParser command(QStringLiteral("run EXPERIMENT.yaml"),
                          QStringLiteral("Validate an experiment, queue its runs in the run store and train them one after "
                                         "another, then print a comparison table. Ctrl-C cancels the current run (stored "
                                         "as cancelled); the runs after it stay queued."));
    int exitCode = 0;
    const std::optional<CommandOptions> options = command.parse(args, 1, 1, exitCode);
    if (!options)
        return exitCode;
    PreparedDataCache cache;
    const std::optional<ExperimentConfig> config = checkExperiment(options->positional.first(), options->dataDirectory, &cache);
    if (!config)
        return 2;

    const QString databasePath = RunStore::pathInDataDirectory(options->dataDirectory);
    SubmittedExperiment submitted;
    try {
        RunStore store(databasePath);
        store.markAbandonedRunsInterrupted();
        submitted = submitExperiment(store, *config);
    } catch (const StoreError &e) {
        printFailure(e);
        return 2;
    }
    printOut(QStringLiteral("experiment %1 '%2': %3 runs queued in %4\n")
                 .arg(submitted.experimentId)
                 .arg(config->name)
                 .arg(submitted.runIds.size())
                 .arg(databasePath));

    const std::atomic<bool> &cancel = installInterruptHandler();
    QueueParams params;
    params.databasePath = databasePath;
    params.dataDirectory = options->dataDirectory;
    params.experimentId = submitted.experimentId;
    params.threads = options->threads;
    params.dataCache = &cache;
    QueuePrinter printer(int64_t(submitted.runIds.size()));
    const QueueOutcome outcome = runQueueOnWorker(params, &printer, cancel);

    try {
        RunStore store(databasePath);
        printComparison(store, submitted.runIds);
        if (!outcome.error.isEmpty())
            printError(outcome.error);
        int queued = 0;
        for (int64_t id : submitted.runIds)
            queued += store.run(id) && store.run(id)->status == RunStatus::Queued;
        if (queued > 0)
            printOut(QStringLiteral("%1 runs are still queued; 'peftbench resume ID' trains one, 'peftbench runs list' "
                                    "shows them.\n")
                         .arg(queued));
        return exitCodeFor(store, submitted.runIds);
    } catch (const StoreError &e) {
        printFailure(e);
        return 1;
    }
}

int resumeCommand(const QStringList &args)
{
    CommandParser command(QStringLiteral("resume RUN_ID"),
                          QStringLiteral("Continue an interrupted, cancelled or failed run from its last checkpoint (or "
                                         "start a queued one)."));
    int exitCode = 0;
    const std::optional<CommandOptions> options = command.parse(args, 1, 1, exitCode);
    if (!options)
        return exitCode;
    const std::optional<int64_t> parsedId = parseRunId(options->positional.first(), QStringLiteral("resume"));
    if (!parsedId)
        return 2;
    const int64_t runId = *parsedId;
    const QString databasePath = RunStore::pathInDataDirectory(options->dataDirectory);
    try {
        RunStore store(databasePath);
        store.markAbandonedRunsInterrupted();
        const std::optional<RunRecord> run = store.run(runId);
        if (!run) {
            printError(QStringLiteral("resume: no run %1 in %2 ('peftbench runs list' shows the runs)").arg(runId).arg(databasePath));
            return 2;
        }
        if (run->status == RunStatus::Completed) {
            printError(QStringLiteral("resume: run %1 already completed").arg(runId));
            return 2;
        }
        if (run->status == RunStatus::Running) {
            printError(QStringLiteral("resume: run %1 is being trained by process %2").arg(runId).arg(run->ownerPid));
            return 2;
        }
    } catch (const StoreError &e) {
        printFailure(e);
        return 2;
    }

    const std::atomic<bool> &cancel = installInterruptHandler();
    QueuePrinter printer(1);
    RunOutcome outcome;
    std::unique_ptr<QThread> worker(QThread::create([&] {
        RunRecord record;
        try {
            RunStore store(databasePath);
            record = *store.run(runId);
        } catch (const std::exception &e) {
            outcome.error = QString::fromUtf8(e.what());
            return;
        }
        RunExecution execution;
        execution.databasePath = databasePath;
        execution.dataDirectory = options->dataDirectory;
        execution.runId = runId;
        execution.threads = options->threads;
        TrainingObserver *training = printer.runStarting(record);
        outcome = executeRun(execution, training, cancel);
        printer.runFinished(record, outcome);
    }));
    worker->start();
    worker->wait();
    try {
        RunStore store(databasePath);
        printComparison(store, {runId});
        return exitCodeFor(store, {runId});
    } catch (const StoreError &e) {
        printFailure(e);
        return 1;
    }
}

}  // namespace peftbench
