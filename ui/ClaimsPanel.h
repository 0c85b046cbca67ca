#pragma once
// The folklore about prompt tuning, LoRA and full fine-tuning, each claim judged against the
// compared runs: the verdict in color (supported green, refuted red, inconclusive grey) and the
// numbers behind it.
#include "report/ClaimsCheck.h"

#include <QWidget>

#include <vector>

class QLabel;
class QTableWidget;

namespace peftbench {

class ClaimsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ClaimsPanel(QWidget *parent = nullptr);

    void setClaims(const std::vector<ClaimResult> &claims);

    int claimCount() const { return int(m_claims.size()); }
    const ClaimResult &claim(int row) const { return m_claims[size_t(row)]; }
    QTableWidget *table() const { return m_table; }

    // The claim in the reader's language (core states it in English); the English statement for
    // a claim this build does not know.
    static QString statementText(const ClaimResult &claim);
    static QString verdictText(Verdict verdict);
    static QColor verdictColor(Verdict verdict);

private:
    std::vector<ClaimResult> m_claims;
    QLabel *m_summary = nullptr;
    QTableWidget *m_table = nullptr;
};

}  // namespace peftbench
