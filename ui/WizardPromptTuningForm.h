#pragma once
// Prompt Tuning's settings: how many virtual tokens and how they start.
#include "WizardMethodForm.h"

class QComboBox;

namespace peftbench {

class WizardPromptTuningForm : public WizardMethodForm {
    Q_OBJECT
public:
    explicit WizardPromptTuningForm(QWidget *parent = nullptr);

protected:
    void loadSettings(const RunTemplate &run) override;
    void applySettings(RunTemplate &run) const override;
    void addProblems(QStringList &problems, const std::optional<ModelConfig> &model, int maxLength) const override;

private:
    PromptInit chosenInit() const;

    QLineEdit *m_tokens = nullptr;
    QComboBox *m_init = nullptr;
    QLineEdit *m_initText = nullptr;
    // Sweeps the fields cannot show (several inits or init texts) stay as loaded while the fields
    // are as load() left them.
    int m_loadedInit = -1;
    QString m_loadedInitText;
};

}  // namespace peftbench
