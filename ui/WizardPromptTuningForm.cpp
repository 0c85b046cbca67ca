#include "WizardPromptTuningForm.h"

#include "WizardSweepText.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>

#include <algorithm>
#include <limits>

namespace peftbench {

WizardPromptTuningForm::WizardPromptTuningForm(QWidget *parent)
    : WizardMethodForm(MethodKind::PromptTuning, QStringLiteral("pt"), parent)
{
    m_tokens = addLineEdit(QStringLiteral("TokensEdit"), tr("Virtual tokens:"),
                           tr("How many trainable embeddings are prepended to every input: 1 or more, and with "
                              "max_length within the model's context (default 20); several separated by commas "
                              "sweep over them"));
    m_tokens->setPlaceholderText(tr("default: 20"));
    m_init = new QComboBox(this);
    m_init->setObjectName(QStringLiteral("ptInitCombo"));
    m_init->addItem(tr("Sampled vocabulary embeddings"), promptInitName(PromptInit::SampleVocab));
    m_init->addItem(tr("Random"), promptInitName(PromptInit::Random));
    m_init->addItem(tr("From a text"), promptInitName(PromptInit::Text));
    m_init->setToolTip(tr("How the virtual tokens start: copies of random vocabulary embeddings (default), small "
                          "random vectors, or the embeddings of a text describing the task"));
    form()->addRow(tr("Initialisation:"), m_init);
    m_initText = addLineEdit(QStringLiteral("InitTextEdit"), tr("Init text:"),
                             tr("With initialisation from a text: the text whose token embeddings start the "
                                "virtual tokens, e.g. \"Classify this mail as spam or ham\""));
    connect(m_init, &QComboBox::currentIndexChanged, this, [this] {
        m_initText->setEnabled(chosenInit() == PromptInit::Text);
        Q_EMIT edited();
    });
    loadSettings(loaded());
}

PromptInit WizardPromptTuningForm::chosenInit() const
{
    return parsePromptInit(m_init->currentData().toString()).value_or(PromptInit::SampleVocab);
}

void WizardPromptTuningForm::loadSettings(const RunTemplate &run)
{
    const RunTemplate::PromptTuningSweep &p = run.promptTuning;
    const QSignalBlocker blockTokens(m_tokens);
    const QSignalBlocker blockInit(m_init);
    const QSignalBlocker blockText(m_initText);
    m_tokens->setText(sweepText(p.numVirtualTokens));
    const PromptInit init = p.init.empty() ? PromptTuningSettings{}.init : p.init.front();
    m_init->setCurrentIndex(m_init->findData(promptInitName(init)));
    m_initText->setText(p.initText.empty() ? QString() : p.initText.front());
    m_initText->setEnabled(chosenInit() == PromptInit::Text);
    m_loadedInit = m_init->currentIndex();
    m_loadedInitText = m_initText->text();
}

void WizardPromptTuningForm::applySettings(RunTemplate &run) const
{
    RunTemplate::PromptTuningSweep &p = run.promptTuning;
    const RunTemplate::PromptTuningSweep &was = loaded().promptTuning;
    QString ignored;
    const auto tokens = parseIntegerSweep(m_tokens->text(), {}, std::numeric_limits<int64_t>::min(),
                                          std::numeric_limits<int64_t>::max(), {}, &ignored);
    p.numVirtualTokens = tokens ? *tokens : was.numVirtualTokens;
    const bool initAsLoaded = m_init->currentIndex() == m_loadedInit;
    p.init = initAsLoaded ? was.init : std::vector<PromptInit>{chosenInit()};
    const bool usesText = std::find(p.init.begin(), p.init.end(), PromptInit::Text) != p.init.end();
    if (!usesText)
        p.initText.clear();  // the config refuses init_text without init: text
    else if (initAsLoaded && m_initText->text() == m_loadedInitText && !was.initText.empty())
        p.initText = was.initText;
    else
        p.initText = {m_initText->text()};
}

void WizardPromptTuningForm::addProblems(QStringList &problems, const std::optional<ModelConfig> &model,
                                         int maxLength) const
{
    QString problem;
    const auto tokens = parseIntegerSweep(m_tokens->text(), fieldLabel(tr("virtual tokens")), 1, 4096,
                                          tr("a whole number in 1..4096"), &problem);
    if (!tokens) {
        problems << problem;
    } else {
        addContextProblems(problems, tokens->empty() ? std::vector<int64_t>{PromptTuningSettings{}.numVirtualTokens} : *tokens,
                           fieldLabel(tr("virtual tokens")), model, maxLength);
    }
    if (chosenInit() == PromptInit::Text && m_initText->text().trimmed().isEmpty())
        problems << tr("%1: empty (allowed: a non-empty text when initialising from a text)").arg(fieldLabel(tr("init text")));
}

}  // namespace peftbench
