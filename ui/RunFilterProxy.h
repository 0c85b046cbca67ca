#pragma once
// Sorting and filtering of the runs table: by status, method and experiment (empty = any), sorted
// on each cell's raw value so numbers sort as numbers and runs without a value sort first.
#include <QSortFilterProxyModel>

#include <optional>

namespace peftbench {

class RunFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit RunFilterProxy(QObject *parent = nullptr);

    void setStatusFilter(const QString &status);   // "completed", ... ; empty: any
    void setMethodFilter(const QString &method);   // "lora", ... ; empty: any
    void setExperimentFilter(std::optional<qint64> experimentId);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_status;
    QString m_method;
    std::optional<qint64> m_experiment;
};

}  // namespace peftbench
