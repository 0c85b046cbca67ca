#include "experiment/ConfigError.h"

#include <QStringList>

namespace peftbench {

QString formatConfigMessage(const QString &file, const QString &key, int line, int column,
                            const QString &problem, const QString &got, const QString &expected)
{
    QString text = file;
    if (line > 0)
        text += QStringLiteral(":%1:%2").arg(line).arg(column);
    if (!text.isEmpty())
        text += QStringLiteral(": ");
    if (!key.isEmpty())
        text += key + QStringLiteral(": ");
    text += problem;
    QStringList details;
    if (!got.isEmpty())
        details << QStringLiteral("got ") + got;
    if (!expected.isEmpty())
        details << QStringLiteral("expected ") + expected;
    if (!details.isEmpty())
        text += QStringLiteral(" (") + details.join(QStringLiteral("; ")) + QLatin1Char(')');
    return text;
}

ConfigError::ConfigError(QString file, QString key, int line, int column, QString problem, QString got,
                         QString expected)
    : std::runtime_error(formatConfigMessage(file, key, line, column, problem, got, expected).toStdString()),
      m_file(std::move(file)),
      m_key(std::move(key)),
      m_line(line),
      m_column(column),
      m_problem(std::move(problem)),
      m_got(std::move(got)),
      m_expected(std::move(expected))
{
}

}  // namespace peftbench
