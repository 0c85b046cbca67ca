#pragma once
// The compared runs' settings side by side, one row per setting and one column per run, with
// "Differences only" to hide what every run shares. Cells that differ from the first run's are
// highlighted.
#include "report/RunComparison.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QTableWidget;

namespace peftbench {

class CompareConfigTable : public QWidget {
    Q_OBJECT
public:
    explicit CompareConfigTable(QWidget *parent = nullptr);

    void setComparison(std::shared_ptr<const Comparison> comparison);
    void setDifferencesOnly(bool on);
    bool differencesOnly() const;

    QTableWidget *table() const { return m_table; }

private:
    void rebuild();

    std::shared_ptr<const Comparison> m_comparison;
    QCheckBox *m_differencesOnly = nullptr;
    QTableWidget *m_table = nullptr;
};

}  // namespace peftbench
