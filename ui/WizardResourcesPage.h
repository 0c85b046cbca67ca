#pragma once
// Wizard page 5: where the runs train (device, threads) and what each will cost before it starts:
// peak memory by what holds it and time, with a warning when it will not fit in free memory.
#include "experiment/ExperimentConfig.h"
#include "experiment/ResourceEstimate.h"

#include <QWizardPage>

#include <optional>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QLabel;
class QSpinBox;
class QTableWidget;

namespace peftbench {

class RunWizard;

class WizardResourcesPage : public QWizardPage {
    Q_OBJECT
public:
    explicit WizardResourcesPage(RunWizard &wizard);

    void load(const ExperimentConfig &config);
    void applyTo(ExperimentConfig &config) const;
    // Replaces the measured machine (tests, or what-if estimates for another machine).
    void setEstimateEnvironment(const EstimateEnvironment &environment);
    void refreshEstimates();

    void initializePage() override;

private:
    bool usesCuda() const;
    EstimateEnvironment environment() const;
    void showChart(const std::vector<QString> &names, const std::vector<ResourceEstimate> &estimates);

    RunWizard &m_wizard;
    QComboBox *m_device = nullptr;
    QSpinBox *m_threads = nullptr;
    QCheckBox *m_checkpointing = nullptr;
    QLabel *m_environment = nullptr;
    QTableWidget *m_table = nullptr;
    QCustomPlot *m_chart = nullptr;
    QLabel *m_warning = nullptr;
    QLabel *m_error = nullptr;
    std::optional<EstimateEnvironment> m_injected;
};

}  // namespace peftbench
