#include "CompareConfigTable.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace peftbench {

CompareConfigTable::CompareConfigTable(QWidget *parent) : QWidget(parent)
{
    m_differencesOnly = new QCheckBox(tr("Differences only"), this);
    m_differencesOnly->setObjectName(QStringLiteral("differencesOnlyCheck"));
    m_differencesOnly->setToolTip(tr("Hide the settings every compared run shares."));
    m_differencesOnly->setChecked(true);
    m_table = new QTableWidget(this);
    m_table->setObjectName(QStringLiteral("configDiffTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_differencesOnly);
    layout->addWidget(m_table, 1);
    connect(m_differencesOnly, &QCheckBox::toggled, this, &CompareConfigTable::rebuild);
}

void CompareConfigTable::setComparison(std::shared_ptr<const Comparison> comparison)
{
    m_comparison = std::move(comparison);
    rebuild();
}

void CompareConfigTable::setDifferencesOnly(bool on)
{
    m_differencesOnly->setChecked(on);
}

bool CompareConfigTable::differencesOnly() const
{
    return m_differencesOnly->isChecked();
}

void CompareConfigTable::rebuild()
{
    m_table->clear();
    if (!m_comparison) {
        m_table->setRowCount(0);
        m_table->setColumnCount(0);
        return;
    }
    const ConfigDiff diff = configDiff(*m_comparison, differencesOnly());
    const std::vector<ComparedRun> &runs = m_comparison->runs;
    m_table->setRowCount(int(diff.keys.size()));
    m_table->setColumnCount(int(runs.size()));
    QStringList headers;
    for (const ComparedRun &run : runs)
        headers << tr("%1 · %2").arg(run.record.id).arg(run.record.name);
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setVerticalHeaderLabels(diff.keys);
    const QColor differs(255, 243, 205);
    for (int k = 0; k < diff.keys.size(); ++k) {
        const QStringList &values = diff.values[size_t(k)];
        for (int r = 0; r < values.size(); ++r) {
            auto *item = new QTableWidgetItem(values[r]);
            if (r > 0 && values[r] != values[0])
                item->setBackground(differs);
            m_table->setItem(k, r, item);
        }
    }
    // A run whose stored config no longer parses has no settings: say why instead of blanks.
    for (int r = 0; r < int(runs.size()); ++r)
        if (!runs[size_t(r)].configError.isEmpty())
            m_table->horizontalHeaderItem(r)->setToolTip(runs[size_t(r)].configError);
}

}  // namespace peftbench
