#pragma once
// The runs table with its filters (status, method, experiment) and sorting; tells which run the
// user selected.
#include "store/StoreRecords.h"

#include <QWidget>

#include <optional>
#include <vector>

class QComboBox;
class QLabel;
class QTableView;

namespace peftbench {

class RunFilterProxy;
class RunTableModel;
struct RunRow;

class RunsPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunsPanel(QWidget *parent = nullptr);

    RunTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    void setRuns(std::vector<RunRow> rows);
    void setExperiments(const std::vector<ExperimentRecord> &experiments);
    // The current run: 0 when none is (or it is filtered out).
    qint64 selectedRunId() const;
    // Every selected run (Ctrl/Shift-click), in the table's order: what Compare takes.
    std::vector<qint64> selectedRunIds() const;
    void selectRun(qint64 runId);
    // Filters by their stored values ("" = any), for menus and tests.
    void setFilters(const QString &status, const QString &method, std::optional<qint64> experimentId);

Q_SIGNALS:
    void runSelected(qint64 runId);

private:
    void applyFilters();
    void updateCount();

    RunTableModel *m_model = nullptr;
    RunFilterProxy *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QComboBox *m_status = nullptr;
    QComboBox *m_method = nullptr;
    QComboBox *m_experiment = nullptr;
    QLabel *m_count = nullptr;
    qint64 m_lastSelected = 0;
};

}  // namespace peftbench
