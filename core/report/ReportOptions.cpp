#include "report/ReportOptions.h"

#include <QFileInfo>

namespace peftbench {

QString reportFormatName(ReportFormat format)
{
    switch (format) {
    case ReportFormat::Html: return QStringLiteral("html");
    case ReportFormat::Pdf: return QStringLiteral("pdf");
    case ReportFormat::Markdown: return QStringLiteral("md");
    case ReportFormat::Csv: return QStringLiteral("csv");
    case ReportFormat::Json: return QStringLiteral("json");
    }
    return {};
}

std::optional<ReportFormat> parseReportFormat(const QString &name)
{
    const QString n = name.toLower();
    if (n == QLatin1String("html") || n == QLatin1String("htm"))
        return ReportFormat::Html;
    if (n == QLatin1String("pdf"))
        return ReportFormat::Pdf;
    if (n == QLatin1String("md") || n == QLatin1String("markdown"))
        return ReportFormat::Markdown;
    if (n == QLatin1String("csv"))
        return ReportFormat::Csv;
    if (n == QLatin1String("json"))
        return ReportFormat::Json;
    return std::nullopt;
}

std::optional<ReportFormat> reportFormatForPath(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix();
    return suffix.isEmpty() ? std::nullopt : parseReportFormat(suffix);
}

QString reportTitle(const ReportOptions &options)
{
    return options.title.isEmpty() ? QStringLiteral("PEFT Workbench report") : options.title;
}

}  // namespace peftbench
