// peftbench report (--experiment ID | --runs ID,ID,...) [--format F] -o FILE: the comparison of
// finished runs as an HTML, PDF, Markdown, CSV or JSON file.
#include "Commands.h"

#include "CommandOptions.h"

#include "PdfReport.h"
#include "report/ReportFile.h"
#include "report/Reports.h"
#include "report/RunComparison.h"
#include "store/RunStore.h"
#include "store/StoreError.h"

#include <QCoreApplication>
#include <QGuiApplication>

namespace peftbench {

namespace {

std::optional<CurveAxis> parseCurveAxis(const QString &name)
{
    if (name == QLatin1String("step"))
        return CurveAxis::Step;
    if (name == QLatin1String("epoch"))
        return CurveAxis::Epoch;
    if (name == QLatin1String("tokens"))
        return CurveAxis::Tokens;
    if (name == QLatin1String("time"))
        return CurveAxis::WallTime;
    return std::nullopt;
}

QByteArray render(ReportFormat format, const Comparison &comparison, const ReportOptions &options)
{
    switch (format) {
    case ReportFormat::Html: return htmlReport(comparison, options);
    case ReportFormat::Pdf: return pdfReport(comparison, options);
    case ReportFormat::Markdown: return markdownReport(comparison, options);
    case ReportFormat::Csv: return csvReport(comparison);
    case ReportFormat::Json: return jsonReport(comparison, options);
    }
    return {};
}

}  // namespace

int reportCommand(const QStringList &args)
{
    CommandParser command(QStringLiteral("report (--experiment ID | --runs ID,ID,...) [--format FORMAT] -o FILE"),
                          QStringLiteral("Compare finished runs and write a report: HTML (one self-contained file with charts), "
                                         "PDF, Markdown, CSV (every step of every run) or JSON (everything)."));
    const QCommandLineOption experiment(QStringLiteral("experiment"), QStringLiteral("Every finished run of this experiment."),
                                        QStringLiteral("ID"));
    const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("These runs, comma-separated, in this order."),
                                  QStringLiteral("ID,ID,..."));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("html, pdf, md, csv or json (default: from the output file's extension)."),
                                    QStringLiteral("FORMAT"));
    const QCommandLineOption output(QStringList{QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("The report file; replaced atomically."), QStringLiteral("FILE"));
    const QCommandLineOption title(QStringLiteral("title"), QStringLiteral("The report's title."), QStringLiteral("TEXT"));
    const QCommandLineOption xAxis(QStringLiteral("x-axis"),
                                   QStringLiteral("Loss curves against step, epoch, tokens or time (default: step)."),
                                   QStringLiteral("AXIS"));
    command.parser().addOptions({experiment, runs, format, output, title, xAxis});
    int exitCode = 0;
    const std::optional<CommandOptions> options = command.parse(args, 0, 0, exitCode);
    if (!options)
        return exitCode;
    const QCommandLineParser &p = command.parser();

    if (!p.isSet(output) || p.value(output).isEmpty()) {
        printError(QStringLiteral("report: -o FILE is required (where to write the report)"));
        return 2;
    }
    const QString path = p.value(output);
    const std::optional<ReportFormat> reportFormat = p.isSet(format) ? parseReportFormat(p.value(format)) : reportFormatForPath(path);
    if (!reportFormat) {
        printError(p.isSet(format)
                       ? QStringLiteral("report: --format: expected html, pdf, md, csv or json, got '%1'").arg(p.value(format))
                       : QStringLiteral("report: cannot tell the format from '%1': give --format html|pdf|md|csv|json").arg(path));
        return 2;
    }
    if (p.isSet(experiment) == p.isSet(runs)) {
        printError(QStringLiteral("report: give exactly one of --experiment ID and --runs ID,ID,..."));
        return 2;
    }
    ReportOptions reportOptions;
    reportOptions.title = p.value(title);
    reportOptions.generator = QStringLiteral("peftbench ") + QCoreApplication::applicationVersion();
    if (p.isSet(xAxis)) {
        const std::optional<CurveAxis> axis = parseCurveAxis(p.value(xAxis));
        if (!axis) {
            printError(QStringLiteral("report: --x-axis: expected step, epoch, tokens or time, got '%1'").arg(p.value(xAxis)));
            return 2;
        }
        reportOptions.curveAxis = *axis;
    }
    std::vector<int64_t> ids;
    if (p.isSet(runs)) {
        for (const QString &text : p.value(runs).split(QLatin1Char(','))) {
            const std::optional<int64_t> id = parseRunId(text.trimmed(), QStringLiteral("report --runs"));
            if (!id)
                return 2;
            ids.push_back(*id);
        }
    }
    if (*reportFormat == ReportFormat::Pdf && !qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        printError(QStringLiteral("report: a PDF needs the GUI libraries, but this process runs without them"));
        return 1;
    }

    try {
        RunStore store(RunStore::pathInDataDirectory(options->dataDirectory));
        if (p.isSet(experiment)) {
            bool ok = false;
            const int64_t experimentId = p.value(experiment).toLongLong(&ok);
            if (!ok || experimentId <= 0) {
                printError(QStringLiteral("report: --experiment: expected an experiment id, got '%1'").arg(p.value(experiment)));
                return 2;
            }
            ids = finishedRunIds(store, experimentId);
            if (ids.empty()) {
                printError(QStringLiteral("report: experiment %1 has no finished runs yet").arg(experimentId));
                return 2;
            }
        }
        const Comparison comparison = loadComparison(store, ids, {true, options->threads});
        writeReportFile(path, render(*reportFormat, comparison, reportOptions));
        printOut(QStringLiteral("wrote the %1 report of %2 runs to %3\n")
                     .arg(reportFormatName(*reportFormat))
                     .arg(comparison.runs.size())
                     .arg(path));
        return 0;
    } catch (const ComparisonError &e) {
        printError(QStringLiteral("report: ") + e.message());
        return 2;
    } catch (const StoreError &e) {
        printFailure(e, QStringLiteral("report: "));
        return 2;
    } catch (const ReportFileError &e) {
        printError(QStringLiteral("report: ") + e.message());
        return 1;
    }
}

}  // namespace peftbench
