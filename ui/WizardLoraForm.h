#pragma once
// LoRA's settings: rank, alpha, dropout, the adapted layers, rsLoRA scaling, how A and B start,
// and per-layer ranks. DoRA reads the same `lora:` block, so one class serves both methods.
#include "WizardMethodForm.h"

#include <map>
#include <string>

class QComboBox;

namespace peftbench {

class WizardTargetLayers;

class WizardLoraForm : public WizardMethodForm {
    Q_OBJECT
public:
    // `kind`: MethodKind::Lora (children "lora…") or MethodKind::Dora ("dora…").
    explicit WizardLoraForm(MethodKind kind, QWidget *parent = nullptr);
    void setModel(const std::optional<ModelConfig> &model) override;

    // "q: 16, down: 4" and back; nullopt with `problem` naming the item and what is allowed.
    static QString rankPatternText(const std::map<std::string, int64_t> &pattern);
    static std::optional<std::map<std::string, int64_t>> parseRankPattern(const QString &text, const QString &label,
                                                                         QString *problem);

protected:
    void loadSettings(const RunTemplate &run) override;
    void applySettings(RunTemplate &run) const override;
    void addProblems(QStringList &problems, const std::optional<ModelConfig> &model, int maxLength) const override;

private:
    LoraInit chosenInit() const;

    QLineEdit *m_rank = nullptr;
    QLineEdit *m_alpha = nullptr;
    QLineEdit *m_dropout = nullptr;
    WizardTargetLayers *m_targets = nullptr;
    QCheckBox *m_rslora = nullptr;
    QComboBox *m_init = nullptr;
    QLineEdit *m_rankPattern = nullptr;
    // Sweeps the fields cannot show (several target sets, inits or rank patterns) stay as loaded
    // while the fields are as load() left them.
    std::vector<std::string> m_loadedTargets;
    int m_loadedInit = -1;
    QString m_loadedRankPattern;
};

}  // namespace peftbench
