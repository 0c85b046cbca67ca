#include "RunsPanel.h"

#include "RunFilterProxy.h"
#include "RunLabels.h"
#include "RunTableModel.h"

#include "methods/MethodSettings.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace peftbench {

RunsPanel::RunsPanel(QWidget *parent) : QWidget(parent)
{
    m_model = new RunTableModel(this);
    m_proxy = new RunFilterProxy(this);
    m_proxy->setSourceModel(m_model);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("runsView"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(RunTableModel::Id, Qt::DescendingOrder);   // newest first
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->verticalHeader()->hide();

    m_status = new QComboBox(this);
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_status->addItem(tr("Any status"), QString());
    for (RunStatus s : {RunStatus::Queued, RunStatus::Running, RunStatus::Completed, RunStatus::Cancelled,
                        RunStatus::Failed, RunStatus::Diverged, RunStatus::Interrupted})
        m_status->addItem(statusLabel(s), runStatusName(s));
    m_method = new QComboBox(this);
    m_method->setObjectName(QStringLiteral("methodFilter"));
    m_method->addItem(tr("Any method"), QString());
    for (MethodKind m : allMethodKinds())
        m_method->addItem(methodLabel(methodKindName(m)), methodKindName(m));
    m_experiment = new QComboBox(this);
    m_experiment->setObjectName(QStringLiteral("experimentFilter"));
    m_experiment->addItem(tr("Any experiment"), QVariant());
    m_experiment->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("runCount"));

    auto *title = new QLabel(tr("Runs"), this);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto *filters = new QHBoxLayout;
    filters->addWidget(title);
    filters->addWidget(m_count);
    filters->addStretch(1);
    filters->addWidget(m_status);
    filters->addWidget(m_method);
    filters->addWidget(m_experiment);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);

    for (QComboBox *combo : {m_status, m_method, m_experiment})
        connect(combo, &QComboBox::currentIndexChanged, this, &RunsPanel::applyFilters);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        const qint64 id = selectedRunId();
        if (id != 0 && id != m_lastSelected) {
            m_lastSelected = id;
            Q_EMIT runSelected(id);
        }
    });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &RunsPanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &RunsPanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &RunsPanel::updateCount);
    updateCount();
}

void RunsPanel::setRuns(std::vector<RunRow> rows)
{
    const bool first = m_model->rowCount() == 0;
    m_model->setRuns(std::move(rows));
    if (first && m_model->rowCount() > 0)
        m_view->resizeColumnsToContents();   // once: afterwards the user's widths stay
    updateCount();
}

void RunsPanel::setExperiments(const std::vector<ExperimentRecord> &experiments)
{
    if (m_experiment->count() == int(experiments.size()) + 1)
        return;   // experiments are only ever added or removed whole; same count, same list
    const QVariant current = m_experiment->currentData();
    const QSignalBlocker block(m_experiment);
    m_experiment->clear();
    m_experiment->addItem(tr("Any experiment"), QVariant());
    for (auto it = experiments.rbegin(); it != experiments.rend(); ++it)
        m_experiment->addItem(tr("%1 · %2").arg(it->id).arg(it->name), QVariant::fromValue<qint64>(it->id));
    m_experiment->setCurrentIndex(std::max(0, m_experiment->findData(current)));
}

void RunsPanel::setFilters(const QString &status, const QString &method, std::optional<qint64> experimentId)
{
    m_status->setCurrentIndex(std::max(0, m_status->findData(status)));
    m_method->setCurrentIndex(std::max(0, m_method->findData(method)));
    m_experiment->setCurrentIndex(experimentId ? std::max(0, m_experiment->findData(QVariant::fromValue<qint64>(*experimentId))) : 0);
    applyFilters();
}

void RunsPanel::applyFilters()
{
    m_proxy->setStatusFilter(m_status->currentData().toString());
    m_proxy->setMethodFilter(m_method->currentData().toString());
    const QVariant experiment = m_experiment->currentData();
    m_proxy->setExperimentFilter(experiment.isValid() ? std::optional<qint64>(experiment.toLongLong()) : std::nullopt);
    updateCount();
}

void RunsPanel::updateCount()
{
    const int shown = m_proxy->rowCount();
    const int all = m_model->rowCount();
    m_count->setText(shown == all ? tr("%n run(s)", nullptr, all) : tr("%1 of %2 shown").arg(shown).arg(all));
}

qint64 RunsPanel::selectedRunId() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid())
        return 0;
    const RunRow *row = m_model->rowAt(m_proxy->mapToSource(current).row());
    return row ? row->record.id : 0;
}

std::vector<qint64> RunsPanel::selectedRunIds() const
{
    std::vector<qint64> ids;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows()) {
        if (const RunRow *row = m_model->rowAt(m_proxy->mapToSource(index).row()))
            ids.push_back(row->record.id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

void RunsPanel::selectRun(qint64 runId)
{
    const int sourceRow = m_model->rowOf(runId);
    if (sourceRow < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    if (!index.isValid())
        return;   // filtered out
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

}  // namespace peftbench
