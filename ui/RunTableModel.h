#pragma once
// The runs table: one row per stored run with what it cost and gained, refreshed from the run
// store without resetting (selection and scroll survive every refresh).
#include "store/StoreRecords.h"

#include <QAbstractTableModel>

#include <optional>
#include <vector>

namespace peftbench {

struct RunRow {
    RunRecord record;
    std::optional<RunSummary> summary;   // once the run has ended
    qint64 plannedSteps = 0;             // the config's train.steps
    qint64 liveStep = 0;                 // latest step seen while it trains
};

class RunTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, Experiment, Name, Method, Status, Steps, Trainable, BestValLoss, TestMetric, PeakMemory,
                  SecondsPerStep, WallTime, ColumnCount };
    // The raw value of a cell (numbers as numbers, NaN as an invalid QVariant): what sorting and
    // filtering compare.
    static constexpr int RawRole = Qt::UserRole;

    explicit RunTableModel(QObject *parent = nullptr);

    // Replaces the rows with `rows` (sorted by run id): rows that stayed emit dataChanged, new ones
    // are inserted and vanished ones removed, so views keep their selection.
    void setRuns(std::vector<RunRow> rows);
    void setLiveStep(qint64 runId, qint64 step);

    const RunRow *rowAt(int row) const;
    int rowOf(qint64 runId) const;   // -1 when absent

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const RunRow &row, int column) const;
    QVariant raw(const RunRow &row, int column) const;

    std::vector<RunRow> m_rows;   // by run id
};

}  // namespace peftbench
