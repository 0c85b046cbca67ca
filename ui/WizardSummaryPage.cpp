#include "WizardSummaryPage.h"

#include "ErrorLabel.h"
#include "RunWizard.h"

#include "experiment/ConfigError.h"
#include "experiment/ConfigReader.h"
#include "experiment/ConfigWriter.h"
#include "experiment/RunExpansion.h"

#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace peftbench {

namespace {

// "spam-prompt_tuning-vs-lora-vs-full": what the experiment compares on what.
QString generatedName(const ExperimentConfig &config)
{
    QString data = config.dataset.source;
    data = data.startsWith(QLatin1String("builtin:")) ? data.mid(8) : QFileInfo(data).completeBaseName();
    QStringList methods;
    for (const RunTemplate &run : config.runs)
        if (!methods.contains(methodKindName(run.method)))
            methods << methodKindName(run.method);
    QString name = data.isEmpty() ? QStringLiteral("experiment") : data;
    if (!methods.isEmpty())
        name += QLatin1Char('-') + methods.join(QStringLiteral("-vs-"));
    return name;
}

}  // namespace

WizardSummaryPage::WizardSummaryPage(RunWizard &wizard) : m_wizard(wizard)
{
    setObjectName(QStringLiteral("summaryPage"));
    setTitle(tr("Summary"));
    setSubTitle(tr("What will run. Launch queues every run; they train one after another."));

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("experimentNameEdit"));
    m_name->setToolTip(tr("Groups the runs in the runs table and in reports; empty: made from the dataset and methods"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_runs = new QListWidget(this);
    m_runs->setObjectName(QStringLiteral("runList"));
    m_runs->setToolTip(tr("Every run the experiment expands to, in queue order"));
    m_yaml = new QPlainTextEdit(this);
    m_yaml->setObjectName(QStringLiteral("summaryYaml"));
    m_yaml->setReadOnly(true);
    m_yaml->setFont(QFont(QStringLiteral("monospace")));
    m_error = createErrorLabel(QStringLiteral("errorLabel"), this);

    auto *form = new QFormLayout;
    form->addRow(tr("Experiment name:"), m_name);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(m_runs, 1);
    layout->addWidget(m_yaml, 2);
    layout->addWidget(m_error);

    connect(m_name, &QLineEdit::textChanged, &m_wizard, &RunWizard::experimentEdited);
    connect(&m_wizard, &RunWizard::experimentEdited, this, [this] {
        if (isVisible())
            refresh();
    });
}

void WizardSummaryPage::load(const ExperimentConfig &config)
{
    const QSignalBlocker block(m_name);
    m_name->setText(config.name);
}

void WizardSummaryPage::applyTo(ExperimentConfig &config) const
{
    const QString typed = m_name->text().trimmed();
    config.name = typed.isEmpty() ? generatedName(config) : typed;
}

void WizardSummaryPage::refresh()
{
    const ExperimentConfig config = m_wizard.experiment();
    const QByteArray yaml = saveExperimentConfig(config);
    m_name->setPlaceholderText(generatedName(config));
    m_yaml->setPlainText(QString::fromUtf8(yaml));
    m_runs->clear();
    m_ok = false;
    try {
        parseExperimentConfig(yaml, QString());
        const std::vector<RunSpec> runs = expandRuns(config);
        for (const RunSpec &run : runs)
            m_runs->addItem(tr("%1 — %2, lr %3, seed %4")
                                .arg(run.name, methodKindName(run.method.kind))
                                .arg(run.train.lr)
                                .arg(run.train.seed));
        m_summary->setText(tr("Base model: %1\nDataset: %2 (%3, max_length %4)\n%n run(s):", nullptr, int(runs.size()))
                               .arg(config.baseModel, config.dataset.source, taskKindName(config.dataset.task))
                               .arg(config.dataset.maxLength));
        m_error->hide();
        m_ok = !runs.empty();
    } catch (const ConfigError &e) {
        m_error->setText(e.message());
        m_error->show();
    }
    Q_EMIT completeChanged();
}

void WizardSummaryPage::initializePage()
{
    refresh();
}

bool WizardSummaryPage::isComplete() const
{
    return m_ok;
}

}  // namespace peftbench
