#pragma once
// Wizard page 4: the training settings every run shares, one form per chosen method, presets,
// and the experiment's YAML as it stands, checked field by field and by the core's own rules.
#include "experiment/ExperimentConfig.h"

#include <QStringList>
#include <QWizardPage>

#include <map>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace peftbench {

class RunWizard;
class WizardMethodForm;

class WizardHyperparametersPage : public QWizardPage {
    Q_OBJECT
public:
    explicit WizardHyperparametersPage(RunWizard &wizard);

    void load(const ExperimentConfig &config);
    // Training settings and repeats; the runs of the chosen methods, each method's first run
    // taking its form's values (new methods get a run, unchosen ones lose theirs).
    void applyTo(ExperimentConfig &config, const std::vector<MethodKind> &chosen) const;
    // Every problem with the fields as they are, each naming the field and what it allows.
    QStringList problems() const { return m_problems; }

    void initializePage() override;
    bool isComplete() const override;

private:
    void applyStepsPreset(int steps, int evalEvery, int warmup);
    void applyExperimentPreset(const QString &path);
    void presetChosen(int index);
    void edited();
    void recheck();
    QStringList commonProblems() const;
    WizardMethodForm *form(MethodKind kind) const;
    void saveAs();

    RunWizard &m_wizard;
    QComboBox *m_presets = nullptr;
    QSpinBox *m_steps = nullptr;
    QSpinBox *m_batch = nullptr;
    QSpinBox *m_gradAccumulation = nullptr;
    QSpinBox *m_warmup = nullptr;
    QComboBox *m_schedule = nullptr;
    QSpinBox *m_evalEvery = nullptr;
    QSpinBox *m_evalMaxExamples = nullptr;
    QSpinBox *m_earlyStopping = nullptr;
    QLineEdit *m_seed = nullptr;
    QLineEdit *m_weightDecay = nullptr;
    QLineEdit *m_gradClip = nullptr;
    QSpinBox *m_repeats = nullptr;
    std::map<MethodKind, WizardMethodForm *> m_forms;  // one per method of allMethodKinds()
    QLabel *m_error = nullptr;
    QPlainTextEdit *m_yaml = nullptr;
    QPushButton *m_save = nullptr;
    QStringList m_problems;
    bool m_loading = false;
};

}  // namespace peftbench
