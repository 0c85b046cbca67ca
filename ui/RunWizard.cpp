#include "RunWizard.h"

#include "WizardDatasetPage.h"
#include "WizardHyperparametersPage.h"
#include "WizardMethodForm.h"
#include "WizardMethodsPage.h"
#include "WizardModelPage.h"
#include "WizardResourcesPage.h"
#include "WizardSummaryPage.h"

#include "data/BuiltinDatasets.h"
#include "experiment/BaseModels.h"
#include "experiment/ConfigError.h"
#include "experiment/ConfigReader.h"
#include "experiment/ConfigWriter.h"
#include "tokenizer/Tokenizer.h"

#include <QAbstractButton>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSaveFile>

namespace peftbench {

namespace {

// A new experiment: the first built-in model and dataset, and SPEC §3's three methods at their
// defaults (the methods page offers the rest).
ExperimentConfig defaultExperiment(const RunWizardContext &context)
{
    ExperimentConfig c;
    if (!builtinModels().empty())
        c.baseModel = QStringLiteral("builtin:") + builtinModels().front().name;
    if (!builtinDatasets().empty()) {
        c.dataset.source = QStringLiteral("builtin:") + builtinDatasets().front().id;
        c.dataset.task = builtinDatasets().front().task;
    }
    c.dataset.maxLength = 128;
    c.train.evalEvery = 50;
    c.train.warmupSteps = 20;
    c.train.threads = context.threads;
    for (MethodKind kind : {MethodKind::PromptTuning, MethodKind::Lora, MethodKind::Full})
        c.runs.push_back(WizardMethodForm::defaultTemplate(kind));
    return c;
}

}  // namespace

RunWizard::RunWizard(const RunWizardContext &context, QWidget *parent) : QWizard(parent), m_context(context)
{
    setObjectName(QStringLiteral("runWizard"));
    setWindowTitle(tr("New experiment"));
    setWizardStyle(QWizard::ClassicStyle);
    setMinimumSize(960, 720);
    setButtonText(QWizard::FinishButton, tr("Launch"));
    setOption(QWizard::HaveCustomButton1, true);
    setButtonText(QWizard::CustomButton1, tr("Open YAML…"));
    button(QWizard::CustomButton1)->setObjectName(QStringLiteral("openYamlButton"));
    button(QWizard::CustomButton1)->setToolTip(tr("Start from an experiment config file"));
    connect(this, &QWizard::customButtonClicked, this, [this](int which) {
        if (which == QWizard::CustomButton1)
            openYamlDialog();
    });

    m_modelPage = new WizardModelPage(*this);
    m_datasetPage = new WizardDatasetPage(*this);
    m_methodsPage = new WizardMethodsPage(*this);
    m_hyperparametersPage = new WizardHyperparametersPage(*this);
    m_resourcesPage = new WizardResourcesPage(*this);
    m_summaryPage = new WizardSummaryPage(*this);
    setPage(ModelPageId, m_modelPage);
    setPage(DatasetPageId, m_datasetPage);
    setPage(MethodsPageId, m_methodsPage);
    setPage(HyperparametersPageId, m_hyperparametersPage);
    setPage(ResourcesPageId, m_resourcesPage);
    setPage(SummaryPageId, m_summaryPage);

    m_base = defaultExperiment(context);
    m_modelPage->load(m_base);
    m_datasetPage->load(m_base);
    m_methodsPage->load(m_base);
    m_hyperparametersPage->load(m_base);
    m_resourcesPage->load(m_base);
    m_summaryPage->load(m_base);
}

RunWizard::~RunWizard() = default;

void RunWizard::setModel(std::optional<ModelConfig> model, std::shared_ptr<const Tokenizer> tokenizer)
{
    m_model = std::move(model);
    m_tokenizer = std::move(tokenizer);
    Q_EMIT modelChanged();
}

bool RunWizard::loadYaml(const QString &path, QString *error)
{
    ExperimentConfig config;
    try {
        config = loadExperimentConfig(path);
    } catch (const ConfigError &e) {
        if (error)
            *error = e.message();
        return false;
    }
    m_base = config;
    // Resources are not folders: relative paths in a preset mean the current folder.
    m_baseDirectory = path.startsWith(QLatin1Char(':')) ? QString() : QFileInfo(path).absolutePath();
    m_modelPage->load(config);
    m_datasetPage->load(config);
    m_methodsPage->load(config);
    m_hyperparametersPage->load(config);
    m_resourcesPage->load(config);
    m_summaryPage->load(config);
    Q_EMIT experimentEdited();
    return true;
}

ExperimentConfig RunWizard::experiment() const
{
    ExperimentConfig config = m_base;
    config.sourceFile.clear();
    config.positions.clear();
    m_modelPage->applyTo(config);
    m_datasetPage->applyTo(config);
    m_hyperparametersPage->applyTo(config, m_methodsPage->chosenMethods());
    m_resourcesPage->applyTo(config);
    m_summaryPage->applyTo(config);
    return config;
}

QByteArray RunWizard::experimentYaml() const
{
    return saveExperimentConfig(experiment());
}

bool RunWizard::saveYaml(const QString &path, QString *error) const
{
    QSaveFile file(path);
    const QByteArray yaml = experimentYaml();
    if (!file.open(QIODevice::WriteOnly) || file.write(yaml) != yaml.size() || !file.commit()) {
        if (error)
            *error = tr("%1: cannot write (%2)").arg(path, file.errorString());
        return false;
    }
    return true;
}

QString RunWizard::experimentName() const
{
    return experiment().name;
}

void RunWizard::setEstimateEnvironment(const EstimateEnvironment &environment)
{
    m_resourcesPage->setEstimateEnvironment(environment);
}

void RunWizard::openYamlDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open experiment"), m_baseDirectory,
                                                      tr("Experiment configs (*.yaml *.yml);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!loadYaml(path, &error))
        QMessageBox::warning(this, tr("Open experiment"), error);
    else
        restart();
}

}  // namespace peftbench
