#include "WizardPrefixTuningForm.h"

#include "WizardSweepText.h"

#include <QCheckBox>
#include <QLineEdit>

#include <algorithm>
#include <limits>

namespace peftbench {

namespace {

constexpr int64_t kMaxTokens = 4096;
constexpr int64_t kMaxHidden = 65536;

}  // namespace

WizardPrefixTuningForm::WizardPrefixTuningForm(QWidget *parent)
    : WizardMethodForm(MethodKind::PrefixTuning, QStringLiteral("prefix"), parent)
{
    const PrefixTuningSettings defaults;
    m_tokens = addLineEdit(QStringLiteral("TokensEdit"), tr("Prefix length:"),
                           tr("Trainable key and value vectors every layer's attention sees before the input: 1..%1, "
                              "and with max_length within the model's context (default %2); every attention grows by "
                              "them. Several separated by commas sweep over them")
                               .arg(kMaxTokens)
                               .arg(defaults.numVirtualTokens));
    m_tokens->setPlaceholderText(tr("default: %1").arg(defaults.numVirtualTokens));
    m_projection = addCheckBox(QStringLiteral("ProjectionCheck"), tr("Train through a projection MLP"),
                               tr("Train an embedding and a two-layer MLP that produce the prefixes (more stable, as in "
                                  "the prefix-tuning paper, but many more trainable parameters); only the prefixes are "
                                  "kept at the end"));
    m_hidden = addLineEdit(QStringLiteral("HiddenEdit"), tr("Projection width:"),
                           tr("Hidden width of the projection MLP: 1..%1 (default %2); several separated by commas "
                              "sweep over them")
                               .arg(kMaxHidden)
                               .arg(defaults.projectionHidden));
    m_hidden->setPlaceholderText(tr("default: %1").arg(defaults.projectionHidden));
    connect(m_projection, &QCheckBox::toggled, m_hidden, &QWidget::setEnabled);
    loadSettings(loaded());
}

void WizardPrefixTuningForm::loadSettings(const RunTemplate &run)
{
    const RunTemplate::PrefixTuningSweep &p = run.prefixTuning;
    const QSignalBlocker blockTokens(m_tokens);
    const QSignalBlocker blockHidden(m_hidden);
    m_tokens->setText(sweepText(p.numVirtualTokens));
    m_hidden->setText(sweepText(p.projectionHidden));
    loadCheck(m_projection, p.projection);
    m_hidden->setEnabled(m_projection->isChecked() || !p.projectionHidden.empty());
}

void WizardPrefixTuningForm::applySettings(RunTemplate &run) const
{
    RunTemplate::PrefixTuningSweep &p = run.prefixTuning;
    const RunTemplate::PrefixTuningSweep &was = loaded().prefixTuning;
    QString ignored;
    const auto tokens = parseIntegerSweep(m_tokens->text(), {}, std::numeric_limits<int64_t>::min(),
                                          std::numeric_limits<int64_t>::max(), {}, &ignored);
    p.numVirtualTokens = tokens ? *tokens : was.numVirtualTokens;
    p.projection = checkedSweep(m_projection, was.projection);
    const auto hidden = parseIntegerSweep(m_hidden->text(), {}, std::numeric_limits<int64_t>::min(),
                                          std::numeric_limits<int64_t>::max(), {}, &ignored);
    p.projectionHidden = hidden ? *hidden : was.projectionHidden;
    if (std::find(p.projection.begin(), p.projection.end(), true) == p.projection.end())
        p.projectionHidden.clear();  // the config refuses projection_hidden without projection: true
}

void WizardPrefixTuningForm::addProblems(QStringList &problems, const std::optional<ModelConfig> &model,
                                         int maxLength) const
{
    QString problem;
    const auto tokens = parseIntegerSweep(m_tokens->text(), fieldLabel(tr("prefix length")), 1, kMaxTokens,
                                          tr("a whole number in 1..%1").arg(kMaxTokens), &problem);
    if (!tokens)
        problems << problem;
    else
        addContextProblems(problems, tokens->empty() ? std::vector<int64_t>{PrefixTuningSettings{}.numVirtualTokens} : *tokens,
                           fieldLabel(tr("prefix length")), model, maxLength);
    if (m_projection->isChecked()
        && !parseIntegerSweep(m_hidden->text(), fieldLabel(tr("projection width")), 1, kMaxHidden,
                           tr("a whole number in 1..%1").arg(kMaxHidden), &problem))
        problems << problem;
}

}  // namespace peftbench
