#include "QueueRunner.h"

#include "experiment/RunQueue.h"
#include "experiment/StoredRunEstimate.h"
#include "store/StoreRecords.h"

#include <QThread>


namespace peftbench {

namespace {

// Turns the queue's callbacks (on the worker thread) into the runner's signals.
class SignalObserver : public RunQueueObserver, public TrainingObserver {
public:
    SignalObserver(QueueRunner *runner, LiveMetricBuffer *live, int threads)
        : m_runner(runner), m_live(live), m_threads(threads)
    {
    }

    TrainingObserver *runStarting(const RunRecord &run) override
    {
        m_runId = run.id;
        Q_EMIT m_runner->runStarted(run.id, run.name, plannedSteps(run));
        if (const std::optional<ResourceEstimate> estimate = estimateStoredRun(run, m_threads))
            Q_EMIT m_runner->runEstimated(run.id, *estimate);
        return this;
    }
    void runFinished(const RunRecord &run, const RunOutcome &outcome) override
    {
        Q_EMIT m_runner->runFinished(run.id, runStatusName(outcome.status), outcome.error);
    }
    void onStep(const StepMetrics &m) override { m_live->addStep(m_runId, m); }
    void onEvaluation(const EvalMetrics &m) override
    {
        m_live->addEvaluation(m_runId, m);
        Q_EMIT m_runner->evaluated(m_runId, m.step, m.valLoss, m.metricName, m.metric);
    }
    void onMessage(const QString &text) override { Q_EMIT m_runner->message(text); }

private:
    QueueRunner *m_runner;
    LiveMetricBuffer *m_live;
    int m_threads;
    qint64 m_runId = 0;
};

}  // namespace

QueueRunner::QueueRunner(QString databasePath, QString dataDirectory, QObject *parent)
    : QObject(parent), m_databasePath(std::move(databasePath)), m_dataDirectory(std::move(dataDirectory))
{
    qRegisterMetaType<peftbench::ResourceEstimate>();
}

QueueRunner::~QueueRunner()
{
    cancel();
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

bool QueueRunner::isRunning() const
{
    return !m_queueDone.load();
}

bool QueueRunner::start(std::optional<qint64> experimentId, int threads)
{
    if (isRunning())
        return false;
    if (m_thread) {
        m_thread->wait();   // it has finished its queue; only its exit may be pending
        delete m_thread;
        m_thread = nullptr;
    }
    m_cancel = false;
    m_queueDone = false;
    QueueParams params;
    params.databasePath = m_databasePath;
    params.dataDirectory = m_dataDirectory;
    if (experimentId)
        params.experimentId = *experimentId;
    params.threads = threads;
    m_thread = QThread::create([this, params] {
        SignalObserver observer(this, &m_live, params.threads);
        const QueueOutcome outcome = processQueue(params, &observer, m_cancel);
        m_queueDone = true;
        Q_EMIT finished(outcome.cancelled, outcome.error);
    });
    m_thread->setObjectName(QStringLiteral("peftbench-training"));
    m_thread->start();
    return true;
}

void QueueRunner::cancel()
{
    m_cancel = true;
}

}  // namespace peftbench
