#include "CompareSamples.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>

namespace peftbench {

namespace {

QTableWidgetItem *textItem(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setToolTip(text);
    item->setTextAlignment(Qt::AlignLeft | Qt::AlignTop);
    return item;
}

}  // namespace

CompareSamples::CompareSamples(QWidget *parent) : QWidget(parent)
{
    m_prompts = new QPlainTextEdit(this);
    m_prompts->setObjectName(QStringLiteral("samplePrompts"));
    m_prompts->setPlaceholderText(tr("One prompt per line. Leave empty to start from the dataset's first test examples."));
    m_prompts->setMaximumHeight(90);
    m_maxNewTokens = new QSpinBox(this);
    m_maxNewTokens->setObjectName(QStringLiteral("sampleMaxNewTokens"));
    m_maxNewTokens->setRange(1, 1000);
    m_maxNewTokens->setValue(48);
    m_maxNewTokens->setToolTip(tr("How many tokens each model writes after each prompt."));
    m_examples = new QSpinBox(this);
    m_examples->setObjectName(QStringLiteral("sampleExamples"));
    m_examples->setRange(1, 20);
    m_examples->setValue(3);
    m_examples->setToolTip(tr("How many test examples to take when no prompts are given (and for classification)."));
    m_generate = new QPushButton(tr("Generate"), this);
    m_generate->setObjectName(QStringLiteral("sampleGenerateButton"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("sampleStatus"));
    m_status->setWordWrap(true);
    m_table = new QTableWidget(this);
    m_table->setObjectName(QStringLiteral("sampleTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("New tokens"), this));
    controls->addWidget(m_maxNewTokens);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Examples"), this));
    controls->addWidget(m_examples);
    controls->addStretch(1);
    controls->addWidget(m_generate);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_prompts);
    layout->addLayout(controls);
    layout->addWidget(m_status);
    layout->addWidget(m_table, 1);

    connect(m_generate, &QPushButton::clicked, this, [this] {
        if (isGenerating())
            cancel();
        else
            generate();
    });
}

CompareSamples::~CompareSamples()
{
    stopWorker();
}

void CompareSamples::setRuns(const QString &databasePath, const std::vector<qint64> &runIds, TaskKind task)
{
    stopWorker();
    m_databasePath = databasePath;
    m_runIds = runIds;
    m_task = task;
    m_generatedOnce = false;
    m_result = {};
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    const bool hasPrompts = task != TaskKind::Classification;
    m_prompts->setEnabled(hasPrompts);
    if (!hasPrompts)
        m_prompts->clear();
    m_maxNewTokens->setEnabled(hasPrompts);
    m_status->setText(runIds.empty() ? QString()
                                     : hasPrompts ? tr("Each run's model continues the same prompts, with the same seed.")
                                                  : tr("Each run's model labels the same test examples."));
    setBusy(false);
    if (isVisible() && !runIds.empty())
        generate();
}

void CompareSamples::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_generatedOnce && !m_runIds.empty())
        generate();
}

void CompareSamples::generate()
{
    if (m_worker || m_runIds.empty())
        return;
    m_generatedOnce = true;
    SampleOutputParams params;
    params.databasePath = m_databasePath;
    params.runIds.assign(m_runIds.begin(), m_runIds.end());
    if (m_task != TaskKind::Classification) {
        for (const QString &line : m_prompts->toPlainText().split(QLatin1Char('\n')))
            if (!line.trimmed().isEmpty())
                params.prompts << line;
    }
    params.exampleCount = m_examples->value();
    params.maxNewTokens = m_maxNewTokens->value();

    const int job = ++m_job;
    m_runsShown = 0;
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    m_worker = QThread::create([this, params, cancel, job] {
        // Results travel back as queued calls: this object lives on the UI thread, and its
        // destructor waits for this thread, so `this` outlives every call made from here.
        const SampleOutputs result = computeSampleOutputs(params, *cancel, [this, job](const SampleOutputs &soFar) {
            QMetaObject::invokeMethod(this, [this, job, soFar] {
                if (job == m_job)
                    display(soFar);
            }, Qt::QueuedConnection);
        });
        QMetaObject::invokeMethod(this, [this, job, result] {
            if (job == m_job)
                finish(result);
        }, Qt::QueuedConnection);
    });
    m_worker->setObjectName(QStringLiteral("peftbench-samples"));
    m_worker->start(QThread::LowPriority);
    setBusy(true);
}

void CompareSamples::cancel()
{
    if (m_cancel)
        *m_cancel = true;
    if (m_worker)
        m_status->setText(tr("Stopping after the current prompt…"));
}

void CompareSamples::stopWorker()
{
    ++m_job;   // whatever the old worker has queued is now stale
    if (!m_worker)
        return;
    *m_cancel = true;
    // Blocks until the current prompt is done: models cannot be interrupted mid-token.
    m_worker->wait();
    delete m_worker;
    m_worker = nullptr;
}

void CompareSamples::setBusy(bool busy)
{
    m_generate->setText(busy ? tr("Stop") : tr("Generate"));
    m_generate->setEnabled(!m_runIds.empty());
    m_examples->setEnabled(!busy);
    m_maxNewTokens->setEnabled(!busy && m_task != TaskKind::Classification);
    m_prompts->setReadOnly(busy);
    if (busy)
        m_status->setText(tr("Generating… loading run %1's model (1 of %2)").arg(m_runIds.front()).arg(m_runIds.size()));
}

void CompareSamples::display(const SampleOutputs &soFar)
{
    const bool classification = soFar.task == TaskKind::Classification;
    const bool withReference = !soFar.references.isEmpty();
    const int firstRunColumn = withReference ? 2 : 1;
    m_table->setRowCount(int(soFar.inputs.size()));
    m_table->setColumnCount(firstRunColumn + int(m_runIds.size()));
    QStringList headers{classification ? tr("Test example") : tr("Prompt")};
    if (withReference)
        headers << (classification ? tr("True label") : tr("Reference"));
    for (qint64 id : m_runIds) {
        QString name = tr("run %1").arg(id);
        for (const RunSampleOutput &run : soFar.runs)
            if (run.runId == id)
                name = tr("%1 · %2").arg(id).arg(run.runName);
        headers << name;
    }
    m_table->setHorizontalHeaderLabels(headers);
    for (int row = 0; row < int(soFar.inputs.size()); ++row) {
        m_table->setItem(row, 0, textItem(soFar.inputs[row]));
        if (withReference)
            m_table->setItem(row, 1, textItem(soFar.references.value(row)));
    }
    for (size_t i = 0; i < m_runIds.size(); ++i) {
        const int column = firstRunColumn + int(i);
        const auto run = std::find_if(soFar.runs.begin(), soFar.runs.end(),
                                      [&](const RunSampleOutput &r) { return r.runId == m_runIds[i]; });
        for (int row = 0; row < int(soFar.inputs.size()); ++row) {
            QTableWidgetItem *item = nullptr;
            if (run == soFar.runs.end()) {
                item = textItem(isGenerating() ? tr("…") : QString());
                item->setForeground(QColor(130, 130, 130));
            } else if (!run->error.isEmpty()) {
                item = textItem(row == 0 ? run->error : QString());
                item->setForeground(QColor(180, 0, 0));
            } else {
                item = textItem(run->outputs.value(row));
                if (classification && row < soFar.references.size())
                    item->setBackground(run->outputs.value(row) == soFar.references[row] ? QColor(198, 239, 206)
                                                                                         : QColor(255, 199, 206));
            }
            m_table->setItem(row, column, item);
        }
    }
    if (isGenerating() && soFar.runs.size() < m_runIds.size())
        m_status->setText(tr("Generating… loading run %1's model (%2 of %3)")
                              .arg(m_runIds[soFar.runs.size()])
                              .arg(soFar.runs.size() + 1)
                              .arg(m_runIds.size()));
    for (; m_runsShown < soFar.runs.size(); ++m_runsShown)
        Q_EMIT runOutputsArrived(soFar.runs[m_runsShown].runId);
}

void CompareSamples::finish(const SampleOutputs &result)
{
    m_worker->wait();
    delete m_worker;
    m_worker = nullptr;
    m_result = result;
    display(result);
    setBusy(false);
    if (!result.error.isEmpty())
        m_status->setText(tr("No sample outputs: %1").arg(result.error));
    else if (result.cancelled)
        m_status->setText(tr("Stopped: %1 of %2 runs done.").arg(result.runs.size()).arg(m_runIds.size()));
    else
        m_status->setText(result.task == TaskKind::Classification
                              ? tr("Green: the run predicted the true label; red: it did not.")
                              : tr("The same prompts and seed for every run: the differences are the models'. "
                                   "Edit the prompts above and generate again."));
    // The default prompts become editable ones (one per line: only when none spans lines).
    const bool oneLineEach = std::none_of(result.inputs.begin(), result.inputs.end(),
                                          [](const QString &p) { return p.contains(QLatin1Char('\n')); });
    if (result.task != TaskKind::Classification && oneLineEach && m_prompts->toPlainText().trimmed().isEmpty())
        m_prompts->setPlainText(result.inputs.join(QLatin1Char('\n')));
    Q_EMIT generationFinished();
}

}  // namespace peftbench
