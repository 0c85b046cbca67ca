#include "ClaimsPanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace peftbench {

ClaimsPanel::ClaimsPanel(QWidget *parent) : QWidget(parent)
{
    auto *intro = new QLabel(tr("Common beliefs about the three methods, checked against these runs. A difference inside "
                                "the seed-to-seed spread, or a comparison with a single seed, is inconclusive."),
                             this);
    intro->setWordWrap(true);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("claimsSummary"));
    m_table = new QTableWidget(0, 3, this);
    m_table->setObjectName(QStringLiteral("claimsTable"));
    m_table->setHorizontalHeaderLabels({tr("Claim"), tr("Verdict"), tr("The numbers behind it")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setColumnWidth(0, 300);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
}

QString ClaimsPanel::statementText(const ClaimResult &claim)
{
    static const struct {
        const char *id;
        const char *text;
    } known[] = {
        {"pt_fewest_params", QT_TRANSLATE_NOOP("peftbench::ClaimsPanel", "Prompt tuning trains the fewest parameters.")},
        {"pt_least_memory", QT_TRANSLATE_NOOP("peftbench::ClaimsPanel", "Prompt tuning needs the least memory.")},
        {"lora_less_memory", QT_TRANSLATE_NOOP("peftbench::ClaimsPanel", "LoRA needs less memory than full fine-tuning.")},
        {"full_best_quality", QT_TRANSLATE_NOOP("peftbench::ClaimsPanel", "Full fine-tuning reaches the best quality.")},
        {"lora_beats_pt", QT_TRANSLATE_NOOP("peftbench::ClaimsPanel", "LoRA beats prompt tuning on quality.")},
        {"full_overfits_more", QT_TRANSLATE_NOOP("peftbench::ClaimsPanel",
                                                 "Full fine-tuning over-fits more (larger generalization gap).")},
        {"adapters_far_smaller", QT_TRANSLATE_NOOP("peftbench::ClaimsPanel",
                                                   "Adapters are far smaller on disk than a full checkpoint.")},
        {"lora_faster_per_step", QT_TRANSLATE_NOOP("peftbench::ClaimsPanel",
                                                   "LoRA trains faster per step than full fine-tuning.")},
    };
    for (const auto &k : known)
        if (claim.id == QLatin1String(k.id))
            return tr(k.text);
    return claim.statement;
}

QString ClaimsPanel::verdictText(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Supported: return tr("Supported");
    case Verdict::Refuted: return tr("Refuted");
    case Verdict::Inconclusive: return tr("Inconclusive");
    }
    return {};
}

QColor ClaimsPanel::verdictColor(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Supported: return QColor(198, 239, 206);
    case Verdict::Refuted: return QColor(255, 199, 206);
    case Verdict::Inconclusive: return QColor(225, 225, 225);
    }
    return {};
}

void ClaimsPanel::setClaims(const std::vector<ClaimResult> &claims)
{
    m_claims = claims;
    m_table->setRowCount(int(claims.size()));
    int counts[3] = {};
    for (int row = 0; row < int(claims.size()); ++row) {
        const ClaimResult &c = claims[size_t(row)];
        ++counts[int(c.verdict)];
        auto *statement = new QTableWidgetItem(statementText(c));
        statement->setToolTip(c.id);
        auto *verdict = new QTableWidgetItem(verdictText(c.verdict));
        verdict->setBackground(verdictColor(c.verdict));
        verdict->setForeground(QColor(20, 20, 20));   // readable on the light verdict colors in a dark theme too
        verdict->setTextAlignment(Qt::AlignCenter);
        QFont bold = verdict->font();
        bold.setBold(true);
        verdict->setFont(bold);
        auto *evidence = new QTableWidgetItem(c.evidence);
        evidence->setToolTip(c.evidence);
        m_table->setItem(row, 0, statement);
        m_table->setItem(row, 1, verdict);
        m_table->setItem(row, 2, evidence);
    }
    m_summary->setText(claims.empty() ? QString()
                                      : tr("%1 supported · %2 refuted · %3 inconclusive")
                                            .arg(counts[int(Verdict::Supported)])
                                            .arg(counts[int(Verdict::Refuted)])
                                            .arg(counts[int(Verdict::Inconclusive)]));
}

}  // namespace peftbench
