#pragma once
// Freeze all but the last N blocks: how many train, and whether the head trains with them.
#include "WizardMethodForm.h"

namespace peftbench {

class WizardLastLayersForm : public WizardMethodForm {
    Q_OBJECT
public:
    explicit WizardLastLayersForm(QWidget *parent = nullptr);

protected:
    void loadSettings(const RunTemplate &run) override;
    void applySettings(RunTemplate &run) const override;
    void addProblems(QStringList &problems, const std::optional<ModelConfig> &model, int maxLength) const override;

private:
    QLineEdit *m_layers = nullptr;
    QCheckBox *m_head = nullptr;
};

}  // namespace peftbench
