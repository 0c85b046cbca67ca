#include "WizardLastLayersForm.h"

#include "WizardSweepText.h"

#include <QCheckBox>
#include <QLineEdit>

#include <limits>

namespace peftbench {

namespace {

constexpr int64_t kMaxLayers = 4096;

}  // namespace

WizardLastLayersForm::WizardLastLayersForm(QWidget *parent)
    : WizardMethodForm(MethodKind::LastLayers, QStringLiteral("lastLayers"), parent)
{
    const LastLayersSettings defaults;
    m_layers = addLineEdit(QStringLiteral("LayersEdit"), tr("Trained blocks N:"),
                           tr("How many of the last transformer blocks train, 1 up to the model's number of blocks "
                              "(default %1); the blocks before them stay frozen. Several separated by commas sweep "
                              "over them")
                               .arg(defaults.layers));
    m_layers->setPlaceholderText(tr("default: %1").arg(defaults.layers));
    m_head = addCheckBox(QStringLiteral("HeadCheck"), tr("Train the final norm and the output head too"),
                         tr("The head maps to the vocabulary; when it shares the token embedding (a tied head), the "
                            "embedding trains with it, which costs many parameters"));
    loadSettings(loaded());
}

void WizardLastLayersForm::loadSettings(const RunTemplate &run)
{
    const QSignalBlocker block(m_layers);
    m_layers->setText(sweepText(run.lastLayers.layers));
    loadCheck(m_head, run.lastLayers.head);
}

void WizardLastLayersForm::applySettings(RunTemplate &run) const
{
    const RunTemplate::LastLayersSweep &was = loaded().lastLayers;
    QString ignored;
    const auto layers = parseIntegerSweep(m_layers->text(), {}, std::numeric_limits<int64_t>::min(),
                                          std::numeric_limits<int64_t>::max(), {}, &ignored);
    run.lastLayers.layers = layers ? *layers : was.layers;
    run.lastLayers.head = checkedSweep(m_head, was.head);
}

void WizardLastLayersForm::addProblems(QStringList &problems, const std::optional<ModelConfig> &model, int) const
{
    const int64_t most = model ? model->nLayers : kMaxLayers;
    const QString allowed = model ? tr("a whole number in 1..%1 (the model's blocks)").arg(most)
                                  : tr("a whole number in 1..%1").arg(most);
    QString problem;
    if (!parseIntegerSweep(m_layers->text(), fieldLabel(tr("trained blocks")), 1, most, allowed, &problem))
        problems << problem;
}

}  // namespace peftbench
