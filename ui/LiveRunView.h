#pragma once
// One run, live or finished: train and validation loss, memory (labelled RAM or VRAM, with the
// estimate as a reference line), throughput, progress with ETA, its status in plain words, and the
// estimate next to what was measured. The owner feeds it; it redraws from its own timer at
// 25 Hz at most, and only when something new arrived.
#include "EmaSmoother.h"
#include "LiveMetricBuffer.h"

#include "experiment/ResourceEstimate.h"
#include "store/StoreRecords.h"
#include "train/StepRate.h"

#include <QWidget>

#include <optional>
#include <vector>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;
class QTableWidget;
class QTimer;

namespace peftbench {

class MetricPlot;

struct RunViewHeader {
    qint64 runId = 0;
    QString name;
    QString method;
    qint64 plannedSteps = 0;
    QString memoryLabel = QStringLiteral("RAM");
    RunStatus status = RunStatus::Queued;
    QString error;
};

class LiveRunView : public QWidget {
    Q_OBJECT
public:
    explicit LiveRunView(QWidget *parent = nullptr);

    // Replaces what is shown with this run and the metrics stored so far.
    void showRun(const RunViewHeader &header, const StepSeries &steps, const std::vector<EvalMetrics> &evaluations);
    void clearRun();
    qint64 runId() const { return m_header.runId; }
    // New metrics of the shown run (others are ignored); steps at or before the last shown one are
    // skipped, so a feed that overlaps what the store already gave draws each step once.
    void appendMetrics(const LiveMetrics &metrics);
    void setStatus(RunStatus status, const QString &error);
    void setEstimate(const std::optional<ResourceEstimate> &estimate);
    void setMeasured(const std::optional<RunSummary> &summary);
    void setCancelEnabled(bool enabled);

    MetricPlot *lossPlot() const { return m_loss; }
    MetricPlot *memoryPlot() const { return m_memory; }
    MetricPlot *throughputPlot() const { return m_throughput; }
    // Redraws what changed now (the timer does this every 40 ms); true when something was drawn.
    bool replotNow();

    // Series of the loss plot, for tests and for the owner.
    enum LossSeries { TrainRaw, TrainSmoothed, Validation };
    enum MemorySeries { MemoryCurrent, MemoryPeak };

Q_SIGNALS:
    void cancelRequested();

private:
    void appendSteps(const std::vector<StepMetrics> &steps);
    void appendEvaluations(const std::vector<EvalMetrics> &evaluations);
    void resmooth();
    void updateProgress(const StepMetrics *last);
    void updateEstimateTable();
    QString statusText() const;

    RunViewHeader m_header;
    std::optional<ResourceEstimate> m_estimate;
    std::optional<RunSummary> m_measured;
    QVector<double> m_rawSteps;     // kept for re-smoothing when the slider moves
    QVector<double> m_rawLoss;
    double m_smoothing = 0.6;
    EmaSmoother m_ema{0.6};     // state at the last raw point: new points continue the curve
    qint64 m_lastStep = 0;
    qint64 m_lastEvalStep = -1;   // the first evaluation is at step 0, before any training
    StepRate m_rate;

    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_progressLabel = nullptr;
    QPushButton *m_cancel = nullptr;
    QCheckBox *m_logScale = nullptr;
    QSlider *m_smoothingSlider = nullptr;
    QLabel *m_smoothingLabel = nullptr;
    MetricPlot *m_loss = nullptr;
    MetricPlot *m_memory = nullptr;
    MetricPlot *m_throughput = nullptr;
    QTableWidget *m_estimateTable = nullptr;
    QTimer *m_replot = nullptr;
};

}  // namespace peftbench
