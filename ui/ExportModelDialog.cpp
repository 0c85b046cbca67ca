#include "ExportModelDialog.h"

#include "ErrorLabel.h"
#include "experiment/RunExport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace peftbench {

ExportModelDialog::ExportModelDialog(const QString &databasePath, qint64 runId, const QString &method, QWidget *parent)
    : QDialog(parent), m_databasePath(databasePath), m_runId(runId)
{
    setWindowTitle(tr("Export model"));
    setObjectName(QStringLiteral("exportModelDialog"));

    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("exportFormat"));
    m_format->addItem(tr("PEFT adapter: adapter_config.json + adapter_model.safetensors"), int(Format::PeftAdapter));
    m_format->addItem(tr("Merged model: config.json + model.safetensors + tokenizer"), int(Format::MergedModel));
    // Methods that train the model's own weights (full, BitFit, last N layers) have no PEFT adapter
    // type; prompt and prefix tuning's virtual tokens cannot be merged into weights (RunExport).
    auto *items = static_cast<QStandardItemModel *>(m_format->model());
    const bool ownWeights = method == QLatin1String("full") || method == QLatin1String("bitfit")
                            || method == QLatin1String("last_layers");
    items->item(0)->setEnabled(!ownWeights);
    items->item(1)->setEnabled(method != QLatin1String("prompt_tuning") && method != QLatin1String("prefix_tuning"));
    m_format->setCurrentIndex(ownWeights ? 1 : 0);

    m_folder = new QLineEdit(this);
    m_folder->setObjectName(QStringLiteral("exportFolder"));
    QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (documents.isEmpty())
        documents = QDir::homePath();
    m_folder->setText(QDir(documents).filePath(QStringLiteral("peftbench-run-%1").arg(runId)));
    auto *browseButton = new QPushButton(tr("Browse…"), this);
    m_baseName = new QLineEdit(this);
    m_baseName->setObjectName(QStringLiteral("exportBaseModelName"));
    m_baseName->setPlaceholderText(tr("default: the run's base model folder or reference"));
    m_baseName->setToolTip(tr("base_model_name_or_path in adapter_config.json, e.g. the Hub id Python should load "
                              "(openai-community/gpt2)."));
    m_replace = new QCheckBox(tr("Replace the folder if it is not empty"), this);
    m_replace->setObjectName(QStringLiteral("exportReplace"));
    m_error = createErrorLabel(QStringLiteral("exportError"), this);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *exportButton = m_buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    exportButton->setDefault(true);

    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browseButton);
    auto *form = new QFormLayout;
    form->addRow(tr("Format"), m_format);
    form->addRow(tr("Folder"), folderRow);
    form->addRow(tr("Base model name"), m_baseName);
    form->addRow(QString(), m_replace);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Export run %1 for Python (Transformers / PEFT).").arg(runId), this));
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    setMinimumWidth(560);

    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        m_baseName->setEnabled(format() == Format::PeftAdapter);   // only adapter_config.json names the base
    });
    m_baseName->setEnabled(format() == Format::PeftAdapter);
    connect(browseButton, &QPushButton::clicked, this, &ExportModelDialog::browse);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (exportModel())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void ExportModelDialog::setFormat(Format f)
{
    m_format->setCurrentIndex(m_format->findData(int(f)));
}

ExportModelDialog::Format ExportModelDialog::format() const
{
    return Format(m_format->currentData().toInt());
}

bool ExportModelDialog::formatAvailable(Format f) const
{
    return static_cast<QStandardItemModel *>(m_format->model())->item(m_format->findData(int(f)))->isEnabled();
}

void ExportModelDialog::setOutputFolder(const QString &folder)
{
    m_folder->setText(folder);
}

QString ExportModelDialog::outputFolder() const
{
    return m_folder->text().trimmed();
}

void ExportModelDialog::setBaseModelName(const QString &name)
{
    m_baseName->setText(name);
}

void ExportModelDialog::setReplaceExisting(bool replace)
{
    m_replace->setChecked(replace);
}

QString ExportModelDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

QString ExportModelDialog::resultText() const
{
    return m_result;
}

bool ExportModelDialog::exportModel()
{
    RunExportRequest request;
    request.databasePath = m_databasePath;
    request.runId = m_runId;
    request.format = format() == Format::PeftAdapter ? ExportFormat::PeftAdapter : ExportFormat::MergedModel;
    request.outputFolder = outputFolder();
    request.baseModelName = m_baseName->text().trimmed();
    request.force = m_replace->isChecked();
    try {
        m_result = exportRun(request).description;
    } catch (const std::exception &e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    m_error->clear();
    m_error->hide();
    return true;
}

void ExportModelDialog::browse()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Export into folder"), outputFolder());
    if (!folder.isEmpty())
        m_folder->setText(folder);
}

void ExportModelDialog::showError(const QString &message)
{
    m_result.clear();
    m_error->setText(message);
    m_error->show();
}

}  // namespace peftbench
