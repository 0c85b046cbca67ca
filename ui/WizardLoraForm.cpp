#include "WizardLoraForm.h"

#include "WizardSweepText.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>

#include <algorithm>
#include <limits>

namespace peftbench {

namespace {

// In the order of the transformer block, as the config's target_modules lists them.
const char *const kModules[] = {"q", "k", "v", "o", "up", "gate", "down"};
constexpr double kInfinity = std::numeric_limits<double>::infinity();

}  // namespace

WizardLoraForm::WizardLoraForm(QWidget *parent) : WizardMethodForm(MethodKind::Lora, QStringLiteral("lora"), parent)
{
    const auto sweepTip = tr("; several values separated by commas sweep over them");
    m_rank = addLineEdit(QStringLiteral("RankEdit"), tr("Rank r:"),
                         tr("Rank of the update B·A: 1 up to the width of the narrowest adapted layer (default 8)")
                             + sweepTip);
    m_rank->setPlaceholderText(tr("default: 8"));
    m_alpha = addLineEdit(QStringLiteral("AlphaEdit"), tr("Alpha:"),
                          tr("Scale of the update, applied as alpha/r (alpha/√r with rsLoRA); > 0 (default 16)") + sweepTip);
    m_alpha->setPlaceholderText(tr("default: 16"));
    m_dropout = addLineEdit(QStringLiteral("DropoutEdit"), tr("Dropout:"),
                            tr("Dropout on the LoRA branch's input, 0 to below 1 (default 0.05)") + sweepTip);
    m_dropout->setPlaceholderText(tr("default: 0.05"));

    auto *targets = new QHBoxLayout;
    for (const char *module : kModules) {
        auto *box = new QCheckBox(QLatin1String(module), this);
        box->setObjectName(QStringLiteral("loraTarget_%1").arg(QLatin1String(module)));
        box->setToolTip(module == std::string("gate") ? tr("The SwiGLU gate projection: only Llama-family models have it")
                                                      : tr("Adapt the %1 projection of every block").arg(QLatin1String(module)));
        connect(box, &QCheckBox::toggled, this, [this] {
            updateGate();
            Q_EMIT edited();
        });
        targets->addWidget(box);
        m_targets[module] = box;
    }
    targets->addStretch(1);
    form()->addRow(tr("Target layers:"), targets);
    m_rslora = new QCheckBox(tr("rsLoRA scaling (alpha/√r)"), this);
    m_rslora->setObjectName(QStringLiteral("loraRsloraCheck"));
    m_rslora->setToolTip(tr("Scale by alpha/√r instead of alpha/r, so higher ranks keep learning"));
    connect(m_rslora, &QCheckBox::toggled, this, &WizardMethodForm::edited);
    form()->addRow(QString(), m_rslora);
    loadSettings(loaded());
}

void WizardLoraForm::setModel(const std::optional<ModelConfig> &model)
{
    m_llama = model && model->family == ModelFamily::Llama;
    updateGate();
}

void WizardLoraForm::updateGate()
{
    // A checked gate stays editable so that a config written for Llama can be corrected.
    QCheckBox *gate = m_targets.at("gate");
    gate->setEnabled(m_llama || gate->isChecked());
}

void WizardLoraForm::loadSettings(const RunTemplate &run)
{
    const RunTemplate::LoraSweep &l = run.lora;
    for (QLineEdit *edit : {m_rank, m_alpha, m_dropout})
        edit->blockSignals(true);
    m_rank->setText(sweepText(l.r));
    m_alpha->setText(sweepText(l.alpha));
    m_dropout->setText(sweepText(l.dropout));
    for (QLineEdit *edit : {m_rank, m_alpha, m_dropout})
        edit->blockSignals(false);
    const std::vector<std::string> shown = l.targetModules.empty() ? LoraSettings{}.targets : l.targetModules.front();
    for (auto &[module, box] : m_targets) {
        const QSignalBlocker block(box);
        box->setChecked(std::find(shown.begin(), shown.end(), module) != shown.end());
    }
    m_loadedTargets = checkedTargets();
    {
        const QSignalBlocker block(m_rslora);
        m_rslora->setChecked(!l.rslora.empty() && l.rslora.front());
    }
    m_loadedRslora = m_rslora->checkState();
    updateGate();
}

std::vector<std::string> WizardLoraForm::checkedTargets() const
{
    std::vector<std::string> modules;
    for (const char *module : kModules)
        if (m_targets.at(module)->isChecked())
            modules.push_back(module);
    return modules;
}

void WizardLoraForm::applySettings(RunTemplate &run) const
{
    RunTemplate::LoraSweep &l = run.lora;
    const RunTemplate::LoraSweep &was = loaded().lora;
    QString ignored;
    const SweepRange any{-kInfinity, true, kInfinity, true, {}};
    const auto r = parseIntegerSweep(m_rank->text(), {}, std::numeric_limits<int64_t>::min(),
                                     std::numeric_limits<int64_t>::max(), {}, &ignored);
    l.r = r ? *r : was.r;
    const auto alpha = parseNumberSweep(m_alpha->text(), {}, any, &ignored);
    l.alpha = alpha ? *alpha : was.alpha;
    const auto dropout = parseNumberSweep(m_dropout->text(), {}, any, &ignored);
    l.dropout = dropout ? *dropout : was.dropout;
    const std::vector<std::string> targets = checkedTargets();
    if (targets == m_loadedTargets)
        l.targetModules = was.targetModules;
    else
        l.targetModules = targets.empty() ? std::vector<std::vector<std::string>>{} : std::vector<std::vector<std::string>>{targets};
    if (m_rslora->checkState() == m_loadedRslora)
        l.rslora = was.rslora;
    else
        l.rslora = {m_rslora->isChecked()};
}

void WizardLoraForm::addProblems(QStringList &problems, const std::optional<ModelConfig> &model, int maxLength) const
{
    QString problem;
    if (!parseIntegerSweep(m_rank->text(), fieldLabel(tr("rank")), 1, 4096, tr("a whole number in 1..4096"), &problem))
        problems << problem;
    if (!parseNumberSweep(m_alpha->text(), fieldLabel(tr("alpha")), {0.0, false, kInfinity, true, tr("a number > 0")},
                          &problem))
        problems << problem;
    if (!parseNumberSweep(m_dropout->text(), fieldLabel(tr("dropout")),
                          {0.0, true, 1.0, false, tr("a number >= 0 and < 1")}, &problem))
        problems << problem;
    if (checkedTargets().empty())
        problems << tr("%1: none chosen (allowed: at least one layer)").arg(fieldLabel(tr("target layers")));
}

}  // namespace peftbench
