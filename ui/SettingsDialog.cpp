#include "SettingsDialog.h"

#include "ErrorLabel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

namespace peftbench {

SettingsDialog::SettingsDialog(const AppSettings &current, const QStringList &deviceChoices,
                               const QString &effectiveDataDirectory, QWidget *parent)
    : QDialog(parent), m_initial(current)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));

    m_dataDir = new QLineEdit(current.dataDirectory, this);
    m_dataDir->setObjectName(QStringLiteral("dataDirEdit"));
    m_dataDir->setPlaceholderText(effectiveDataDirectory);
    m_dataDir->setToolTip(tr("Where the run store (runs.sqlite), checkpoints, adapters and datasets live. "
                             "Empty: the platform's data folder. --data-dir and $PEFTBENCH_DATA_DIR take precedence."));
    auto *browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this, effectiveDataDirectory] {
        const QString start = m_dataDir->text().isEmpty() ? effectiveDataDirectory : m_dataDir->text();
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Data directory"), start);
        if (!dir.isEmpty())
            m_dataDir->setText(dir);
    });
    auto *dataRow = new QHBoxLayout;
    dataRow->addWidget(m_dataDir, 1);
    dataRow->addWidget(browse);

    m_device = new QComboBox(this);
    m_device->setObjectName(QStringLiteral("deviceCombo"));
    m_device->addItems(deviceChoices);
    m_device->setCurrentText(current.device);
    m_device->setToolTip(tr("The device new experiments start with in the wizard: auto picks CUDA when present, else the CPU."));

    m_threads = new QSpinBox(this);
    m_threads->setObjectName(QStringLiteral("threadsSpin"));
    m_threads->setRange(0, 1024);
    m_threads->setSpecialValueText(tr("One per logical core (%1)").arg(QThread::idealThreadCount()));
    m_threads->setValue(current.threads);
    m_threads->setToolTip(tr("Intra-op threads for training. --threads overrides it for one session."));

    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("languageCombo"));
    for (const LanguageChoice &choice : languageChoices())
        m_language->addItem(choice.nativeName, choice.code);
    m_language->setCurrentIndex(std::max(0, m_language->findData(current.language)));

    m_error = createErrorLabel(QStringLiteral("errorLabel"), this);
    auto *note = new QLabel(tr("A new data directory and the language apply at the next start."), this);
    note->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Data directory"), dataRow);
    form->addRow(tr("Default device"), m_device);
    form->addRow(tr("Threads"), m_threads);
    form->addRow(tr("Language"), m_language);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
}

AppSettings SettingsDialog::settings() const
{
    AppSettings s;
    s.dataDirectory = m_dataDir->text().trimmed();
    s.device = m_device->currentText();
    s.threads = m_threads->value();
    s.language = m_language->currentData().toString();
    return s;
}

bool SettingsDialog::needsRestart() const
{
    const AppSettings s = settings();
    return s.dataDirectory != m_initial.dataDirectory || s.language != m_initial.language;
}

void SettingsDialog::accept()
{
    const QString dir = settings().dataDirectory;
    if (!dir.isEmpty()) {
        const QFileInfo info(dir);
        QString problem;
        if (info.isRelative())
            problem = tr("Data directory '%1': give an absolute path.").arg(dir);
        else if (info.exists() && !info.isDir())
            problem = tr("Data directory '%1' is a file, not a folder.").arg(dir);
        else if (!QDir().mkpath(dir))
            problem = tr("Data directory '%1' cannot be created here.").arg(dir);
        else if (!QFileInfo(dir).isWritable())
            problem = tr("Data directory '%1' is not writable.").arg(dir);
        if (!problem.isEmpty()) {
            m_error->setText(problem);
            m_error->show();
            return;
        }
    }
    settings().save();
    QDialog::accept();
}

}  // namespace peftbench
