#pragma once
// Writing a report where the person asked, all or nothing.
#include <QByteArray>
#include <QString>

#include <stdexcept>

namespace peftbench {

class ReportFileError : public std::runtime_error {
public:
    explicit ReportFileError(const QString &message);
    QString message() const;
};

// Writes through a temporary file renamed over `path` (QSaveFile): a failed or interrupted write
// leaves any earlier file as it was. Throws ReportFileError naming the path and the reason.
void writeReportFile(const QString &path, const QByteArray &bytes);

}  // namespace peftbench
