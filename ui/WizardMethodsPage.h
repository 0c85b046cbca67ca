#pragma once
// Wizard page 3: which fine-tuning methods to compare (one or more), each with what it trains
// and what it trades off.
#include "experiment/ExperimentConfig.h"

#include <QWizardPage>

#include <vector>

class QCheckBox;
class QLabel;

namespace peftbench {

class RunWizard;

class WizardMethodsPage : public QWizardPage {
    Q_OBJECT
public:
    explicit WizardMethodsPage(RunWizard &wizard);

    void load(const ExperimentConfig &config);
    // In the order the runs of a new experiment are listed: the lightest method first.
    std::vector<MethodKind> chosenMethods() const;
    bool isChosen(MethodKind kind) const;

    bool isComplete() const override;

private:
    QCheckBox *box(MethodKind kind) const;

    RunWizard &m_wizard;
    QCheckBox *m_promptTuning = nullptr;
    QCheckBox *m_lora = nullptr;
    QCheckBox *m_full = nullptr;
    QLabel *m_error = nullptr;
};

}  // namespace peftbench
