#include "LiveRunView.h"

#include "MetricPlot.h"

#include "experiment/ComparisonTable.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <array>
#include <cmath>

namespace peftbench {

namespace {

constexpr int kReplotMs = 40;   // 25 Hz at most (SPEC §2)
constexpr double kMiB = 1024.0 * 1024.0;

QVector<double> toDoubles(const QVector<int64_t> &values)
{
    QVector<double> out;
    out.reserve(values.size());
    for (int64_t v : values)
        out.push_back(double(v));
    return out;
}

QVector<double> inMiB(const QVector<int64_t> &bytes)
{
    QVector<double> out;
    out.reserve(bytes.size());
    for (int64_t v : bytes)
        out.push_back(double(v) / kMiB);
    return out;
}

}  // namespace

LiveRunView::LiveRunView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("liveRunView"));
    m_title = new QLabel(tr("No run selected"), this);
    m_title->setObjectName(QStringLiteral("runTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("runStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progressLabel = new QLabel(this);
    m_progressLabel->setObjectName(QStringLiteral("progressLabel"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setToolTip(tr("Stop this run after its current step; it is stored as cancelled and can be resumed."));
    m_cancel->setEnabled(false);
    connect(m_cancel, &QPushButton::clicked, this, &LiveRunView::cancelRequested);

    m_logScale = new QCheckBox(tr("Log scale"), this);
    m_logScale->setObjectName(QStringLiteral("logScaleCheck"));
    m_smoothingSlider = new QSlider(Qt::Horizontal, this);
    m_smoothingSlider->setObjectName(QStringLiteral("smoothingSlider"));
    m_smoothingSlider->setRange(0, 99);
    m_smoothingSlider->setValue(int(std::lround(m_smoothing * 100)));
    m_smoothingSlider->setToolTip(tr("Exponential moving average of the training loss; the raw points stay visible."));
    m_smoothingLabel = new QLabel(this);

    m_loss = new MetricPlot(tr("loss (nats/token)"), this);
    m_loss->setObjectName(QStringLiteral("lossPlot"));
    // Raw points as a faint line, as TensorBoard draws them: QCustomPlot's adaptive sampling keeps
    // a line of 100,000 points cheap to redraw, where scatter symbols are drawn one by one.
    m_loss->addSeries(tr("train (raw)"), QColor(160, 190, 230), MetricPlot::Style::ThinLine);
    m_loss->addSeries(tr("train (smoothed)"), QColor(31, 119, 180), MetricPlot::Style::Line);
    m_loss->addSeries(tr("validation"), QColor(214, 39, 40), MetricPlot::Style::LineAndPoints);
    m_memory = new MetricPlot(tr("RAM (MiB)"), this);
    m_memory->setObjectName(QStringLiteral("memoryPlot"));
    m_memory->addSeries(tr("current"), QColor(44, 160, 44), MetricPlot::Style::Line);
    m_memory->addSeries(tr("peak"), QColor(148, 103, 189), MetricPlot::Style::Line);
    m_memory->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    m_throughput = new MetricPlot(tr("tokens/s"), this);
    m_throughput->setObjectName(QStringLiteral("throughputPlot"));
    m_throughput->addSeries(tr("tokens/s"), QColor(255, 127, 14), MetricPlot::Style::Line);
    m_throughput->legend->setVisible(false);

    m_estimateTable = new QTableWidget(6, 3, this);
    m_estimateTable->setObjectName(QStringLiteral("estimateTable"));
    m_estimateTable->setHorizontalHeaderLabels({tr("Estimate"), tr("Measured"), tr("Measured / estimate")});
    m_estimateTable->setVerticalHeaderLabels({tr("Baseline (runtime, data)"), tr("Weights"), tr("Gradients"),
                                              tr("Optimizer state"), tr("Activations and the rest"), tr("Peak")});
    m_estimateTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_estimateTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_estimateTable->horizontalHeader()->setStretchLastSection(true);
    m_estimateTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_estimateTable->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Six rows, always whole: the charts above take what the window has beyond them.
    m_estimateTable->setFixedHeight(m_estimateTable->verticalHeader()->defaultSectionSize() * m_estimateTable->rowCount()
                                    + m_estimateTable->horizontalHeader()->sizeHint().height()
                                    + 2 * m_estimateTable->frameWidth());
    m_estimateTable->setToolTip(tr("Peak memory before the run (estimate) and as measured at its end."));

    auto *header = new QGridLayout;
    header->addWidget(m_title, 0, 0, 1, 3);
    header->addWidget(m_status, 1, 0, 1, 3);
    header->addWidget(m_progress, 2, 0);
    header->addWidget(m_progressLabel, 2, 1);
    header->addWidget(m_cancel, 2, 2);
    header->setColumnStretch(0, 2);
    header->setColumnStretch(1, 3);

    auto *lossControls = new QHBoxLayout;
    lossControls->addWidget(m_logScale);
    lossControls->addSpacing(16);
    lossControls->addWidget(new QLabel(tr("Smoothing"), this));
    lossControls->addWidget(m_smoothingSlider, 1);
    lossControls->addWidget(m_smoothingLabel);

    auto *lower = new QSplitter(Qt::Horizontal, this);
    lower->addWidget(m_memory);
    lower->addWidget(m_throughput);
    lower->setStretchFactor(0, 1);
    lower->setStretchFactor(1, 1);
    auto *charts = new QSplitter(Qt::Vertical, this);
    charts->setObjectName(QStringLiteral("liveChartsSplitter"));
    charts->addWidget(m_loss);
    charts->addWidget(lower);
    charts->addWidget(m_estimateTable);
    charts->setStretchFactor(0, 3);
    charts->setStretchFactor(1, 2);
    charts->setStretchFactor(2, 0);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addLayout(lossControls);
    layout->addWidget(charts, 1);

    connect(m_logScale, &QCheckBox::toggled, this, [this](bool on) { m_loss->setLogScale(on); });
    connect(m_smoothingSlider, &QSlider::valueChanged, this, [this](int value) {
        m_smoothing = value / 100.0;
        resmooth();
    });
    m_smoothingLabel->setText(QString::number(m_smoothing, 'f', 2));

    m_replot = new QTimer(this);
    m_replot->setInterval(kReplotMs);
    connect(m_replot, &QTimer::timeout, this, &LiveRunView::replotNow);
    m_replot->start();
    clearRun();
}

void LiveRunView::clearRun()
{
    m_header = {};
    m_estimate.reset();
    m_measured.reset();
    m_rawSteps.clear();
    m_rawLoss.clear();
    m_ema.reset(m_smoothing);
    m_lastStep = 0;
    m_lastEvalStep = -1;
    m_rate.clear();
    for (MetricPlot *plot : {m_loss, m_memory, m_throughput})
        plot->clearData();
    m_memory->setReference(qQNaN(), {});
    m_title->setText(tr("No run selected"));
    m_status->setText(tr("Select a run in the table, or launch an experiment: the run that trains is shown here."));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progressLabel->clear();
    updateEstimateTable();
}

void LiveRunView::showRun(const RunViewHeader &header, const StepSeries &steps, const std::vector<EvalMetrics> &evaluations)
{
    clearRun();
    m_header = header;
    m_title->setText(tr("Run %1 · %2 (%3)").arg(header.runId).arg(header.name, header.method));
    m_memory->setYLabel(tr("%1 (MiB)").arg(header.memoryLabel));
    for (MetricPlot *plot : {m_loss, m_memory, m_throughput})
        plot->setMinimumXRange(double(header.plannedSteps));
    m_progress->setRange(0, int(std::max<qint64>(1, header.plannedSteps)));

    // Stored metrics arrive as columns; set them in one go rather than point by point.
    const QVector<double> stepKeys = toDoubles(steps.step);
    m_rawSteps = stepKeys;
    m_rawLoss = steps.trainLoss;
    m_loss->setSeries(TrainRaw, stepKeys, steps.trainLoss);
    m_memory->setSeries(MemoryCurrent, stepKeys, inMiB(steps.memoryBytes));
    m_memory->setSeries(MemoryPeak, stepKeys, inMiB(steps.memoryPeakBytes));
    m_throughput->setSeries(0, stepKeys, steps.tokensPerSecond);
    resmooth();
    if (steps.size() > 0) {
        m_lastStep = steps.step.back();
        for (qsizetype i = std::max<qsizetype>(0, steps.size() - 20); i < steps.size(); ++i)
            m_rate.add(steps.stepSeconds[i]);
        const StepMetrics last = steps.at(steps.size() - 1);
        updateProgress(&last);
    } else {
        updateProgress(nullptr);
    }
    appendEvaluations(evaluations);
    setStatus(header.status, header.error);
}

void LiveRunView::appendMetrics(const LiveMetrics &metrics)
{
    if (metrics.runId != m_header.runId || m_header.runId == 0)
        return;
    appendSteps(metrics.steps);
    appendEvaluations(metrics.evaluations);
}

void LiveRunView::appendSteps(const std::vector<StepMetrics> &steps)
{
    QVector<double> keys, loss, smoothed, memory, peak, throughput;
    const StepMetrics *last = nullptr;
    for (const StepMetrics &m : steps) {
        if (m.step <= m_lastStep)
            continue;   // already shown (from the store, or a replayed step after a resume)
        m_lastStep = m.step;
        m_rate.add(m.stepSeconds);
        keys << double(m.step);
        loss << m.trainLoss;
        smoothed << m_ema.add(m.trainLoss);
        memory << double(m.memoryBytes) / kMiB;
        peak << double(m.memoryPeakBytes) / kMiB;
        throughput << m.tokensPerSecond;
        last = &m;
    }
    if (keys.isEmpty())
        return;
    m_rawSteps += keys;
    m_rawLoss += loss;
    m_loss->append(TrainRaw, keys, loss);
    m_loss->append(TrainSmoothed, keys, smoothed);
    m_memory->append(MemoryCurrent, keys, memory);
    m_memory->append(MemoryPeak, keys, peak);
    m_throughput->append(0, keys, throughput);
    updateProgress(last);
}

void LiveRunView::appendEvaluations(const std::vector<EvalMetrics> &evaluations)
{
    QVector<double> keys, values;
    for (const EvalMetrics &e : evaluations) {
        if (e.step <= m_lastEvalStep)
            continue;
        m_lastEvalStep = e.step;
        keys << double(e.step);
        values << e.valLoss;
    }
    m_loss->append(Validation, keys, values);
}

void LiveRunView::resmooth()
{
    m_smoothingLabel->setText(QString::number(m_smoothing, 'f', 2));
    m_ema.reset(m_smoothing);
    QVector<double> smoothed;
    smoothed.reserve(m_rawLoss.size());
    for (double v : m_rawLoss)
        smoothed << m_ema.add(v);
    m_loss->setSeries(TrainSmoothed, m_rawSteps, smoothed);
}

void LiveRunView::updateProgress(const StepMetrics *last)
{
    const qint64 planned = m_header.plannedSteps;
    m_progress->setValue(int(std::min(m_lastStep, std::max<qint64>(1, planned))));
    if (!last) {
        m_progressLabel->setText(planned > 0 ? tr("0 of %1 steps").arg(planned) : QString());
        return;
    }
    const double sps = m_rate.secondsPerStep();
    QString text = tr("step %1 of %2 · loss %3 · %4 s/step · %5 tok/s")
                       .arg(last->step)
                       .arg(planned)
                       .arg(last->trainLoss, 0, 'f', 4)
                       .arg(sps, 0, 'f', 3)
                       .arg(QLocale().toString(qint64(std::llround(last->tokensPerSecond))));
    if (m_header.status == RunStatus::Running && planned > last->step)
        text += tr(" · ETA %1").arg(formatDuration(sps * double(planned - last->step)));
    m_progressLabel->setText(text);
}

void LiveRunView::setStatus(RunStatus status, const QString &error)
{
    m_header.status = status;
    m_header.error = error;
    m_status->setText(statusText());
    QPalette palette = m_status->palette();
    const bool bad = status == RunStatus::Failed || status == RunStatus::Diverged;
    palette.setColor(QPalette::WindowText, bad ? QColor(180, 0, 0) : this->palette().color(QPalette::WindowText));
    m_status->setPalette(palette);
}

QString LiveRunView::statusText() const
{
    const QString why = m_header.error.isEmpty() ? QString() : QStringLiteral(" ") + m_header.error;
    switch (m_header.status) {
    case RunStatus::Queued: return tr("Waiting in the queue.");
    case RunStatus::Running: return tr("Training.");
    case RunStatus::Completed: return tr("Finished: every step trained and the test split was scored.");
    case RunStatus::Cancelled:
        return tr("Cancelled. What it measured is kept; 'Resume' continues it from its last checkpoint.") + why;
    case RunStatus::Failed: return tr("Failed.") + why;
    case RunStatus::Diverged:
        return tr("Stopped: the loss became infinite or NaN (diverged). A lower learning rate usually helps.") + why;
    case RunStatus::Interrupted:
        return tr("Interrupted: the program ended while this run trained. 'Resume' continues it from its last checkpoint.");
    }
    return {};
}

void LiveRunView::setEstimate(const std::optional<ResourceEstimate> &estimate)
{
    m_estimate = estimate;
    if (estimate)
        m_memory->setReference(double(estimate->peakBytes()) / kMiB,
                               tr("estimated peak %1").arg(QLocale().formattedDataSize(estimate->peakBytes())));
    else
        m_memory->setReference(qQNaN(), {});
    updateEstimateTable();
}

void LiveRunView::setMeasured(const std::optional<RunSummary> &summary)
{
    m_measured = summary;
    updateEstimateTable();
}

void LiveRunView::updateEstimateTable()
{
    const QLocale locale;
    const auto rowsOf = [](int64_t baseline, int64_t weights, int64_t gradients, int64_t optimizer, int64_t rest,
                           int64_t peak) { return std::array<int64_t, 6>{baseline, weights, gradients, optimizer, rest, peak}; };
    std::optional<std::array<int64_t, 6>> estimate, measured;
    if (m_estimate)
        estimate = rowsOf(m_estimate->baselineBytes, m_estimate->weightBytes, m_estimate->gradientBytes,
                          m_estimate->optimizerBytes, m_estimate->restBytes(), m_estimate->peakBytes());
    if (m_measured) {
        const MemoryBreakdown &b = m_measured->memory;
        measured = rowsOf(b.baselineBytes, b.weightBytes, b.gradientBytes, b.optimizerBytes, b.otherBytes,
                          m_measured->peakMemoryBytes);
    }
    for (int row = 0; row < 6; ++row) {
        const auto cell = [&](int column, const QString &text) {
            auto *item = new QTableWidgetItem(text);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_estimateTable->setItem(row, column, item);
        };
        cell(0, estimate ? locale.formattedDataSize((*estimate)[size_t(row)]) : QStringLiteral("–"));
        cell(1, measured ? locale.formattedDataSize((*measured)[size_t(row)]) : QStringLiteral("–"));
        const bool ratio = estimate && measured && (*estimate)[size_t(row)] > 0;
        cell(2, ratio ? QStringLiteral("%1×").arg(double((*measured)[size_t(row)]) / double((*estimate)[size_t(row)]), 0, 'f', 2)
                      : QStringLiteral("–"));
    }
}

void LiveRunView::setCancelEnabled(bool enabled)
{
    m_cancel->setEnabled(enabled);
}

bool LiveRunView::replotNow()
{
    bool drawn = false;
    for (MetricPlot *plot : {m_loss, m_memory, m_throughput})
        drawn = plot->replotIfChanged() || drawn;
    return drawn;
}

}  // namespace peftbench
