#include "WizardMethodForm.h"

#include "WizardSweepText.h"

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
    switch (kind) {
    case MethodKind::PromptTuning:
        return tr("Prompt Tuning");
    case MethodKind::Lora:
        return tr("LoRA");
    case MethodKind::Full:
        return tr("Full fine-tuning");
    }
    return {};
}

RunTemplate WizardMethodForm::defaultTemplate(MethodKind kind)
{
    RunTemplate run;
    run.method = kind;
    run.lr = {defaultLearningRate(kind)};
    if (kind == MethodKind::Lora) {
        const LoraSettings lora;
        run.lora.r = {lora.rank};
        run.lora.alpha = {lora.alpha};
        run.lora.dropout = {lora.dropout};
        run.lora.targetModules = {lora.targets};
    } else if (kind == MethodKind::PromptTuning) {
        const PromptTuningSettings prompt;
        run.promptTuning.numVirtualTokens = {prompt.numVirtualTokens};
        run.promptTuning.init = {prompt.init};
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
