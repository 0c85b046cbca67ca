#pragma once
// Wizard page 6: the experiment's name, what will run (model, dataset, every expanded run) and
// the final YAML, before Launch.
#include "experiment/ExperimentConfig.h"

#include <QWizardPage>

class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;

namespace peftbench {

class RunWizard;

class WizardSummaryPage : public QWizardPage {
    Q_OBJECT
public:
    explicit WizardSummaryPage(RunWizard &wizard);

    void load(const ExperimentConfig &config);
    // The typed name, else one made from the dataset and the methods.
    void applyTo(ExperimentConfig &config) const;
    void refresh();

    void initializePage() override;
    bool isComplete() const override;

private:
    RunWizard &m_wizard;
    QLineEdit *m_name = nullptr;
    QLabel *m_summary = nullptr;
    QListWidget *m_runs = nullptr;
    QPlainTextEdit *m_yaml = nullptr;
    QLabel *m_error = nullptr;
    bool m_ok = false;
};

}  // namespace peftbench
