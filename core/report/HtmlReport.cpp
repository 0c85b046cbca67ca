// The self-contained HTML report.
#include "report/Reports.h"

#include "report/ClaimsCheck.h"
#include "report/ReportCharts.h"
#include "report/ReportTables.h"
#include "report/ReportText.h"

namespace peftbench {

namespace {

const char *kStyle = R"(body{font-family:sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:8px 0;font-size:12px}
th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top}th{background:#f0f0f0}
td.num{text-align:right;white-space:nowrap}
.supported{color:#1a7f37;font-weight:bold}.refuted{color:#cf222e;font-weight:bold}.inconclusive{color:#6e7781;font-weight:bold}
.note{color:#555;font-size:12px}figure{margin:12px 0}
)";

QString h(const QString &text)
{
    return escapeHtml(text);
}

QString tableHtml(const ReportTable &table)
{
    QString out = QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\">\n<tr>");
    for (const QString &cell : table.header)
        out += QStringLiteral("<th>") + h(cell) + QStringLiteral("</th>");
    out += QStringLiteral("</tr>\n");
    for (const QStringList &row : table.rows) {
        out += QStringLiteral("<tr>");
        for (int i = 0; i < row.size(); ++i) {
            const bool numeric = size_t(i) < table.numeric.size() && table.numeric[size_t(i)];
            out += (numeric ? QStringLiteral("<td class=\"num\" align=\"right\">") : QStringLiteral("<td>")) + h(row[i])
                   + QStringLiteral("</td>");
        }
        out += QStringLiteral("</tr>\n");
    }
    return out + QStringLiteral("</table>\n");
}

QString verdictColor(Verdict v)
{
    switch (v) {
    case Verdict::Supported: return QStringLiteral("#1a7f37");
    case Verdict::Refuted: return QStringLiteral("#cf222e");
    case Verdict::Inconclusive: return QStringLiteral("#6e7781");
    }
    return {};
}

QString claimsHtml(const Comparison &comparison)
{
    QString out = QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\">\n"
                                 "<tr><th>claim</th><th>verdict</th><th>evidence</th></tr>\n");
    for (const ClaimResult &claim : checkClaims(comparison)) {
        const QString verdict = verdictName(claim.verdict);
        out += QStringLiteral("<tr><td>%1</td><td class=\"%2\"><font color=\"%3\"><b>%2</b></font></td><td>%4</td></tr>\n")
                   .arg(h(claim.statement), verdict, verdictColor(claim.verdict), h(claim.evidence));
    }
    out += QStringLiteral("</table>\n<p class=\"note\">Each method is represented by its best-quality configuration. "
                          "Parameter counts and sizes on disk are fixed by the configuration, so one run decides them. "
                          "Memory and time per step need a difference beyond twice the seed-to-seed standard deviation "
                          "(or, with a single run, beyond %1% of the larger value). Quality and over-fitting depend on "
                          "the seed: they need at least two seeds per configuration (<code>repeats</code>) and a "
                          "difference beyond twice the pooled standard deviation.</p>\n")
               .arg(kSingleRunCostMargin * 100, 0, 'g', 3);
    return out;
}

QString chartsHtml(const std::vector<ReportChart> &charts, const ReportOptions &options)
{
    QString out;
    QString section;
    for (const ReportChart &chart : charts) {
        if (chart.section != section) {
            section = chart.section;
            out += QStringLiteral("<h3>") + h(section) + QStringLiteral("</h3>\n");
        }
        out += QStringLiteral("<figure id=\"chart-%1\">").arg(h(chart.id));
        if (options.charts == ReportOptions::Charts::InlineSvg)
            out += QString::fromUtf8(chartSvg(chart.canvas));
        else
            out += QStringLiteral("<img src=\"chart:%1\" width=\"%2\" height=\"%3\" alt=\"%4\">")
                       .arg(h(chart.id))
                       .arg(int(chart.canvas.width()))
                       .arg(int(chart.canvas.height()))
                       .arg(h(chart.canvas.title()));
        out += QStringLiteral("</figure>\n");
    }
    return out;
}

}  // namespace

QByteArray htmlReport(const Comparison &comparison, const ReportOptions &options)
{
    const QString title = reportTitle(options);
    QString out = QStringLiteral(
                      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
                      "img-src data:\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
                      "<title>%1</title>\n<style>%2</style>\n</head>\n<body>\n<h1>%1</h1>\n")
                      .arg(h(title), QString::fromUtf8(kStyle));
    out += QStringLiteral("<p>%1 runs in %2 configurations, compared %3 UTC. Memory is %4.%5</p>\n")
               .arg(comparison.runs.size())
               .arg(comparison.groups.size())
               .arg(comparison.loadedAt.toUTC().toString(Qt::ISODate), h(comparison.memoryLabel.isEmpty() ? QStringLiteral("unknown")
                                                                                                          : comparison.memoryLabel),
                    comparison.mixedMetrics ? QStringLiteral(" The runs report different task metrics: quality is compared on "
                                                             "validation loss.")
                                            : QString());

    out += QStringLiteral("<h2>Comparison</h2>\n<p class=\"note\">Mean ± standard deviation over each configuration's seeds.</p>\n")
           + tableHtml(groupTable(comparison));
    out += QStringLiteral("<h2>Claims</h2>\n") + claimsHtml(comparison);
    out += QStringLiteral("<h2>Charts</h2>\n") + chartsHtml(reportCharts(comparison, options), options);
    out += QStringLiteral("<h2>Memory breakdown</h2>\n<p class=\"note\">Peak memory by what holds it: measured during the run, "
                          "next to what the estimator predicts for the same config on this machine.</p>\n")
           + tableHtml(memoryTable(comparison));
    out += QStringLiteral("<h2>Config differences</h2>\n") + tableHtml(configTable(comparison, true));
    out += QStringLiteral("<details><summary>Every setting</summary>\n") + tableHtml(configTable(comparison, false))
           + QStringLiteral("</details>\n");
    out += QStringLiteral("<h2>Runs</h2>\n") + tableHtml(runTable(comparison));
    for (const ComparedRun &run : comparison.runs)
        if (!run.configError.isEmpty())
            out += QStringLiteral("<p class=\"note\">Run %1's stored config could not be read: %2</p>\n")
                       .arg(run.record.id)
                       .arg(h(run.configError));
    out += QStringLiteral("<h2>Environment</h2>\n") + tableHtml(environmentTable(comparison));
    out += QStringLiteral("<p class=\"note\">Generated by %1.</p>\n</body>\n</html>\n")
               .arg(h(options.generator.isEmpty() ? QStringLiteral("PEFT Workbench") : options.generator));
    return out.toUtf8();
}

}  // namespace peftbench
