#pragma once
// BitFit's settings: biases only, or the norms' weights too.
#include "WizardMethodForm.h"

namespace peftbench {

class WizardBitFitForm : public WizardMethodForm {
    Q_OBJECT
public:
    explicit WizardBitFitForm(QWidget *parent = nullptr);

protected:
    void loadSettings(const RunTemplate &run) override;
    void applySettings(RunTemplate &run) const override;
    void addProblems(QStringList &problems, const std::optional<ModelConfig> &model, int maxLength) const override;

private:
    QCheckBox *m_normWeights = nullptr;
};

}  // namespace peftbench
