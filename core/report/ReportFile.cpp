#include "report/ReportFile.h"

#include <QSaveFile>

namespace peftbench {

ReportFileError::ReportFileError(const QString &message) : std::runtime_error(message.toStdString()) {}

QString ReportFileError::message() const
{
    return QString::fromStdString(what());
}

void writeReportFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw ReportFileError(QStringLiteral("%1: cannot write the report: %2").arg(path, file.errorString()));
    if (file.write(bytes) != bytes.size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        throw ReportFileError(QStringLiteral("%1: cannot write the report: %2").arg(path, reason));
    }
    if (!file.commit())
        throw ReportFileError(QStringLiteral("%1: cannot write the report: %2").arg(path, file.errorString()));
}

}  // namespace peftbench
