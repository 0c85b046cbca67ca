#include "data/DatasetError.h"

namespace peftbench {

QString formatDatasetMessage(const QString &file, int line, int column, const QString &problem)
{
    QString text = file;
    if (line > 0)
        text += QStringLiteral(":%1").arg(line);
    if (line > 0 && column > 0)
        text += QStringLiteral(":%1").arg(column);
    if (!text.isEmpty())
        text += QStringLiteral(": ");
    return text + problem;
}

DatasetError::DatasetError(QString file, int line, int column, QString problem)
    : std::runtime_error(formatDatasetMessage(file, line, column, problem).toStdString()),
      m_file(std::move(file)),
      m_line(line),
      m_column(column),
      m_problem(std::move(problem))
{
}

}  // namespace peftbench
