#include "WizardMethodForm.h"

#include "RunLabels.h"
#include "WizardSweepText.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

#include <limits>

namespace peftbench {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

}  // namespace

WizardMethodForm::WizardMethodForm(MethodKind kind, const QString &prefix, QWidget *parent)
    : QGroupBox(methodTitle(kind), parent), m_kind(kind), m_prefix(prefix), m_loaded(defaultTemplate(kind))
{
    setObjectName(prefix + QStringLiteral("Form"));
    m_form = new QFormLayout;
    m_name = addLineEdit(QStringLiteral("NameEdit"), tr("Run name:"),
                         tr("Shown in the runs table and charts; empty: generated from the method and swept values"));
    m_name->setPlaceholderText(tr("generated, e.g. \"%1\"").arg(methodKindName(kind)));
    m_lr = addLineEdit(QStringLiteral("LrEdit"), tr("Learning rate:"),
                       tr("AdamW's peak learning rate, a number > 0 and <= 10 (SPEC default %1); "
                          "several separated by commas sweep over them")
                           .arg(defaultLearningRate(kind)));
    m_lr->setPlaceholderText(tr("default: the shared lr, else %1").arg(defaultLearningRate(kind)));
    m_note = new QLabel(this);
    m_note->setObjectName(prefix + QStringLiteral("Note"));
    m_note->setWordWrap(true);
    m_note->hide();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_note);
}

QString WizardMethodForm::methodTitle(MethodKind kind)
{
    return methodLabel(methodKindName(kind));
}

RunTemplate WizardMethodForm::defaultTemplate(MethodKind kind)
{
    RunTemplate run;
    run.method = kind;
    run.lr = {defaultLearningRate(kind)};
    switch (kind) {
    case MethodKind::Lora:
    case MethodKind::Dora: {
        const LoraSettings lora;
        run.lora.r = {lora.rank};
        run.lora.alpha = {lora.alpha};
        run.lora.dropout = {lora.dropout};
        run.lora.targetModules = {lora.targets};
        break;
    }
    case MethodKind::PromptTuning: {
        const PromptTuningSettings prompt;
        run.promptTuning.numVirtualTokens = {prompt.numVirtualTokens};
        run.promptTuning.init = {prompt.init};
        break;
    }
    case MethodKind::PrefixTuning:
        run.prefixTuning.numVirtualTokens = {PrefixTuningSettings{}.numVirtualTokens};
        break;
    case MethodKind::Ia3:
        run.ia3.targetModules = {Ia3Settings{}.targets};
        break;
    case MethodKind::LastLayers:
        run.lastLayers.layers = {LastLayersSettings{}.layers};
        break;
    case MethodKind::Full:
    case MethodKind::BitFit:
        break;  // nothing beyond the learning rate
    }
    return run;
}

QLineEdit *WizardMethodForm::addLineEdit(const QString &name, const QString &label, const QString &toolTip)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(m_prefix + name);
    edit->setToolTip(toolTip);
    m_form->addRow(label, edit);
    connect(edit, &QLineEdit::textChanged, this, &WizardMethodForm::edited);
    return edit;
}

void WizardMethodForm::addContextProblems(QStringList &problems, const std::vector<int64_t> &counts, const QString &label,
                                          const std::optional<ModelConfig> &model, int maxLength)
{
    if (!model)
        return;
    const int64_t room = model->contextLength - maxLength;
    for (int64_t n : counts) {
        if (n + maxLength <= model->contextLength)
            continue;
        problems << (room >= 1 ? tr("%1: %2 virtual tokens + max_length %3 exceed the model's context of %4 tokens "
                                    "(allowed: 1..%5, or a shorter max_length)")
                                     .arg(label)
                                     .arg(n)
                                     .arg(maxLength)
                                     .arg(model->contextLength)
                                     .arg(room)
                               : tr("%1: max_length %2 leaves no room for virtual tokens in the model's context of "
                                    "%3 tokens (allowed: max_length at most %4)")
                                     .arg(label)
                                     .arg(maxLength)
                                     .arg(model->contextLength)
                                     .arg(model->contextLength - 1));
        return;
    }
}

QCheckBox *WizardMethodForm::addCheckBox(const QString &name, const QString &text, const QString &toolTip)
{
    auto *box = new QCheckBox(text, this);
    box->setObjectName(m_prefix + name);
    box->setToolTip(toolTip);
    m_form->addRow(QString(), box);
    connect(box, &QCheckBox::toggled, this, &WizardMethodForm::edited);
    return box;
}

void WizardMethodForm::loadCheck(QCheckBox *box, const std::vector<bool> &sweep)
{
    const QSignalBlocker block(box);
    box->setChecked(!sweep.empty() && sweep.front());
}

std::vector<bool> WizardMethodForm::checkedSweep(const QCheckBox *box, const std::vector<bool> &loaded)
{
    const bool shownAsLoaded = box->isChecked() == (!loaded.empty() && loaded.front());
    return shownAsLoaded ? loaded : std::vector<bool>{box->isChecked()};
}

QString WizardMethodForm::fieldLabel(const QString &field) const
{
    return tr("%1 %2").arg(methodTitle(m_kind), field);
}

void WizardMethodForm::load(const RunTemplate &run, int otherRuns)
{
    m_loaded = run;
    {
        const QSignalBlocker blockName(m_name);
        const QSignalBlocker blockLr(m_lr);
        m_name->setText(run.name);
        m_lr->setText(sweepText(run.lr));
    }
    loadSettings(run);
    m_note->setText(tr("The loaded config has %n more run(s) of this method; they are kept as written.", nullptr, otherRuns));
    m_note->setVisible(otherRuns > 0);
    Q_EMIT edited();
}

void WizardMethodForm::applyTo(RunTemplate &run) const
{
    run.method = m_kind;
    run.name = m_name->text().trimmed();
    QString ignored;
    if (auto lr = parseNumberSweep(m_lr->text(), {}, {-kInfinity, true, kInfinity, true, {}}, &ignored))
        run.lr = *lr;
    else
        run.lr = m_loaded.lr;
    applySettings(run);
}

QStringList WizardMethodForm::problems(const std::optional<ModelConfig> &model, int maxLength) const
{
    QStringList list;
    QString problem;
    if (!parseNumberSweep(m_lr->text(), fieldLabel(tr("learning rate")),
                          {0.0, false, 10.0, true, tr("a number > 0 and <= 10")}, &problem))
        list << problem;
    addProblems(list, model, maxLength);
    return list;
}

}  // namespace peftbench
