#include "WizardDatasetPage.h"

#include "ErrorLabel.h"
#include "RunWizard.h"
#include "WizardDatasetPreview.h"

#include "data/BuiltinDatasets.h"
#include "data/CsvReader.h"
#include "data/DatasetError.h"
#include "data/DatasetLoader.h"
#include "data/DatasetPreview.h"
#include "experiment/ExperimentData.h"
#include "tokenizer/Tokenizer.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <exception>
#include <memory>

namespace peftbench {

namespace {

const QString kBuiltin = QStringLiteral("builtin:");

// The item whose data is `value`, added (marked as not offered by the file) when missing.
void selectData(QComboBox *combo, const QString &value, const QString &missingText)
{
    int index = combo->findData(value);
    if (index < 0) {
        combo->addItem(missingText.arg(value), value);
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(index);
}

}  // namespace

WizardDatasetPage::WizardDatasetPage(RunWizard &wizard) : m_wizard(wizard)
{
    setObjectName(QStringLiteral("datasetPage"));
    setTitle(tr("Dataset"));
    setSubTitle(tr("What every run trains and is evaluated on, split the same way for every method."));

    m_builtinRadio = new QRadioButton(tr("Built-in dataset"), this);
    m_builtinRadio->setObjectName(QStringLiteral("datasetBuiltinRadio"));
    m_builtinCombo = new QComboBox(this);
    m_builtinCombo->setObjectName(QStringLiteral("builtinDatasetCombo"));
    for (const BuiltinDatasetInfo &info : builtinDatasets())
        m_builtinCombo->addItem(QStringLiteral("%1 (%2)").arg(info.title, info.id), info.id);
    m_builtinCombo->setToolTip(tr("Public corpora fetched at setup and converted by the workbench, with fixed splits"));
    m_builtinDescription = new QLabel(this);
    m_builtinDescription->setObjectName(QStringLiteral("datasetDescription"));
    m_builtinDescription->setWordWrap(true);

    m_fileRadio = new QRadioButton(tr("Import a file"), this);
    m_fileRadio->setObjectName(QStringLiteral("datasetFileRadio"));
    m_fileEdit = new QLineEdit(this);
    m_fileEdit->setObjectName(QStringLiteral("datasetFileEdit"));
    m_fileEdit->setPlaceholderText(tr("A text (.txt), CSV, TSV or JSONL file"));
    m_fileEdit->setToolTip(tr("Plain text (one record per paragraph), CSV/TSV with a header row, or JSONL with "
                              "text, text+label, prompt/completion or instruction/input/output fields"));
    m_browse = new QPushButton(tr("Browse…"), this);
    m_browse->setObjectName(QStringLiteral("datasetBrowseButton"));
    auto *group = new QButtonGroup(this);
    group->addButton(m_builtinRadio);
    group->addButton(m_fileRadio);
    m_builtinRadio->setChecked(true);

    m_task = new QComboBox(this);
    m_task->setObjectName(QStringLiteral("taskCombo"));
    m_task->addItem(tr("Causal language modelling (next token)"), taskKindName(TaskKind::CausalLm));
    m_task->addItem(tr("Completion (prompt → completion)"), taskKindName(TaskKind::Completion));
    m_task->addItem(tr("Classification (text → label)"), taskKindName(TaskKind::Classification));
    m_task->setToolTip(tr("causal_lm: loss on every token; completion: loss on the completion only; "
                          "classification: the label word is scored, accuracy by ranking every label"));
    m_maxLength = new QSpinBox(this);
    m_maxLength->setObjectName(QStringLiteral("maxLengthSpin"));
    m_maxLength->setRange(2, 1'000'000);
    m_maxLength->setToolTip(tr("Tokens per example, bos included (2 to the model's context length); "
                               "longer records are cut"));
    m_textColumn = new QComboBox(this);
    m_textColumn->setObjectName(QStringLiteral("textColumnCombo"));
    m_textColumn->setToolTip(tr("The CSV/TSV column holding the text"));
    m_labelColumn = new QComboBox(this);
    m_labelColumn->setObjectName(QStringLiteral("labelColumnCombo"));
    m_labelColumn->setToolTip(tr("The CSV/TSV column holding the label (classification)"));
    const auto fraction = [this](const char *name, const QString &tip) {
        auto *spin = new QDoubleSpinBox(this);
        spin->setObjectName(QLatin1String(name));
        spin->setRange(0.0, 0.5);
        spin->setDecimals(4);
        spin->setSingleStep(0.05);
        spin->setToolTip(tip);
        return spin;
    };
    m_validationFraction = fraction("validationFractionSpin",
                                    tr("Share of a file's records held out for validation (0 to 0.5); "
                                       "built-in datasets have fixed splits"));
    m_testFraction = fraction("testFractionSpin", tr("Share of a file's records held out for the final test "
                                                     "(0 to 0.5); built-in datasets have fixed splits"));

    auto *source = new QGridLayout;
    source->addWidget(m_builtinRadio, 0, 0);
    source->addWidget(m_builtinCombo, 0, 1, 1, 2);
    source->addWidget(m_builtinDescription, 1, 1, 1, 2);
    source->addWidget(m_fileRadio, 2, 0);
    source->addWidget(m_fileEdit, 2, 1);
    source->addWidget(m_browse, 2, 2);
    source->setColumnStretch(1, 1);

    auto *settings = new QFormLayout;
    settings->addRow(tr("Task:"), m_task);
    settings->addRow(tr("Max length:"), m_maxLength);
    auto *columns = new QHBoxLayout;
    columns->addWidget(new QLabel(tr("Text:"), this));
    columns->addWidget(m_textColumn, 1);
    columns->addWidget(new QLabel(tr("Label:"), this));
    columns->addWidget(m_labelColumn, 1);
    settings->addRow(tr("Columns:"), columns);
    auto *fractions = new QHBoxLayout;
    fractions->addWidget(new QLabel(tr("Validation:"), this));
    fractions->addWidget(m_validationFraction);
    fractions->addWidget(new QLabel(tr("Test:"), this));
    fractions->addWidget(m_testFraction);
    fractions->addStretch(1);
    settings->addRow(tr("Split:"), fractions);

    m_error = createErrorLabel(QStringLiteral("errorLabel"), this);
    m_preview = new WizardDatasetPreview(this);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(source);
    layout->addLayout(settings);
    layout->addWidget(m_error);
    layout->addWidget(m_preview, 1);

    // Reading a dataset can take a second: not at every keystroke or spin-box step.
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(300);
    connect(m_debounce, &QTimer::timeout, this, &WizardDatasetPage::refreshPreview);

    connect(m_builtinRadio, &QRadioButton::toggled, this, &WizardDatasetPage::selectionChanged);
    connect(m_builtinCombo, &QComboBox::currentIndexChanged, this, [this] {
        if (const auto info = findBuiltinDataset(m_builtinCombo->currentData().toString())) {
            const QSignalBlocker block(m_task);
            m_task->setCurrentIndex(m_task->findData(taskKindName(info->task)));
        }
        m_builtinRadio->setChecked(true);
        selectionChanged();
    });
    connect(m_fileEdit, &QLineEdit::textEdited, this, [this] {
        m_fileRadio->setChecked(true);
        fileChanged();
    });
    connect(m_browse, &QPushButton::clicked, this, &WizardDatasetPage::browse);
    connect(m_task, &QComboBox::currentIndexChanged, this, &WizardDatasetPage::selectionChanged);
    connect(m_maxLength, &QSpinBox::valueChanged, this, &WizardDatasetPage::selectionChanged);
    connect(m_textColumn, &QComboBox::currentIndexChanged, this, &WizardDatasetPage::selectionChanged);
    connect(m_labelColumn, &QComboBox::currentIndexChanged, this, &WizardDatasetPage::selectionChanged);
    connect(m_validationFraction, &QDoubleSpinBox::valueChanged, this, &WizardDatasetPage::selectionChanged);
    connect(m_testFraction, &QDoubleSpinBox::valueChanged, this, &WizardDatasetPage::selectionChanged);
    connect(&m_wizard, &RunWizard::modelChanged, this, &WizardDatasetPage::selectionChanged);
}

bool WizardDatasetPage::isUserFile() const
{
    return m_fileRadio->isChecked();
}

bool WizardDatasetPage::isDelimited() const
{
    if (!isUserFile())
        return false;
    try {
        const UserDatasetFormat format = userDatasetFormatForPath(m_fileEdit->text().trimmed());
        return format == UserDatasetFormat::Csv || format == UserDatasetFormat::Tsv;
    } catch (const std::exception &) {
        return false;
    }
}

void WizardDatasetPage::load(const ExperimentConfig &config)
{
    const DatasetSpec &d = config.dataset;
    m_loaded = d;
    {
        const QList<QWidget *> widgets{m_builtinRadio, m_builtinCombo, m_fileRadio, m_fileEdit,
                                       m_task, m_maxLength, m_validationFraction, m_testFraction};
        std::vector<std::unique_ptr<QSignalBlocker>> blockers;
        for (QWidget *w : widgets)
            blockers.push_back(std::make_unique<QSignalBlocker>(w));
        if (d.source.startsWith(kBuiltin)) {
            selectData(m_builtinCombo, d.source.mid(kBuiltin.size()), tr("%1 (not built in)"));
            m_builtinRadio->setChecked(true);
        } else {
            m_fileEdit->setText(d.source);
            m_fileRadio->setChecked(true);
        }
        m_task->setCurrentIndex(m_task->findData(taskKindName(d.task)));
        m_maxLength->setValue(d.maxLength);
        m_validationFraction->setValue(d.split.validation);
        m_testFraction->setValue(d.split.test);
    }
    readColumns();
    {
        const QSignalBlocker blockText(m_textColumn);
        const QSignalBlocker blockLabel(m_labelColumn);
        selectData(m_textColumn, d.textColumn, tr("%1 (not in the file)"));
        selectData(m_labelColumn, d.labelColumn, tr("%1 (not in the file)"));
    }
    updateEnabled();
    m_shownKey.clear();
    m_previewOk = false;
    if (isVisible())
        refreshPreview();
    Q_EMIT completeChanged();
}

DatasetSpec WizardDatasetPage::spec() const
{
    DatasetSpec d;
    d.source = isUserFile() ? m_fileEdit->text().trimmed() : kBuiltin + m_builtinCombo->currentData().toString();
    d.task = parseTaskKind(m_task->currentData().toString()).value_or(TaskKind::CausalLm);
    d.maxLength = m_maxLength->value();
    if (isUserFile()) {
        d.textColumn = m_textColumn->currentData().toString();
        if (d.task == TaskKind::Classification)
            d.labelColumn = m_labelColumn->currentData().toString();
    }
    if (d.source == m_loaded.source && d.task == m_loaded.task && d.task == TaskKind::Classification)
        d.labels = m_loaded.labels;
    d.split.validation = m_validationFraction->value();
    d.split.test = m_testFraction->value();
    return d;
}

void WizardDatasetPage::applyTo(ExperimentConfig &config) const
{
    config.dataset = spec();
}

void WizardDatasetPage::fileChanged()
{
    readColumns();
    selectionChanged();
}

// The header row of a CSV/TSV file becomes the choices of both column pickers.
void WizardDatasetPage::readColumns()
{
    const QString textWas = m_textColumn->currentData().toString();
    const QString labelWas = m_labelColumn->currentData().toString();
    const QSignalBlocker blockText(m_textColumn);
    const QSignalBlocker blockLabel(m_labelColumn);
    m_textColumn->clear();
    m_labelColumn->clear();
    m_textColumn->addItem(tr("(default: text)"), QString());
    m_labelColumn->addItem(tr("(default: label)"), QString());
    if (isDelimited()) {
        const QString path = QDir(m_wizard.baseDirectory()).absoluteFilePath(m_fileEdit->text().trimmed());
        QFile file(path);
        if (file.open(QIODevice::ReadOnly)) {
            const QByteArray header = file.readLine(1 << 20).trimmed();
            const char delimiter = userDatasetFormatForPath(path) == UserDatasetFormat::Tsv ? '\t' : ',';
            try {
                const std::vector<CsvRow> rows = parseCsv(header.toStdString(), delimiter, path);
                if (!rows.empty())
                    for (const CsvField &field : rows.front().fields) {
                        const QString name = QString::fromStdString(field.text);
                        m_textColumn->addItem(name, name);
                        m_labelColumn->addItem(name, name);
                    }
            } catch (const std::exception &) {
                // The preview reports what is wrong with the file, with its line and column.
            }
        }
    }
    m_textColumn->setCurrentIndex(std::max(0, m_textColumn->findData(textWas)));
    m_labelColumn->setCurrentIndex(std::max(0, m_labelColumn->findData(labelWas)));
}

void WizardDatasetPage::updateEnabled()
{
    const bool delimited = isDelimited();
    const bool classification = m_task->currentData().toString() == taskKindName(TaskKind::Classification);
    m_textColumn->setEnabled(delimited);
    m_labelColumn->setEnabled(delimited && classification);
    m_validationFraction->setEnabled(isUserFile());
    m_testFraction->setEnabled(isUserFile());
    const auto info = isUserFile() ? std::nullopt : findBuiltinDataset(m_builtinCombo->currentData().toString());
    m_builtinDescription->setText(info ? info->description : QString());
    m_builtinDescription->setVisible(info.has_value());
}

void WizardDatasetPage::selectionChanged()
{
    updateEnabled();
    if (isVisible())
        m_debounce->start();
    Q_EMIT completeChanged();
    Q_EMIT m_wizard.experimentEdited();
}

void WizardDatasetPage::browse()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import dataset"), m_fileEdit->text(),
        tr("Datasets (*.txt *.text *.md *.csv *.tsv *.tab *.jsonl *.ndjson);;All files (*)"));
    if (path.isEmpty())
        return;
    m_fileEdit->setText(path);
    m_fileRadio->setChecked(true);
    fileChanged();
    refreshPreview();
}

QString WizardDatasetPage::previewKey() const
{
    const DatasetSpec d = spec();
    return QStringList{d.source, taskKindName(d.task), QString::number(d.maxLength), d.textColumn, d.labelColumn,
                       QString::number(d.split.validation), QString::number(d.split.test),
                       QString::number(quintptr(m_wizard.tokenizer().get())), m_wizard.baseDirectory()}
        .join(QChar(0x1f));
}

void WizardDatasetPage::refreshPreview()
{
    m_debounce->stop();
    const QString key = previewKey();
    if (key == m_shownKey)
        return;
    m_shownKey = key;
    m_previewOk = false;
    m_preview->clear();
    const DatasetSpec d = spec();
    const std::optional<ModelConfig> &model = m_wizard.modelConfig();
    const std::shared_ptr<const Tokenizer> tok = m_wizard.tokenizer();
    if (!model || !tok) {
        showError(tr("Choose a base model first: the preview counts tokens with its tokenizer."));
    } else if (d.maxLength > model->contextLength) {
        showError(tr("Max length: %1 tokens is longer than the model's context (allowed: 2..%2)")
                      .arg(d.maxLength)
                      .arg(model->contextLength));
    } else if (isUserFile() && d.source.isEmpty()) {
        showError(tr("Choose a dataset file."));
    } else {
        try {
            const DatasetSplits splits = loadDatasetSplits(d, m_wizard.context().dataDirectory, m_wizard.baseDirectory(),
                                                           *tok, m_wizard.experiment().train.seed);
            m_preview->showPreview(previewDataset(splits, *tok), d.maxLength);
            m_error->hide();
            m_previewOk = true;
        } catch (const std::exception &e) {
            showError(QString::fromStdString(e.what()));
        }
    }
    Q_EMIT completeChanged();
}

void WizardDatasetPage::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}

void WizardDatasetPage::initializePage()
{
    refreshPreview();
}

bool WizardDatasetPage::isComplete() const
{
    return m_previewOk && m_shownKey == previewKey();
}

bool WizardDatasetPage::validatePage()
{
    refreshPreview();
    return isComplete();
}

}  // namespace peftbench
