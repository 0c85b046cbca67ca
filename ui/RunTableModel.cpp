#include "RunTableModel.h"

#include "RunLabels.h"

#include "experiment/ComparisonTable.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace peftbench {

namespace {

QVariant number(double value)
{
    return std::isnan(value) ? QVariant() : QVariant(value);
}

bool sameDisplay(const RunRow &a, const RunRow &b)
{
    const auto summaryKey = [](const std::optional<RunSummary> &s) {
        return s ? std::make_tuple(s->steps, s->peakMemoryBytes, s->wallSeconds) : std::make_tuple(int64_t(-1), int64_t(0), 0.0);
    };
    return a.record.status == b.record.status && a.record.name == b.record.name && a.record.error == b.record.error
           && a.plannedSteps == b.plannedSteps && a.liveStep == b.liveStep && summaryKey(a.summary) == summaryKey(b.summary);
}

}  // namespace

RunTableModel::RunTableModel(QObject *parent) : QAbstractTableModel(parent) {}

int RunTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RunTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const RunRow *RunTableModel::rowAt(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? &m_rows[size_t(row)] : nullptr;
}

int RunTableModel::rowOf(qint64 runId) const
{
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), runId,
                                     [](const RunRow &r, qint64 id) { return r.record.id < id; });
    return it != m_rows.end() && it->record.id == runId ? int(it - m_rows.begin()) : -1;
}

void RunTableModel::setRuns(std::vector<RunRow> rows)
{
    // Merge by id: both lists are sorted, so one pass finds what vanished, what is new and what
    // changed. A live step only the UI knows survives the store's copy of the row.
    size_t i = 0;   // position in m_rows (already merged below i)
    size_t j = 0;   // position in rows
    while (i < m_rows.size() || j < rows.size()) {
        if (j == rows.size() || (i < m_rows.size() && m_rows[i].record.id < rows[j].record.id)) {
            beginRemoveRows({}, int(i), int(i));
            m_rows.erase(m_rows.begin() + qsizetype(i));
            endRemoveRows();
        } else if (i == m_rows.size() || rows[j].record.id < m_rows[i].record.id) {
            beginInsertRows({}, int(i), int(i));
            m_rows.insert(m_rows.begin() + qsizetype(i), std::move(rows[j]));
            endInsertRows();
            ++i;
            ++j;
        } else {
            RunRow &current = m_rows[i];
            if (rows[j].record.status == RunStatus::Running)
                rows[j].liveStep = std::max(rows[j].liveStep, current.liveStep);
            const bool changed = !sameDisplay(current, rows[j]);
            current = std::move(rows[j]);
            if (changed)
                Q_EMIT dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
            ++i;
            ++j;
        }
    }
}

void RunTableModel::setLiveStep(qint64 runId, qint64 step)
{
    const int row = rowOf(runId);
    if (row < 0 || m_rows[size_t(row)].liveStep == step)
        return;
    m_rows[size_t(row)].liveStep = step;
    Q_EMIT dataChanged(index(row, Steps), index(row, Steps));
}

QVariant RunTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id: return tr("Run");
    case Experiment: return tr("Experiment");
    case Name: return tr("Name");
    case Method: return tr("Method");
    case Status: return tr("Status");
    case Steps: return tr("Steps");
    case Trainable: return tr("Trainable");
    case BestValLoss: return tr("Best val. loss");
    case TestMetric: return tr("Test metric");
    case PeakMemory: return tr("Peak memory");
    case SecondsPerStep: return tr("s/step");
    case WallTime: return tr("Wall time");
    default: return {};
    }
}

QVariant RunTableModel::data(const QModelIndex &index, int role) const
{
    const RunRow *row = index.isValid() ? rowAt(index.row()) : nullptr;
    if (!row)
        return {};
    switch (role) {
    case Qt::DisplayRole: return display(*row, index.column());
    case RawRole: return raw(*row, index.column());
    case Qt::ToolTipRole:
        if (index.column() == Status && !row->record.error.isEmpty())
            return row->record.error;
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Name || index.column() == Method || index.column() == Status)
            return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    default: return {};
    }
}

QVariant RunTableModel::raw(const RunRow &row, int column) const
{
    const RunRecord &r = row.record;
    const std::optional<RunSummary> &s = row.summary;
    switch (column) {
    case Id: return qint64(r.id);
    case Experiment: return qint64(r.experimentId);
    case Name: return r.name;
    case Method: return r.method;
    case Status: return runStatusName(r.status);
    case Steps: return s ? qint64(s->steps) : row.liveStep;
    case Trainable: return s ? QVariant(s->trainablePercent) : QVariant();
    case BestValLoss: return s ? number(s->bestValLoss) : QVariant();
    case TestMetric: return s ? number(s->testMetric) : QVariant();
    case PeakMemory: return s ? QVariant(qint64(s->peakMemoryBytes)) : QVariant();
    case SecondsPerStep: return s ? number(s->meanStepSeconds) : QVariant();
    case WallTime: return s ? number(s->wallSeconds) : QVariant();
    default: return {};
    }
}

QVariant RunTableModel::display(const RunRow &row, int column) const
{
    const std::optional<RunSummary> &s = row.summary;
    const QLocale locale;
    switch (column) {
    case Steps: {
        const qint64 done = s ? qint64(s->steps) : row.liveStep;
        if (row.plannedSteps <= 0)
            return done > 0 ? QVariant(qint64(done)) : QVariant();
        return QStringLiteral("%1 / %2").arg(done).arg(row.plannedSteps);
    }
    case Trainable:
        return s ? QStringLiteral("%1 (%2%)").arg(locale.toString(qint64(s->trainableParams)))
                       .arg(s->trainablePercent, 0, 'g', 3)
                 : QVariant();
    case BestValLoss:
        return s && !std::isnan(s->bestValLoss) ? QVariant(QString::number(s->bestValLoss, 'f', 4)) : QVariant();
    case TestMetric:
        return s && !std::isnan(s->testMetric) ? QVariant(QStringLiteral("%1 %2").arg(s->testMetric, 0, 'f', 4).arg(s->metricName))
                                               : QVariant();
    case PeakMemory:
        return s ? QVariant(QStringLiteral("%1 %2").arg(locale.formattedDataSize(s->peakMemoryBytes), s->memoryLabel)) : QVariant();
    case Status: return statusLabel(row.record.status);
    case Method: return methodLabel(row.record.method);
    case SecondsPerStep:
        return s && !std::isnan(s->meanStepSeconds) ? QVariant(QString::number(s->meanStepSeconds, 'f', 3)) : QVariant();
    case WallTime: return s ? QVariant(formatDuration(s->wallSeconds)) : QVariant();
    default: return raw(row, column);
    }
}

}  // namespace peftbench
