#pragma once

#include <QString>

#include <stdexcept>

namespace peftbench {

// A dataset that cannot be used, located precisely enough to fix it without guessing:
//   FILE:LINE:COLUMN: problem
// Parts that do not apply are left out (no column outside CSV, no line for a whole-file problem
// such as "no records"). line and column are 1-based; 0 means "not applicable". The format is the
// one ConfigError uses, so editors and terminals can jump to the spot.
class DatasetError : public std::runtime_error {
public:
    DatasetError(QString file, int line, int column, QString problem);
    DatasetError(QString file, QString problem) : DatasetError(std::move(file), 0, 0, std::move(problem)) {}

    const QString &file() const { return m_file; }
    int line() const { return m_line; }
    int column() const { return m_column; }
    const QString &problem() const { return m_problem; }
    QString message() const { return QString::fromStdString(what()); }

private:
    QString m_file;
    int m_line, m_column;
    QString m_problem;
};

QString formatDatasetMessage(const QString &file, int line, int column, const QString &problem);

}  // namespace peftbench
