#include "QueueRunner.h"

#include "experiment/RunQueue.h"
#include "store/StoreRecords.h"
#include "train/StepRate.h"

#include <QElapsedTimer>
#include <QThread>


namespace peftbench {

namespace {

constexpr qint64 kStepSignalMs = 40;

// Turns the queue's callbacks (on the worker thread) into the runner's signals.
class SignalObserver : public RunQueueObserver, public TrainingObserver {
public:
    explicit SignalObserver(QueueRunner *runner) : m_runner(runner) {}

    TrainingObserver *runStarting(const RunRecord &run) override
    {
        m_runId = run.id;
        m_total = plannedSteps(run);
        m_rate.clear();
        m_sinceSignal.invalidate();
        Q_EMIT m_runner->runStarted(run.id, run.name, m_total);
        return this;
    }
    void runFinished(const RunRecord &run, const RunOutcome &outcome) override
    {
        Q_EMIT m_runner->runFinished(run.id, runStatusName(outcome.status), outcome.error);
    }
    void onStep(const StepMetrics &m) override
    {
        m_rate.add(m.stepSeconds);
        if (m_sinceSignal.isValid() && m_sinceSignal.elapsed() < kStepSignalMs && m.step < m_total)
            return;
        m_sinceSignal.start();
        const double sps = m_rate.secondsPerStep();
        Q_EMIT m_runner->stepDone(m_runId, m.step, m_total, m.trainLoss, sps);
    }
    void onEvaluation(const EvalMetrics &m) override
    {
        Q_EMIT m_runner->evaluated(m_runId, m.step, m.valLoss, m.metricName, m.metric);
    }
    void onMessage(const QString &text) override { Q_EMIT m_runner->message(text); }

private:
    QueueRunner *m_runner;
    qint64 m_runId = 0;
    qint64 m_total = 0;
    StepRate m_rate;
    QElapsedTimer m_sinceSignal;
};

}  // namespace

QueueRunner::QueueRunner(QString databasePath, QString dataDirectory, QObject *parent)
    : QObject(parent), m_databasePath(std::move(databasePath)), m_dataDirectory(std::move(dataDirectory))
{
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
        SignalObserver observer(this);
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
