#include "WizardLoraForm.h"

#include "WizardSweepText.h"
#include "WizardTargetLayers.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>

#include <algorithm>
#include <limits>

namespace peftbench {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr int64_t kMaxRank = 4096;

}  // namespace

WizardLoraForm::WizardLoraForm(MethodKind kind, QWidget *parent)
    : WizardMethodForm(kind, kind == MethodKind::Dora ? QStringLiteral("dora") : QStringLiteral("lora"), parent)
{
    const QString prefix = kind == MethodKind::Dora ? QStringLiteral("dora") : QStringLiteral("lora");
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

    m_targets = new WizardTargetLayers(prefix, tr("Adapt the %1 projection of every block"), this);
    connect(m_targets, &WizardTargetLayers::toggled, this, &WizardMethodForm::edited);
    form()->addRow(tr("Target layers:"), m_targets);
    m_rankPattern = addLineEdit(QStringLiteral("RankPatternEdit"), tr("Per-layer rank:"),
                                tr("Ranks that differ from r for some target layers, as \"layer: rank\" pairs separated "
                                   "by commas, e.g. \"q: 16, v: 4\"; each layer a checked target, each rank 1..%1; "
                                   "empty: every layer uses r")
                                    .arg(kMaxRank));
    m_rankPattern->setPlaceholderText(tr("none: every layer uses r"));
    m_init = new QComboBox(this);
    m_init->setObjectName(prefix + QStringLiteral("InitCombo"));
    m_init->addItem(tr("Kaiming-uniform A, zero B"), loraInitName(LoraInit::Kaiming));
    m_init->addItem(tr("Gaussian A, zero B"), loraInitName(LoraInit::Gaussian));
    m_init->addItem(tr("PiSSA (principal singular vectors)"), loraInitName(LoraInit::Pissa));
    m_init->setToolTip(tr("How A and B start. Kaiming and Gaussian start the update at zero (the model starts as the "
                          "base). PiSSA starts A and B from the weight's top-r singular vectors and trains the "
                          "principal part: often faster to converge, at an SVD per layer before training"));
    connect(m_init, &QComboBox::currentIndexChanged, this, &WizardMethodForm::edited);
    form()->addRow(tr("Initialisation:"), m_init);
    m_rslora = addCheckBox(QStringLiteral("RsloraCheck"), tr("rsLoRA scaling (alpha/√r)"),
                           tr("Scale by alpha/√r instead of alpha/r, so higher ranks keep learning"));
    loadSettings(loaded());
}

void WizardLoraForm::setModel(const std::optional<ModelConfig> &model)
{
    m_targets->setLlama(model && model->family == ModelFamily::Llama);
}

QString WizardLoraForm::rankPatternText(const std::map<std::string, int64_t> &pattern)
{
    QStringList parts;
    // In the order of the block, as the target layers read (the config reader allows no other names).
    for (const std::string &module : WizardTargetLayers::modules())
        if (const auto it = pattern.find(module); it != pattern.end())
            parts << QStringLiteral("%1: %2").arg(QString::fromStdString(module)).arg(it->second);
    return parts.join(QStringLiteral(", "));
}

std::optional<std::map<std::string, int64_t>> WizardLoraForm::parseRankPattern(const QString &text, const QString &label,
                                                                               QString *problem)
{
    std::map<std::string, int64_t> pattern;
    if (text.trimmed().isEmpty())
        return pattern;
    const std::vector<std::string> &modules = WizardTargetLayers::modules();
    for (const QString &item : text.split(QLatin1Char(','))) {
        const QString pair = item.trimmed();
        const qsizetype colon = pair.indexOf(QLatin1Char(':'));
        const std::string module = pair.left(colon).trimmed().toStdString();
        bool ok = false;
        const qlonglong rank = colon < 0 ? 0 : pair.mid(colon + 1).trimmed().toLongLong(&ok);
        if (colon < 0 || std::find(modules.begin(), modules.end(), module) == modules.end()) {
            *problem = tr("%1: '%2' is not a \"layer: rank\" pair (allowed: layers q, k, v, o, up, gate, down, "
                          "e.g. \"q: 16\")")
                           .arg(label, pair);
            return std::nullopt;
        }
        if (!ok || rank < 1 || rank > kMaxRank) {
            *problem = tr("%1: '%2' is not an allowed rank for %3 (allowed: a whole number in 1..%4)")
                           .arg(label, pair.mid(colon + 1).trimmed(), QString::fromStdString(module))
                           .arg(kMaxRank);
            return std::nullopt;
        }
        if (pattern.count(module)) {
            *problem = tr("%1: %2 is given twice (allowed: one rank per layer)").arg(label, QString::fromStdString(module));
            return std::nullopt;
        }
        pattern[module] = rank;
    }
    return pattern;
}

LoraInit WizardLoraForm::chosenInit() const
{
    return parseLoraInit(m_init->currentData().toString()).value_or(LoraInit::Kaiming);
}

void WizardLoraForm::loadSettings(const RunTemplate &run)
{
    const RunTemplate::LoraSweep &l = run.lora;
    for (QLineEdit *edit : {m_rank, m_alpha, m_dropout, m_rankPattern})
        edit->blockSignals(true);
    m_rank->setText(sweepText(l.r));
    m_alpha->setText(sweepText(l.alpha));
    m_dropout->setText(sweepText(l.dropout));
    m_rankPattern->setText(l.rankPattern.empty() ? QString() : rankPatternText(l.rankPattern.front()));
    for (QLineEdit *edit : {m_rank, m_alpha, m_dropout, m_rankPattern})
        edit->blockSignals(false);
    m_targets->setChecked(l.targetModules.empty() ? LoraSettings{}.targets : l.targetModules.front());
    m_loadedTargets = m_targets->checked();
    loadCheck(m_rslora, l.rslora);
    {
        const QSignalBlocker block(m_init);
        m_init->setCurrentIndex(m_init->findData(loraInitName(l.init.empty() ? LoraSettings{}.init : l.init.front())));
    }
    m_loadedInit = m_init->currentIndex();
    m_loadedRankPattern = m_rankPattern->text();
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
    const std::vector<std::string> targets = m_targets->checked();
    if (targets == m_loadedTargets)
        l.targetModules = was.targetModules;
    else
        l.targetModules = targets.empty() ? std::vector<std::vector<std::string>>{} : std::vector<std::vector<std::string>>{targets};
    l.rslora = checkedSweep(m_rslora, was.rslora);
    l.init = m_init->currentIndex() == m_loadedInit ? was.init : std::vector<LoraInit>{chosenInit()};
    if (m_rankPattern->text() == m_loadedRankPattern) {
        l.rankPattern = was.rankPattern;
    } else {
        const auto pattern = parseRankPattern(m_rankPattern->text(), {}, &ignored);
        if (pattern)
            l.rankPattern = pattern->empty() ? std::vector<std::map<std::string, int64_t>>{}
                                             : std::vector<std::map<std::string, int64_t>>{*pattern};
        else
            l.rankPattern = was.rankPattern;
    }
}

void WizardLoraForm::addProblems(QStringList &problems, const std::optional<ModelConfig> &model, int maxLength) const
{
    QString problem;
    if (!parseIntegerSweep(m_rank->text(), fieldLabel(tr("rank")), 1, kMaxRank,
                           tr("a whole number in 1..%1").arg(kMaxRank), &problem))
        problems << problem;
    if (!parseNumberSweep(m_alpha->text(), fieldLabel(tr("alpha")), {0.0, false, kInfinity, true, tr("a number > 0")},
                          &problem))
        problems << problem;
    if (!parseNumberSweep(m_dropout->text(), fieldLabel(tr("dropout")),
                          {0.0, true, 1.0, false, tr("a number >= 0 and < 1")}, &problem))
        problems << problem;
    const std::vector<std::string> targets = m_targets->checked();
    if (targets.empty())
        problems << tr("%1: none chosen (allowed: at least one layer)").arg(fieldLabel(tr("target layers")));
    const QString patternLabel = fieldLabel(tr("per-layer rank"));
    if (const auto pattern = parseRankPattern(m_rankPattern->text(), patternLabel, &problem); !pattern) {
        problems << problem;
    } else {
        // A rank for a layer that is not adapted would change nothing: say so rather than ignore it.
        for (const auto &[module, rank] : *pattern)
            if (std::find(targets.begin(), targets.end(), module) == targets.end())
                problems << tr("%1: %2 is not a checked target layer (allowed: ranks for target layers only)")
                                .arg(patternLabel, QString::fromStdString(module));
    }
}

}  // namespace peftbench
