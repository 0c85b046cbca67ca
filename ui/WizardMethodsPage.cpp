#include "WizardMethodsPage.h"

#include "ErrorLabel.h"
#include "RunWizard.h"

#include <QCheckBox>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace peftbench {

namespace {

constexpr MethodKind kOrder[] = {MethodKind::PromptTuning, MethodKind::Lora, MethodKind::Full};

}  // namespace

WizardMethodsPage::WizardMethodsPage(RunWizard &wizard) : m_wizard(wizard)
{
    setObjectName(QStringLiteral("methodsPage"));
    setTitle(tr("Methods"));
    setSubTitle(tr("Every chosen method fine-tunes the same model on the same data, so the comparison is fair."));

    auto *layout = new QVBoxLayout(this);
    const auto add = [&](const char *name, const QString &title, const QString &trains, const QString &tradeOff) {
        auto *check = new QCheckBox(title, this);
        check->setObjectName(QLatin1String(name));
        check->setToolTip(trains + QLatin1Char('\n') + tradeOff);
        QFont bold = check->font();
        bold.setBold(true);
        check->setFont(bold);
        auto *description = new QLabel(trains + QLatin1Char('\n') + tradeOff, this);
        description->setObjectName(QLatin1String(name) + QStringLiteral("Description"));
        description->setWordWrap(true);
        description->setContentsMargins(24, 0, 0, 8);
        layout->addWidget(check);
        layout->addWidget(description);
        connect(check, &QCheckBox::toggled, this, [this] {
            m_error->setVisible(!isComplete());
            Q_EMIT completeChanged();
            Q_EMIT m_wizard.experimentEdited();
        });
        return check;
    };
    m_promptTuning = add("methodPromptTuning", tr("Prompt Tuning"),
                         tr("Trains only a few virtual token embeddings prepended to every input; the model stays frozen."),
                         tr("The fewest trainable parameters and the smallest adapter, but it learns slowest and "
                            "needs a large learning rate; quality lags on small models."));
    m_lora = add("methodLora", tr("LoRA"),
                 tr("Trains a low-rank update B·A of chosen linear layers (attention q, v by default); the base stays frozen."),
                 tr("A small fraction of the parameters and optimizer memory with quality close to full "
                    "fine-tuning; the rank bounds how much it can change."));
    m_full = add("methodFull", tr("Full fine-tuning"),
                 tr("Trains every parameter of the model."),
                 tr("Usually the best quality, but gradients and optimizer state for every weight cost the "
                    "most memory, and it over-fits small datasets most easily."));

    m_error = createErrorLabel(QStringLiteral("errorLabel"), this);
    m_error->setText(tr("Choose at least one method."));
    layout->addWidget(m_error);
    layout->addStretch(1);
}

QCheckBox *WizardMethodsPage::box(MethodKind kind) const
{
    switch (kind) {
    case MethodKind::PromptTuning:
        return m_promptTuning;
    case MethodKind::Lora:
        return m_lora;
    case MethodKind::Full:
        return m_full;
    }
    return m_full;
}

void WizardMethodsPage::load(const ExperimentConfig &config)
{
    for (MethodKind kind : kOrder) {
        const bool used = std::any_of(config.runs.begin(), config.runs.end(),
                                      [kind](const RunTemplate &run) { return run.method == kind; });
        const QSignalBlocker block(box(kind));
        box(kind)->setChecked(used);
    }
    m_error->setVisible(!isComplete());
    Q_EMIT completeChanged();
}

std::vector<MethodKind> WizardMethodsPage::chosenMethods() const
{
    std::vector<MethodKind> chosen;
    for (MethodKind kind : kOrder)
        if (box(kind)->isChecked())
            chosen.push_back(kind);
    return chosen;
}

bool WizardMethodsPage::isChosen(MethodKind kind) const
{
    return box(kind)->isChecked();
}

bool WizardMethodsPage::isComplete() const
{
    return !chosenMethods().empty();
}

}  // namespace peftbench
