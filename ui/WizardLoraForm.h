#pragma once
// LoRA's settings: rank, alpha, dropout, the adapted layers, rsLoRA scaling.
#include "WizardMethodForm.h"

#include <map>
#include <string>

class QCheckBox;

namespace peftbench {

class WizardLoraForm : public WizardMethodForm {
    Q_OBJECT
public:
    explicit WizardLoraForm(QWidget *parent = nullptr);
    void setModel(const std::optional<ModelConfig> &model) override;

protected:
    void loadSettings(const RunTemplate &run) override;
    void applySettings(RunTemplate &run) const override;
    void addProblems(QStringList &problems, const std::optional<ModelConfig> &model, int maxLength) const override;

private:
    std::vector<std::string> checkedTargets() const;
    void updateGate();

    QLineEdit *m_rank = nullptr;
    QLineEdit *m_alpha = nullptr;
    QLineEdit *m_dropout = nullptr;
    std::map<std::string, QCheckBox *> m_targets;
    QCheckBox *m_rslora = nullptr;
    bool m_llama = false;
    // Sweeps the checkboxes cannot show (several target sets, rslora both ways) stay as loaded
    // while the boxes are as load() left them.
    std::vector<std::string> m_loadedTargets;
    Qt::CheckState m_loadedRslora = Qt::Unchecked;
};

}  // namespace peftbench
