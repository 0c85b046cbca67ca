#pragma once

#include <QString>

#include <stdexcept>

namespace peftbench {

// One problem in an experiment config, located precisely enough to fix it without guessing:
//   FILE:LINE:COLUMN: KEY: problem (got VALUE; expected ALLOWED)
// Parts that do not apply are left out: no position for a file that cannot be read, no key for a
// YAML syntax error, no "got" for a missing key. line and column are 1-based; 0 means unknown.
class ConfigError : public std::runtime_error {
public:
    ConfigError(QString file, QString key, int line, int column, QString problem, QString got = {},
                QString expected = {});

    const QString &file() const { return m_file; }
    const QString &key() const { return m_key; }  // e.g. "runs[1].lora.r"
    int line() const { return m_line; }
    int column() const { return m_column; }
    const QString &problem() const { return m_problem; }
    const QString &got() const { return m_got; }
    const QString &expected() const { return m_expected; }
    QString message() const { return QString::fromStdString(what()); }

private:
    QString m_file, m_key;
    int m_line, m_column;
    QString m_problem, m_got, m_expected;
};

// The one message format shared by ConfigError and the checks made after loading.
QString formatConfigMessage(const QString &file, const QString &key, int line, int column,
                            const QString &problem, const QString &got = {},
                            const QString &expected = {});

}  // namespace peftbench
