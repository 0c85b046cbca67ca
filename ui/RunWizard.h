#pragma once
// The run wizard (SPEC §7): base model → dataset → methods → hyperparameters → resources →
// summary. Every page edits part of one experiment config (SPEC §6); the wizard writes exactly the
// YAML the command line reads, and can start from an existing config file.
#include "experiment/ExperimentConfig.h"
#include "experiment/ResourceEstimate.h"
#include "model/ModelConfig.h"

#include <QByteArray>
#include <QString>
#include <QWizard>

#include <memory>
#include <optional>

namespace peftbench {

class Tokenizer;
class WizardDatasetPage;
class WizardHyperparametersPage;
class WizardMethodsPage;
class WizardModelPage;
class WizardResourcesPage;
class WizardSummaryPage;

struct RunWizardContext {
    QString dataDirectory;  // where the built-in datasets are cached
    int threads = 0;        // default intra-op threads for new experiments; 0 = one per core
};

class RunWizard : public QWizard {
    Q_OBJECT
public:
    enum PageId { ModelPageId, DatasetPageId, MethodsPageId, HyperparametersPageId, ResourcesPageId, SummaryPageId };

    explicit RunWizard(const RunWizardContext &context, QWidget *parent = nullptr);
    ~RunWizard() override;

    // Fills every page from a config file (or a ":/experiments/..." resource). Settings the pages
    // do not show (sweeps over target sets, extra runs of one method, optimizer betas, ...) are kept
    // as loaded, so an unedited config saves back equal. On an error nothing changes.
    bool loadYaml(const QString &path, QString *error = nullptr);
    QByteArray experimentYaml() const;  // the config being built, as saved
    bool saveYaml(const QString &path, QString *error = nullptr) const;
    QString experimentName() const;

    // The config being built, from every page's fields.
    ExperimentConfig experiment() const;
    // The folder relative paths in the config (file: models, dataset files) are resolved against:
    // the loaded config's folder, else empty (the current folder).
    QString baseDirectory() const { return m_baseDirectory; }
    const RunWizardContext &context() const { return m_context; }

    // The selected base model once it loaded; nullopt while none is loaded.
    const std::optional<ModelConfig> &modelConfig() const { return m_model; }
    std::shared_ptr<const Tokenizer> tokenizer() const { return m_tokenizer; }

    // The machine the resource estimate is for; by default this one, measured when first needed.
    void setEstimateEnvironment(const EstimateEnvironment &environment);

Q_SIGNALS:
    // The base model changed (loaded, or failed to load): model-dependent checks rerun.
    void modelChanged();
    // Any field of any page changed: previews of the whole config refresh.
    void experimentEdited();

private:
    friend class WizardModelPage;  // reports the loaded model
    void setModel(std::optional<ModelConfig> model, std::shared_ptr<const Tokenizer> tokenizer);
    void openYamlDialog();

    RunWizardContext m_context;
    ExperimentConfig m_base;  // what was loaded (or the defaults): keeps what no page edits
    QString m_baseDirectory;
    std::optional<ModelConfig> m_model;
    std::shared_ptr<const Tokenizer> m_tokenizer;

    WizardModelPage *m_modelPage = nullptr;
    WizardDatasetPage *m_datasetPage = nullptr;
    WizardMethodsPage *m_methodsPage = nullptr;
    WizardHyperparametersPage *m_hyperparametersPage = nullptr;
    WizardResourcesPage *m_resourcesPage = nullptr;
    WizardSummaryPage *m_summaryPage = nullptr;
};

}  // namespace peftbench
