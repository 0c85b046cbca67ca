#include "WizardMethodsPage.h"

#include "ErrorLabel.h"
#include "RunWizard.h"
#include "WizardMethodForm.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace peftbench {

namespace {

// What the method trains, then what it trades off: the two lines under its checkbox.
std::pair<QString, QString> description(MethodKind kind)
{
    switch (kind) {
    case MethodKind::PromptTuning:
        return {WizardMethodsPage::tr("Trains only a few virtual token embeddings prepended to every input; the model stays frozen."),
                WizardMethodsPage::tr("The fewest trainable parameters and the smallest adapter, but it learns slowest and "
                                      "needs a large learning rate; quality lags on small models.")};
    case MethodKind::PrefixTuning:
        return {WizardMethodsPage::tr("Trains key and value vectors that every layer's attention sees before the input; "
                                      "the model stays frozen."),
                WizardMethodsPage::tr("Reaches every layer with few parameters, but the prefix takes context positions, "
                                      "every attention grows by it, and training is touchy without the projection.")};
    case MethodKind::Ia3:
        return {WizardMethodsPage::tr("Trains one scaling vector per chosen layer (keys, values and the MLP's down "
                                      "projection by default); the weights stay frozen."),
                WizardMethodsPage::tr("Fewer parameters than LoRA and mergeable into the weights, but it can only rescale "
                                      "features, not learn new directions.")};
    case MethodKind::BitFit:
        return {WizardMethodsPage::tr("Trains only the bias terms (optionally the norms' weights too); every weight "
                                      "matrix stays frozen."),
                WizardMethodsPage::tr("Tiny and simple, but its reach is limited, and models without biases (Llama) "
                                      "have little or nothing to train.")};
    case MethodKind::Lora:
        return {WizardMethodsPage::tr("Trains a low-rank update B·A of chosen linear layers (attention q, v by default); "
                                      "the base stays frozen."),
                WizardMethodsPage::tr("A small fraction of the parameters and optimizer memory with quality close to full "
                                      "fine-tuning; the rank bounds how much it can change.")};
    case MethodKind::Dora:
        return {WizardMethodsPage::tr("LoRA's low-rank update for the direction of each weight plus a trained magnitude "
                                      "per output; the base stays frozen."),
                WizardMethodsPage::tr("Often closer to full fine-tuning than LoRA at the same rank, but each step costs "
                                      "more time and activation memory (the weight's norm is recomputed).")};
    case MethodKind::LastLayers:
        return {WizardMethodsPage::tr("Trains every parameter of the last N transformer blocks (optionally the head too); "
                                      "the earlier blocks stay frozen."),
                WizardMethodsPage::tr("Simple and needs no activations of the frozen blocks, but the early layers cannot "
                                      "adapt and each trained block is saved whole.")};
    case MethodKind::Full:
        return {WizardMethodsPage::tr("Trains every parameter of the model."),
                WizardMethodsPage::tr("Usually the best quality, but gradients and optimizer state for every weight cost the "
                                      "most memory, and it over-fits small datasets most easily.")};
    }
    return {};
}

}  // namespace

const std::vector<MethodKind> &WizardMethodsPage::order()
{
    static const std::vector<MethodKind> kinds{MethodKind::PromptTuning, MethodKind::PrefixTuning, MethodKind::Ia3,
                                               MethodKind::BitFit,       MethodKind::Lora,         MethodKind::Dora,
                                               MethodKind::LastLayers,   MethodKind::Full};
    return kinds;
}

QString WizardMethodsPage::boxName(MethodKind kind)
{
    // "prompt_tuning" -> "methodPromptTuning", "ia3" -> "methodIa3", "bitfit" -> "methodBitFit"
    if (kind == MethodKind::BitFit)
        return QStringLiteral("methodBitFit");
    QString name = QStringLiteral("method");
    for (const QString &part : methodKindName(kind).split(QLatin1Char('_')))
        name += part.left(1).toUpper() + part.mid(1);
    return name;
}

WizardMethodsPage::WizardMethodsPage(RunWizard &wizard) : m_wizard(wizard)
{
    setObjectName(QStringLiteral("methodsPage"));
    setTitle(tr("Methods"));
    setSubTitle(tr("Every chosen method fine-tunes the same model on the same data, so the comparison is fair."));

    // Two columns: eight methods with two lines each fit the wizard without scrolling (a scroll
    // area would keep the labels from wrapping to its width).
    QWidget *content = this;
    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(24);
    const std::vector<MethodKind> &kinds = order();
    const int rows = int(kinds.size() + 1) / 2;
    for (int i = 0; i < int(kinds.size()); ++i) {
        const MethodKind kind = kinds[size_t(i)];
        const auto [trains, tradeOff] = description(kind);
        auto *check = new QCheckBox(WizardMethodForm::methodTitle(kind), content);
        check->setObjectName(boxName(kind));
        check->setToolTip(trains + QLatin1Char('\n') + tradeOff);
        QFont bold = check->font();
        bold.setBold(true);
        check->setFont(bold);
        auto *text = new QLabel(trains + QLatin1Char('\n') + tradeOff, content);
        text->setObjectName(boxName(kind) + QStringLiteral("Description"));
        text->setWordWrap(true);
        text->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        text->setContentsMargins(24, 0, 0, 8);
        auto *cell = new QVBoxLayout;
        cell->setSpacing(2);
        cell->addWidget(check);
        cell->addWidget(text);
        cell->addStretch(1);
        grid->addLayout(cell, i % rows, i / rows);
        connect(check, &QCheckBox::toggled, this, [this] {
            m_error->setVisible(!isComplete());
            Q_EMIT completeChanged();
            Q_EMIT m_wizard.experimentEdited();
        });
        m_boxes[kind] = check;
    }
    for (int column = 0; column < 2; ++column)
        grid->setColumnStretch(column, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(grid, 1);
    m_error = createErrorLabel(QStringLiteral("errorLabel"), this);
    m_error->setText(tr("Choose at least one method."));
    layout->addWidget(m_error);
}

void WizardMethodsPage::load(const ExperimentConfig &config)
{
    for (const auto &[kind, box] : m_boxes) {
        const bool used = std::any_of(config.runs.begin(), config.runs.end(),
                                      [kind = kind](const RunTemplate &run) { return run.method == kind; });
        const QSignalBlocker block(box);
        box->setChecked(used);
    }
    m_error->setVisible(!isComplete());
    Q_EMIT completeChanged();
}

std::vector<MethodKind> WizardMethodsPage::chosenMethods() const
{
    std::vector<MethodKind> chosen;
    for (MethodKind kind : order())
        if (m_boxes.at(kind)->isChecked())
            chosen.push_back(kind);
    return chosen;
}

bool WizardMethodsPage::isChosen(MethodKind kind) const
{
    return m_boxes.at(kind)->isChecked();
}

bool WizardMethodsPage::isComplete() const
{
    return !chosenMethods().empty();
}

}  // namespace peftbench
