#pragma once
// Trains queued runs on a worker thread of its own and reports back through signals (queued to the
// UI thread), never touching widgets. Keeps LibTorch out of ui/ headers.
#include "LiveMetricBuffer.h"

#include "experiment/ResourceEstimate.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>

class QThread;

Q_DECLARE_METATYPE(peftbench::ResourceEstimate)

namespace peftbench {

class QueueRunner : public QObject {
    Q_OBJECT
public:
    QueueRunner(QString databasePath, QString dataDirectory, QObject *parent = nullptr);
    ~QueueRunner() override;   // cancels and waits for the worker

    bool isRunning() const;
    // Starts the queue of one experiment (or every queued run). Returns false while a queue is
    // still training; once it has emitted finished() a new one can start.
    bool start(std::optional<qint64> experimentId, int threads = 0);
    // Cooperative: the run in progress ends as cancelled after its current step.
    void cancel();
    // Every step and evaluation since the last call (the charts' feed; see LiveMetricBuffer).
    std::vector<LiveMetrics> takeLiveMetrics() { return m_live.take(); }

Q_SIGNALS:
    void runStarted(qint64 runId, const QString &name, qint64 totalSteps);
    // What the run was expected to cost, computed as it starts (absent when its config or model
    // cannot be read: the run itself then fails with the reason).
    void runEstimated(qint64 runId, const peftbench::ResourceEstimate &estimate);
    void evaluated(qint64 runId, qint64 step, double valLoss, const QString &metricName, double metric);
    void message(const QString &text);
    void runFinished(qint64 runId, const QString &status, const QString &error);
    void finished(bool cancelled, const QString &error);

private:
    QString m_databasePath;
    QString m_dataDirectory;
    QThread *m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_queueDone{true};
    LiveMetricBuffer m_live;   // the worker has no more work, though its thread may still be exiting
};

}  // namespace peftbench
