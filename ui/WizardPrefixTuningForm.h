#pragma once
// Prefix tuning's settings: how many key/value prefixes each layer learns, and whether they are
// trained through a projection MLP.
#include "WizardMethodForm.h"

namespace peftbench {

class WizardPrefixTuningForm : public WizardMethodForm {
    Q_OBJECT
public:
    explicit WizardPrefixTuningForm(QWidget *parent = nullptr);

protected:
    void loadSettings(const RunTemplate &run) override;
    void applySettings(RunTemplate &run) const override;
    void addProblems(QStringList &problems, const std::optional<ModelConfig> &model, int maxLength) const override;

private:
    QLineEdit *m_tokens = nullptr;
    QCheckBox *m_projection = nullptr;
    QLineEdit *m_hidden = nullptr;
};

}  // namespace peftbench
