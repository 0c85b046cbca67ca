#pragma once
// The table `peftbench run` prints at the end and `peftbench runs list` shows: what each method
// cost and gained, one row per run.
#include "train/TrainingMetrics.h"

#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace peftbench {

// Left-aligned text columns padded to their widest cell; numbers right-aligned.
class TextTable {
public:
    explicit TextTable(QStringList header, std::vector<bool> rightAligned = {});
    void addRow(QStringList cells);
    QString render() const;   // header, a rule, the rows; each line ends in '\n'

private:
    std::vector<QStringList> m_rows;   // [0] is the header
    std::vector<bool> m_right;
};

struct ComparisonRow {
    int64_t runId = 0;
    QString name;
    QString method;
    RunStatus status = RunStatus::Queued;
    std::optional<RunSummary> summary;   // none until the run finished
};

QString comparisonTable(const std::vector<ComparisonRow> &rows);

// "1.23M", "45.6k", "812"
QString formatCount(int64_t count);
// "12.3 MiB", "1.50 GiB", "512 B"
QString formatBytes(int64_t bytes);
// A number with `decimals`, or "-" for NaN.
QString formatNumber(double value, int decimals);
// "1h05m", "3m07s", "42s"; "?" for a negative or non-finite value (an ETA not known yet).
QString formatDuration(double seconds);

}  // namespace peftbench
