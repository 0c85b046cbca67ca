#include "TryPanel.h"

#include "experiment/ModelScoring.h"
#include "experiment/TunedModel.h"
#include "methods/FineTuningMethod.h"
#include "tokenizer/Tokenizer.h"

#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

#include <exception>

namespace peftbench {

TryPanel::TryPanel(QString databasePath, QWidget *parent) : QWidget(parent), m_databasePath(std::move(databasePath))
{
    setObjectName(QStringLiteral("tryPanel"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("tryTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_prompt = new QPlainTextEdit(this);
    m_prompt->setObjectName(QStringLiteral("tryPrompt"));
    m_prompt->setPlaceholderText(tr("A prompt for the model to continue"));
    m_maxNewTokens = new QSpinBox(this);
    m_maxNewTokens->setObjectName(QStringLiteral("tryMaxNewTokens"));
    m_maxNewTokens->setRange(1, 100000);
    m_maxNewTokens->setValue(200);
    m_maxNewTokens->setToolTip(tr("Tokens to write at most; the model may stop earlier at its end-of-text token."));
    m_temperature = new QDoubleSpinBox(this);
    m_temperature->setObjectName(QStringLiteral("tryTemperature"));
    m_temperature->setRange(0.0, 100.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setValue(0.8);
    m_temperature->setToolTip(tr("Sampling temperature: lower is more predictable; 0 always takes the likeliest token (greedy)."));
    m_topK = new QSpinBox(this);
    m_topK->setObjectName(QStringLiteral("tryTopK"));
    m_topK->setRange(0, 1000000);
    m_topK->setSpecialValueText(tr("all tokens"));
    m_topK->setToolTip(tr("Sample among the K likeliest tokens only."));
    m_seed = new QSpinBox(this);
    m_seed->setObjectName(QStringLiteral("trySeed"));
    m_seed->setRange(0, 1000000000);
    m_seed->setToolTip(tr("The same seed and settings give the same text."));
    m_generate = new QPushButton(tr("Generate"), this);
    m_generate->setObjectName(QStringLiteral("tryGenerate"));
    m_output = new QPlainTextEdit(this);
    m_output->setObjectName(QStringLiteral("tryOutput"));
    m_output->setReadOnly(true);

    m_scoreText = new QPlainTextEdit(this);
    m_scoreText->setObjectName(QStringLiteral("tryScoreText"));
    m_scoreText->setPlaceholderText(tr("A text to score: how well does the model predict it?"));
    m_scoreFile = new QPushButton(tr("Load file…"), this);
    m_score = new QPushButton(tr("Score"), this);
    m_score->setObjectName(QStringLiteral("tryScore"));
    m_scoreResult = new QLabel(this);
    m_scoreResult->setObjectName(QStringLiteral("tryScoreResult"));
    m_scoreResult->setWordWrap(true);
    m_scoreResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("tryStatus"));
    m_status->setWordWrap(true);

    auto *settings = new QFormLayout;
    settings->addRow(tr("Max new tokens"), m_maxNewTokens);
    settings->addRow(tr("Temperature"), m_temperature);
    settings->addRow(tr("Top-k"), m_topK);
    settings->addRow(tr("Seed"), m_seed);
    auto *generateBox = new QGroupBox(tr("Continue a prompt"), this);
    auto *generateRow = new QHBoxLayout;
    generateRow->addWidget(m_prompt, 1);
    auto *settingsColumn = new QVBoxLayout;
    settingsColumn->addLayout(settings);
    settingsColumn->addWidget(m_generate);
    settingsColumn->addStretch(1);
    generateRow->addLayout(settingsColumn);
    auto *generateLayout = new QVBoxLayout(generateBox);
    generateLayout->addLayout(generateRow, 1);
    generateLayout->addWidget(m_output, 2);

    auto *scoreBox = new QGroupBox(tr("Score a text"), this);
    auto *scoreButtons = new QHBoxLayout;
    scoreButtons->addWidget(m_scoreFile);
    scoreButtons->addStretch(1);
    scoreButtons->addWidget(m_score);
    auto *scoreLayout = new QVBoxLayout(scoreBox);
    scoreLayout->addWidget(m_scoreText, 1);
    scoreLayout->addLayout(scoreButtons);
    scoreLayout->addWidget(m_scoreResult);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(generateBox, 3);
    layout->addWidget(scoreBox, 2);
    layout->addWidget(m_status);

    connect(m_generate, &QPushButton::clicked, this, &TryPanel::generate);
    connect(m_score, &QPushButton::clicked, this, &TryPanel::score);
    connect(m_scoreFile, &QPushButton::clicked, this, &TryPanel::loadScoreFile);
    setRun(0, {});
}

TryPanel::~TryPanel()
{
    if (m_worker) {
        m_worker->wait();
        delete m_worker;
    }
}

void TryPanel::setRun(qint64 runId, const QString &title)
{
    m_runId = runId;
    m_title->setText(runId ? tr("Try run %1 · %2").arg(runId).arg(title) : tr("Select a finished run in the table to try its model."));
    setBusy(false, QString());
}

void TryPanel::setBusy(bool busy, const QString &status)
{
    const bool ready = !busy && m_runId != 0;
    m_generate->setEnabled(ready);
    m_score->setEnabled(ready);
    m_status->setText(status);
}

void TryPanel::runJob(std::function<QString(TunedModel &)> job, std::function<void(const QString &, const QString &)> done)
{
    if (m_worker || m_runId == 0)
        return;
    const qint64 runId = m_runId;
    std::shared_ptr<TunedModel> model = m_modelRunId == runId ? m_model : nullptr;
    setBusy(true, model ? tr("Working…") : tr("Loading run %1's model…").arg(runId));
    const QString databasePath = m_databasePath;
    m_worker = QThread::create([this, runId, model, databasePath, job, done]() mutable {
        QString result, error;
        try {
            if (!model)
                model = std::make_shared<TunedModel>(loadRunModel(databasePath, runId));
            result = job(*model);
        } catch (const std::exception &e) {
            error = QString::fromUtf8(e.what());
        }
        // Back on the panel's thread; the destructor waits for this thread, so `this` is alive.
        QMetaObject::invokeMethod(this, [this, runId, model, result, error, done] {
            m_model = model;
            m_modelRunId = model ? runId : 0;
            m_worker->wait();
            delete m_worker;
            m_worker = nullptr;
            setBusy(false, error.isEmpty() ? QString() : error);
            done(result, error);
        }, Qt::QueuedConnection);
    });
    m_worker->setObjectName(QStringLiteral("peftbench-try"));
    m_worker->start();
}

void TryPanel::generate()
{
    const std::string prompt = m_prompt->toPlainText().toStdString();
    GenerationParams params;
    params.maxNewTokens = m_maxNewTokens->value();
    params.temperature = m_temperature->value();
    params.topK = m_topK->value();
    params.seed = uint64_t(m_seed->value());
    runJob([prompt, params](TunedModel &model) { return QString::fromStdString(continueText(model, prompt, params)); },
           [this](const QString &continuation, const QString &error) {
               if (error.isEmpty())
                   m_output->setPlainText(m_prompt->toPlainText() + continuation);
               Q_EMIT generationFinished(continuation, error);
           });
}

void TryPanel::score()
{
    const std::string text = m_scoreText->toPlainText().toStdString();
    if (text.empty()) {
        m_scoreResult->setText(tr("Type or load a text to score first."));
        return;
    }
    runJob(
        [text](TunedModel &model) {
            const TextScore s = scoreText(*model.method, *model.base.tokenizer, text);
            QString summary = tr("%1 tokens (%2 bytes): mean NLL %3 nats/token · perplexity %4 · %5 bits per byte")
                                  .arg(s.tokens)
                                  .arg(s.bytes)
                                  .arg(s.meanNll, 0, 'f', 6)
                                  .arg(s.perplexity, 0, 'f', 4)
                                  .arg(s.bitsPerByte, 0, 'f', 4);
            if (s.windows > 1)
                summary += tr(". Longer than the context: scored in %1 overlapping windows, every token once.").arg(s.windows);
            return summary;
        },
        [this](const QString &summary, const QString &error) {
            m_scoreResult->setText(error.isEmpty() ? summary : error);
            Q_EMIT scoreFinished(summary, error);
        });
}

void TryPanel::loadScoreFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Text to score"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_scoreResult->setText(tr("%1: cannot read the file: %2").arg(path, file.errorString()));
        return;
    }
    m_scoreText->setPlainText(QString::fromUtf8(file.readAll()));
}

}  // namespace peftbench
