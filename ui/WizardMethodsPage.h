#pragma once
// Wizard page 3: which fine-tuning methods to compare (one or more), each with what it trains
// and what it trades off.
#include "experiment/ExperimentConfig.h"

#include <QWizardPage>

#include <map>
#include <vector>

class QCheckBox;
class QLabel;

namespace peftbench {

class RunWizard;

class WizardMethodsPage : public QWizardPage {
    Q_OBJECT
public:
    explicit WizardMethodsPage(RunWizard &wizard);

    // Every method, roughly from the fewest trainable parameters to the most: the order of this
    // page, of the hyperparameter forms and of a new experiment's runs.
    static const std::vector<MethodKind> &order();
    // Checkbox object names: "methodLora", "methodPromptTuning", "methodLastLayers", ...
    static QString boxName(MethodKind kind);

    void load(const ExperimentConfig &config);
    // The chosen methods, in order().
    std::vector<MethodKind> chosenMethods() const;
    bool isChosen(MethodKind kind) const;

    bool isComplete() const override;

private:
    RunWizard &m_wizard;
    std::map<MethodKind, QCheckBox *> m_boxes;
    QLabel *m_error = nullptr;
};

}  // namespace peftbench
