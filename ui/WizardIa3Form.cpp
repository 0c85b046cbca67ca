#include "WizardIa3Form.h"

#include "WizardTargetLayers.h"

#include <QFormLayout>

namespace peftbench {

WizardIa3Form::WizardIa3Form(QWidget *parent) : WizardMethodForm(MethodKind::Ia3, QStringLiteral("ia3"), parent)
{
    m_targets = new WizardTargetLayers(QStringLiteral("ia3"),
                                       tr("Learn a scaling vector, starting at 1, for the %1 projection of every "
                                          "block: on its output, or on its input for down (default k, v, down)"),
                                       this);
    connect(m_targets, &WizardTargetLayers::toggled, this, &WizardMethodForm::edited);
    form()->addRow(tr("Scaled layers:"), m_targets);
    loadSettings(loaded());
}

void WizardIa3Form::setModel(const std::optional<ModelConfig> &model)
{
    m_targets->setLlama(model && model->family == ModelFamily::Llama);
}

void WizardIa3Form::loadSettings(const RunTemplate &run)
{
    const auto &sweep = run.ia3.targetModules;
    m_targets->setChecked(sweep.empty() ? Ia3Settings{}.targets : sweep.front());
    m_loadedTargets = m_targets->checked();
}

void WizardIa3Form::applySettings(RunTemplate &run) const
{
    const std::vector<std::string> targets = m_targets->checked();
    if (targets == m_loadedTargets)
        run.ia3.targetModules = loaded().ia3.targetModules;
    else
        run.ia3.targetModules = targets.empty() ? std::vector<std::vector<std::string>>{}
                                                : std::vector<std::vector<std::string>>{targets};
}

void WizardIa3Form::addProblems(QStringList &problems, const std::optional<ModelConfig> &, int) const
{
    if (m_targets->checked().empty())
        problems << tr("%1: none chosen (allowed: at least one layer)").arg(fieldLabel(tr("scaled layers")));
}

}  // namespace peftbench
