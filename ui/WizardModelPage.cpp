#include "WizardModelPage.h"

#include "ErrorLabel.h"
#include "RunWizard.h"

#include "experiment/BaseModels.h"
#include "model/HfModelImport.h"
#include "tokenizer/BpeTokenizer.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QTimer>
#include <QVBoxLayout>

#include <exception>

namespace peftbench {

namespace {

const QString kBuiltin = QStringLiteral("builtin:");
const QString kFile = QStringLiteral("file:");
const QString kHf = QStringLiteral("hf:");

QLabel *valueLabel(QWidget *parent, const char *objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QLatin1String(objectName));
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

}  // namespace

WizardModelPage::WizardModelPage(RunWizard &wizard) : m_wizard(wizard)
{
    setObjectName(QStringLiteral("modelPage"));
    setTitle(tr("Base model"));
    setSubTitle(tr("The pretrained model every run starts from. All methods fine-tune the same weights."));

    m_builtinRadio = new QRadioButton(tr("Built-in model"), this);
    m_builtinRadio->setObjectName(QStringLiteral("modelBuiltinRadio"));
    m_builtinCombo = new QComboBox(this);
    m_builtinCombo->setObjectName(QStringLiteral("builtinModelCombo"));
    for (const BuiltinModelInfo &info : builtinModels())
        m_builtinCombo->addItem(info.name, info.name);
    m_builtinCombo->setToolTip(tr("Models shipped inside the workbench, with the recipe that pretrained them"));

    m_fileRadio = new QRadioButton(tr("Checkpoint file (.pwbc)"), this);
    m_fileRadio->setObjectName(QStringLiteral("modelFileRadio"));
    m_fileEdit = new QLineEdit(this);
    m_fileEdit->setObjectName(QStringLiteral("modelFileEdit"));
    m_fileEdit->setPlaceholderText(tr("Path to a model checkpoint written by 'peftbench pretrain'"));
    m_fileEdit->setToolTip(tr("A model file of ours (.pwbc); a relative path is read from the config's folder"));
    m_browse = new QPushButton(tr("Browse…"), this);
    m_browse->setObjectName(QStringLiteral("modelBrowseButton"));

    m_hfRadio = new QRadioButton(tr("Hugging Face folder"), this);
    m_hfRadio->setObjectName(QStringLiteral("modelHfRadio"));
    m_hfEdit = new QLineEdit(this);
    m_hfEdit->setObjectName(QStringLiteral("modelHfEdit"));
    m_hfEdit->setPlaceholderText(tr("Folder with config.json, model.safetensors and tokenizer.json"));
    m_hfEdit->setToolTip(tr("A local GPT-2, Llama (SmolLM, TinyLlama) or Qwen2 model folder; a relative path is read "
                            "from the config's folder. Pickle weights (.bin, .pt) are refused."));
    m_hfBrowse = new QPushButton(tr("Browse…"), this);
    m_hfBrowse->setObjectName(QStringLiteral("modelHfBrowseButton"));

    auto *group = new QButtonGroup(this);
    group->addButton(m_builtinRadio);
    group->addButton(m_fileRadio);
    group->addButton(m_hfRadio);
    m_builtinRadio->setChecked(true);

    auto *choice = new QGridLayout;
    choice->addWidget(m_builtinRadio, 0, 0);
    choice->addWidget(m_builtinCombo, 0, 1, 1, 2);
    choice->addWidget(m_fileRadio, 1, 0);
    choice->addWidget(m_fileEdit, 1, 1);
    choice->addWidget(m_browse, 1, 2);
    choice->addWidget(m_hfRadio, 2, 0);
    choice->addWidget(m_hfEdit, 2, 1);
    choice->addWidget(m_hfBrowse, 2, 2);
    choice->setColumnStretch(1, 1);

    m_description = new QLabel(this);
    m_description->setObjectName(QStringLiteral("modelDescription"));
    m_description->setWordWrap(true);

    auto *summaryBox = new QGroupBox(tr("Selected model"), this);
    auto *summary = new QFormLayout(summaryBox);
    m_family = valueLabel(summaryBox, "modelFamilyValue");
    m_layers = valueLabel(summaryBox, "modelLayersValue");
    m_width = valueLabel(summaryBox, "modelWidthValue");
    m_heads = valueLabel(summaryBox, "modelHeadsValue");
    m_parameters = valueLabel(summaryBox, "modelParametersValue");
    m_context = valueLabel(summaryBox, "modelContextValue");
    m_vocabulary = valueLabel(summaryBox, "modelVocabularyValue");
    summary->addRow(tr("Family:"), m_family);
    summary->addRow(tr("Layers:"), m_layers);
    summary->addRow(tr("Width (d_model):"), m_width);
    summary->addRow(tr("Attention heads:"), m_heads);
    summary->addRow(tr("Parameters:"), m_parameters);
    summary->addRow(tr("Context length:"), m_context);
    summary->addRow(tr("Vocabulary:"), m_vocabulary);

    m_error = createErrorLabel(QStringLiteral("errorLabel"), this);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(choice);
    layout->addWidget(m_description);
    layout->addWidget(summaryBox);
    layout->addWidget(m_error);
    layout->addStretch(1);

    // Typing a path would otherwise read the file at every keystroke.
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(250);
    connect(m_debounce, &QTimer::timeout, this, &WizardModelPage::loadModelNow);
    connect(m_builtinRadio, &QRadioButton::toggled, this, &WizardModelPage::selectionChanged);
    connect(m_fileRadio, &QRadioButton::toggled, this, &WizardModelPage::selectionChanged);
    connect(m_hfRadio, &QRadioButton::toggled, this, &WizardModelPage::selectionChanged);
    connect(m_builtinCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_builtinRadio->setChecked(true);
        selectionChanged();
    });
    connect(m_fileEdit, &QLineEdit::textEdited, this, [this] {
        m_fileRadio->setChecked(true);
        selectionChanged();
    });
    connect(m_fileEdit, &QLineEdit::editingFinished, this, &WizardModelPage::loadModelNow);
    connect(m_browse, &QPushButton::clicked, this, &WizardModelPage::browse);
    connect(m_hfEdit, &QLineEdit::textEdited, this, [this] {
        m_hfRadio->setChecked(true);
        selectionChanged();
    });
    connect(m_hfEdit, &QLineEdit::editingFinished, this, &WizardModelPage::loadModelNow);
    connect(m_hfBrowse, &QPushButton::clicked, this, &WizardModelPage::browseHfFolder);
}

QString WizardModelPage::reference() const
{
    if (m_fileRadio->isChecked())
        return kFile + m_fileEdit->text().trimmed();
    if (m_hfRadio->isChecked())
        return kHf + m_hfEdit->text().trimmed();
    return kBuiltin + m_builtinCombo->currentData().toString();
}

void WizardModelPage::load(const ExperimentConfig &config)
{
    const QString ref = config.baseModel;
    {
        const QSignalBlocker blockCombo(m_builtinCombo);
        const QSignalBlocker blockFile(m_fileEdit);
        const QSignalBlocker blockHf(m_hfEdit);
        const QSignalBlocker blockBuiltin(m_builtinRadio);
        const QSignalBlocker blockFileRadio(m_fileRadio);
        const QSignalBlocker blockHfRadio(m_hfRadio);
        if (ref.startsWith(kBuiltin)) {
            const QString name = ref.mid(kBuiltin.size());
            int index = m_builtinCombo->findData(name);
            if (index < 0) {  // unknown here: shown so that loading it reports the known names
                m_builtinCombo->addItem(name, name);
                index = m_builtinCombo->count() - 1;
            }
            m_builtinCombo->setCurrentIndex(index);
            m_builtinRadio->setChecked(true);
        } else if (ref.startsWith(kFile)) {
            m_fileEdit->setText(ref.mid(kFile.size()));
            m_fileRadio->setChecked(true);
        } else if (ref.startsWith(kHf)) {
            m_hfEdit->setText(ref.mid(kHf.size()));
            m_hfRadio->setChecked(true);
        }
    }
    loadModelNow();
}

void WizardModelPage::applyTo(ExperimentConfig &config) const
{
    config.baseModel = reference();
}

void WizardModelPage::selectionChanged()
{
    m_debounce->start();
    Q_EMIT completeChanged();
    Q_EMIT m_wizard.experimentEdited();
}

void WizardModelPage::browse()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open model checkpoint"), m_fileEdit->text(),
                                                      tr("Model checkpoints (*.pwbc);;All files (*)"));
    if (path.isEmpty())
        return;
    m_fileEdit->setText(path);
    m_fileRadio->setChecked(true);
    loadModelNow();
}

void WizardModelPage::browseHfFolder()
{
    const QString path = QFileDialog::getExistingDirectory(this, tr("Open Hugging Face model folder"), m_hfEdit->text());
    if (path.isEmpty())
        return;
    m_hfEdit->setText(path);
    m_hfRadio->setChecked(true);
    loadModelNow();
}

void WizardModelPage::loadModelNow()
{
    m_debounce->stop();
    const QString ref = reference();
    if (ref == m_loadedReference && m_wizard.modelConfig())
        return;
    m_loadedReference.clear();
    m_description->clear();
    if (ref.startsWith(kBuiltin)) {
        for (const BuiltinModelInfo &info : builtinModels())
            if (kBuiltin + info.name == ref)
                m_description->setText(info.description);
    }
    try {
        if (ref == kFile)
            throw std::invalid_argument(tr("Choose a model checkpoint file.").toStdString());
        if (ref == kHf)
            throw std::invalid_argument(tr("Choose a Hugging Face model folder.").toStdString());
        ModelConfig c;
        std::shared_ptr<const Tokenizer> tokenizer;
        if (ref.startsWith(kHf)) {
            // Checks config, tokenizer and every tensor's name, shape and dtype without reading the
            // weights, so even a large model's summary shows at once; runs import it in full.
            const HfModelSummary hf = inspectHfModel(absoluteModelReference(ref, m_wizard.baseDirectory()).mid(kHf.size()));
            c = hf.config.model;
            tokenizer = hf.tokenizer;
            m_description->setText(tr("A Hugging Face %1 model (weights: %2).").arg(hf.config.modelType, hf.weightsSource));
        } else {
            const BaseModel model = loadBaseModel(ref, m_wizard.baseDirectory());
            c = model.config;
            tokenizer = model.tokenizer;
        }
        const QLocale locale;
        m_family->setText(modelFamilyName(c.family));
        m_layers->setText(locale.toString(qlonglong(c.nLayers)));
        m_width->setText(locale.toString(qlonglong(c.dModel)));
        m_heads->setText(c.nKvHeads == c.nHeads ? locale.toString(qlonglong(c.nHeads))
                                                : tr("%1 (%2 key/value)").arg(c.nHeads).arg(c.nKvHeads));
        const qlonglong params = c.parameterCount();
        m_parameters->setText(tr("%1 M (%2)").arg(double(params) / 1e6, 0, 'f', 2).arg(locale.toString(params)));
        m_context->setText(tr("%1 tokens").arg(locale.toString(qlonglong(c.contextLength))));
        m_vocabulary->setText(tr("%1 tokens (%2 tokenizer)").arg(locale.toString(qlonglong(c.vocabSize)), tokenizer->name()));
        m_error->hide();
        m_loadedReference = ref;
        m_wizard.setModel(c, tokenizer);
    } catch (const std::exception &e) {
        for (QLabel *label : {m_family, m_layers, m_width, m_heads, m_parameters, m_context, m_vocabulary})
            label->setText(QStringLiteral("—"));
        showError(QString::fromStdString(e.what()));
        m_wizard.setModel(std::nullopt, nullptr);
    }
    Q_EMIT completeChanged();
}

void WizardModelPage::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}

bool WizardModelPage::isComplete() const
{
    return !m_loadedReference.isEmpty() && m_loadedReference == reference() && m_wizard.modelConfig().has_value();
}

bool WizardModelPage::validatePage()
{
    loadModelNow();
    return isComplete();
}

}  // namespace peftbench
