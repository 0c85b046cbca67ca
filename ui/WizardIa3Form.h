#pragma once
// IA3's settings: which layers get a learned scaling vector.
#include "WizardMethodForm.h"

namespace peftbench {

class WizardTargetLayers;

class WizardIa3Form : public WizardMethodForm {
    Q_OBJECT
public:
    explicit WizardIa3Form(QWidget *parent = nullptr);
    void setModel(const std::optional<ModelConfig> &model) override;

protected:
    void loadSettings(const RunTemplate &run) override;
    void applySettings(RunTemplate &run) const override;
    void addProblems(QStringList &problems, const std::optional<ModelConfig> &model, int maxLength) const override;

private:
    WizardTargetLayers *m_targets = nullptr;
    // Several target sets (a sweep) stay as loaded while the boxes show the first.
    std::vector<std::string> m_loadedTargets;
};

}  // namespace peftbench
