#pragma once
// What every report writer takes besides the comparison, and the formats there are.
#include "report/RunComparison.h"

#include <QString>

#include <optional>

namespace peftbench {

enum class ReportFormat { Html, Pdf, Markdown, Csv, Json };
QString reportFormatName(ReportFormat format);                       // "html", "pdf", "md", "csv", "json"
std::optional<ReportFormat> parseReportFormat(const QString &name);   // those names ("markdown" too), any case
// From the file's extension: .html/.htm, .pdf, .md/.markdown, .csv, .json; nullopt otherwise.
std::optional<ReportFormat> reportFormatForPath(const QString &path);

struct ReportOptions {
    QString title;                               // empty: "PEFT Workbench report"
    CurveAxis curveAxis = CurveAxis::Step;       // x-axis of the loss curves
    double smoothing = 0.6;                      // EMA weight of the train-loss curves, 0 (raw) to 0.99
    // How htmlReport() embeds its charts: inline SVG for a browser, or <img src="chart:ID"> for a
    // renderer that cannot draw SVG (QTextDocument, for the PDF) and supplies each chart itself.
    enum class Charts { InlineSvg, ImageReferences };
    Charts charts = Charts::InlineSvg;
    QString generator;                           // e.g. "peftbench 0.1.0", shown in the footer
};

QString reportTitle(const ReportOptions &options);

}  // namespace peftbench
