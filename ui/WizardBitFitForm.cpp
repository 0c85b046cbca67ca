#include "WizardBitFitForm.h"

#include <QCheckBox>

namespace peftbench {

WizardBitFitForm::WizardBitFitForm(QWidget *parent) : WizardMethodForm(MethodKind::BitFit, QStringLiteral("bitfit"), parent)
{
    m_normWeights = addCheckBox(QStringLiteral("NormWeightsCheck"), tr("Train the norms' weights too"),
                                tr("Besides every bias, train the scale of every LayerNorm/RMSNorm: a few more "
                                   "parameters; models without biases (Llama) need it to train anything"));
    loadSettings(loaded());
}

void WizardBitFitForm::loadSettings(const RunTemplate &run)
{
    loadCheck(m_normWeights, run.bitFit.normWeights);
}

void WizardBitFitForm::applySettings(RunTemplate &run) const
{
    run.bitFit.normWeights = checkedSweep(m_normWeights, loaded().bitFit.normWeights);
}

void WizardBitFitForm::addProblems(QStringList &problems, const std::optional<ModelConfig> &model, int) const
{
    // Llama has no biases at all (Qwen2 only on q, k, v): then only the norms' weights can train.
    const bool hasBiases = !model || model->family == ModelFamily::Gpt2 || model->qkvBias;
    if (!hasBiases && !m_normWeights->isChecked())
        problems << tr("%1: off, but this model has no biases, so nothing would train (allowed: on, for a model "
                       "without biases)")
                        .arg(fieldLabel(tr("norms' weights")));
}

}  // namespace peftbench
