#include "RunFilterProxy.h"

#include "RunTableModel.h"

namespace peftbench {

RunFilterProxy::RunFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(RunTableModel::RawRole);
    setDynamicSortFilter(true);   // a run whose status changes leaves or joins a filtered view live
}

void RunFilterProxy::setStatusFilter(const QString &status)
{
    m_status = status;
    invalidateFilter();
}

void RunFilterProxy::setMethodFilter(const QString &method)
{
    m_method = method;
    invalidateFilter();
}

void RunFilterProxy::setExperimentFilter(std::optional<qint64> experimentId)
{
    m_experiment = experimentId;
    invalidateFilter();
}

bool RunFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto cell = [&](int column) {
        return sourceModel()->index(sourceRow, column, sourceParent).data(RunTableModel::RawRole);
    };
    if (!m_status.isEmpty() && cell(RunTableModel::Status).toString() != m_status)
        return false;
    if (!m_method.isEmpty() && cell(RunTableModel::Method).toString() != m_method)
        return false;
    if (m_experiment && cell(RunTableModel::Experiment).toLongLong() != *m_experiment)
        return false;
    return true;
}

bool RunFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant a = left.data(RunTableModel::RawRole);
    const QVariant b = right.data(RunTableModel::RawRole);
    if (!a.isValid() || !b.isValid())
        return !a.isValid() && b.isValid();
    return QVariant::compare(a, b) == QPartialOrdering::Less;
}

}  // namespace peftbench
