// Reports of a comparison: a store fixture of three finished runs (written through RunStore, no
// training) exported in every format. The HTML stands alone and escapes every user string (run
// names built to break out of markup), the Markdown has the table and the claims, the CSV parses
// back to one row per stored step, the JSON parses, the PDF has pages; and `peftbench report`
// end to end with its exit codes.
#include "PdfReport.h"
#include "experiment/ConfigReader.h"
#include "experiment/ConfigWriter.h"
#include "experiment/ExperimentSubmission.h"
#include "experiment/RunExpansion.h"
#include "report/ClaimsCheck.h"
#include "report/ReportCharts.h"
#include "report/ReportFile.h"
#include "report/ReportText.h"
#include "report/Reports.h"
#include "store/RunStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace peftbench;

namespace {

const QString kScriptName = QStringLiteral("<script>alert(1)</script> & \"quotes\"");
const QString kAttributeName = QStringLiteral("\"><img src=x onerror=alert(1)>'</script>");
const QString kFingerprintDevice = QStringLiteral("<b onmouseover=alert(2)>cpu</b>");
// Config values that differ between runs, so the config diff shows them: a dataset file name and a
// base model path.
const QString kHostileDataset = QStringLiteral("data/<img src=x onerror=alert(3)>.jsonl");
const QString kHostileBaseModel = QStringLiteral("file:\"><svg onload=alert(4)>&amp;.pwbc");

const QByteArray kExperiment = R"(name: report-fixture
base_model: builtin:byte-gpt
dataset: {source: builtin:spam, task: classification, max_length: 64}
train: {steps: 30, batch_size: 4, eval_every: 10, seed: 42, device: cpu}
runs:
  - {method: prompt_tuning, lr: 0.3}
  - {method: lora, lr: 2.0e-3}
  - {method: full, lr: 3.0e-4}
)";

// Three finished runs, one per method, with hostile names and a hostile fingerprint, stored under
// dataDir/runs.sqlite as the app stores them.
struct ReportFixture {
    QTemporaryDir dir;
    int64_t experimentId = 0;
    std::vector<int64_t> runIds;
    std::vector<int> stepCounts{20, 30, 25};
    int64_t storedSteps = 0;

    ReportFixture()
    {
        RunStore store(RunStore::pathInDataDirectory(dir.path()));
        const ExperimentConfig config = parseExperimentConfig(kExperiment, QStringLiteral("fixture.yaml"));
        experimentId = store.createExperiment(config.name, QString::fromUtf8(kExperiment));
        const std::vector<RunSpec> specs = expandRuns(config);
        const QStringList names{kScriptName, kAttributeName, QStringLiteral("Full")};
        for (int i = 0; i < 3; ++i) {
            const RunSpec &spec = specs[size_t(i)];
            const QString method = methodKindName(spec.method.kind);
            ExperimentConfig runConfig = singleRunConfig(config, spec);
            if (i == 1) {
                runConfig.dataset.source = kHostileDataset;
                runConfig.baseModel = kHostileBaseModel;
            }
            const int64_t id = store.addRun(experimentId, names[i], method,
                                            QString::fromUtf8(saveExperimentConfig(runConfig)), i);
            std::vector<StepMetrics> steps;
            for (int s = 1; s <= stepCounts[size_t(i)]; ++s) {
                StepMetrics m;
                m.step = s;
                m.trainLoss = 3.0 / s + 0.1 * i;
                m.learningRate = 1e-3;
                m.stepSeconds = 0.05 * (i + 1);
                m.tokensPerSecond = 1000.0 / (i + 1);
                m.tokensSeen = 256 * s;
                m.epoch = s / 40.0;
                m.wallSeconds = m.stepSeconds * s;
                m.memoryBytes = (100 + 100 * i) << 20;
                m.memoryPeakBytes = m.memoryBytes;
                steps.push_back(m);
            }
            store.appendSteps(id, steps);
            storedSteps += int64_t(steps.size());
            store.appendEvaluations(id, {{0, 2.5, QStringLiteral("accuracy"), 0.5},
                                         {10, 1.5, QStringLiteral("accuracy"), 0.6 + 0.1 * i},
                                         {20, 1.2, QStringLiteral("accuracy"), 0.65 + 0.1 * i}});
            RunSummary s;
            s.totalParams = 1000000;
            s.trainableParams = i == 0 ? 2000 : i == 1 ? 20000 : 1000000;
            s.trainablePercent = 100.0 * double(s.trainableParams) / 1e6;
            s.memoryLabel = QStringLiteral("RAM");
            s.peakMemoryBytes = (100 + 100 * i) << 20;
            s.memory = {50 << 20, 4 << 20, i == 2 ? 4 << 20 : 0, i == 2 ? 8 << 20 : 0, 30 << 20};
            s.adapterBytes = i == 2 ? 4000000 : 80000;
            s.steps = stepCounts[size_t(i)];
            s.wallSeconds = 10;
            s.meanStepSeconds = 0.05 * (i + 1);
            s.tokensPerSecond = 1000.0 / (i + 1);
            s.metricName = QStringLiteral("accuracy");
            s.bestValLoss = 1.2;
            s.finalValLoss = 1.2;
            s.finalTrainLoss = 1.0 - 0.2 * i;
            s.generalizationGap = 0.2 + 0.2 * i;
            s.testMetric = 0.6 + 0.1 * i;
            s.testLoss = 1.3;
            s.deviceName = QStringLiteral("cpu");
            s.threads = 2;
            const QJsonObject fingerprint{{QStringLiteral("device"), kFingerprintDevice},
                                          {QStringLiteral("libtorch"), QStringLiteral("1.13.1")}};
            store.saveSummary(id, s, QString::fromUtf8(QJsonDocument(fingerprint).toJson(QJsonDocument::Compact)));
            store.setRunStatus(id, RunStatus::Completed);
            runIds.push_back(id);
        }
    }

    Comparison comparison() const
    {
        RunStore store(RunStore::pathInDataDirectory(dir.path()));
        return loadComparison(store, runIds, {false, 0});
    }

    QString runList() const
    {
        QStringList ids;
        for (int64_t id : runIds)
            ids << QString::number(id);
        return ids.join(QLatin1Char(','));
    }
};

ReportOptions options()
{
    ReportOptions o;
    o.title = QStringLiteral("Fixture <report>");
    o.generator = QStringLiteral("test_reports");
    return o;
}

// RFC 4180, enough for what csvReport writes: quoted fields with doubled quotes, CRLF rows.
std::vector<QStringList> parseCsv(const QString &text)
{
    std::vector<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
        } else if (c == QLatin1Char('\r')) {
            continue;
        } else if (c == QLatin1Char('\n')) {
            row << field;
            rows.push_back(row);
            row.clear();
            field.clear();
        } else {
            field += c;
        }
    }
    return rows;
}

// Every start tag's name and attribute names, as a browser's tokenizer would see them outside
// <style> (whose CSS has no '<').
struct Markup {
    QSet<QString> elements;
    QSet<QString> attributes;
};

Markup scanMarkup(const QString &html)
{
    static const QRegularExpression tag(QStringLiteral("<([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>"));
    static const QRegularExpression attribute(QStringLiteral("([^\\s=\"'/]+)\\s*(=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+))?"));
    Markup m;
    for (auto it = tag.globalMatch(html); it.hasNext();) {
        const QRegularExpressionMatch t = it.next();
        m.elements.insert(t.captured(1).toLower());
        for (auto a = attribute.globalMatch(t.captured(2)); a.hasNext();)
            m.attributes.insert(a.next().captured(1).toLower());
    }
    return m;
}

struct CliResult {
    int exitCode = -1;
    QString out, err;
};

CliResult runCli(const QString &dataDir, const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PEFTBENCH_DATA_DIR"), dataDir);
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));   // the command must pick offscreen itself
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(PEFTBENCH_APP_PATH), QStringList{QStringLiteral("report")} + args);
    CliResult r;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// The exports are kept under the build tree's screenshots folder for a person to look at.
void keepForInspection(const QString &name, const QByteArray &bytes)
{
    writeReportFile(QDir(QStringLiteral(PEFTBENCH_SCREENSHOT_DIR)).filePath(name), bytes);
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

int pdfPages(const QByteArray &pdf)
{
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page(?![s\\w])"));
    int pages = 0;
    for (auto it = page.globalMatch(QString::fromLatin1(pdf)); it.hasNext(); it.next())
        ++pages;
    return pages;
}

}  // namespace

class TestReports : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void htmlStandsAloneAndEscapesEverything()
    {
        ReportFixture f;
        const QByteArray bytes = htmlReport(f.comparison(), options());
        keepForInspection(QStringLiteral("report.html"), bytes);
        const QString html = QString::fromUtf8(bytes);
        QVERIFY(html.startsWith(QStringLiteral("<!DOCTYPE html>")));
        QVERIFY(html.contains(QStringLiteral("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                                             "style-src 'unsafe-inline'; img-src data:\">")));
        QVERIFY(!html.contains(QStringLiteral("<script"), Qt::CaseInsensitive));
        QVERIFY(!html.contains(QStringLiteral("src=\"http"), Qt::CaseInsensitive));
        QVERIFY(!html.contains(QStringLiteral("href=\"http"), Qt::CaseInsensitive));
        QVERIFY(!html.contains(QStringLiteral("url("), Qt::CaseInsensitive));
        QVERIFY(!html.contains(QStringLiteral("<link"), Qt::CaseInsensitive));

        // The hostile strings appear, escaped, and never as markup.
        QVERIFY(html.contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;")));
        QVERIFY(html.contains(QStringLiteral("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&lt;/script&gt;")));
        QVERIFY(html.contains(QStringLiteral("&lt;b onmouseover=alert(2)&gt;cpu&lt;/b&gt;")));
        QVERIFY(html.contains(QStringLiteral("Fixture &lt;report&gt;")));
        QVERIFY2(html.contains(QStringLiteral("data/&lt;img src=x onerror=alert(3)&gt;.jsonl")), "hostile dataset not shown");
        QVERIFY2(html.contains(QStringLiteral("file:&quot;&gt;&lt;svg onload=alert(4)&gt;&amp;amp;.pwbc")), "hostile base model not shown");
        QVERIFY(!html.contains(kHostileDataset));
        QVERIFY(!html.contains(kHostileBaseModel));
        QVERIFY(!html.contains(kScriptName));
        QVERIFY(!html.contains(kAttributeName));
        QVERIFY(!html.contains(kFingerprintDevice));
        const Markup markup = scanMarkup(html);
        const QSet<QString> allowedElements{
            QStringLiteral("html"),    QStringLiteral("head"),  QStringLiteral("meta"),   QStringLiteral("title"),
            QStringLiteral("style"),   QStringLiteral("body"),  QStringLiteral("h1"),     QStringLiteral("h2"),
            QStringLiteral("h3"),      QStringLiteral("p"),     QStringLiteral("table"),  QStringLiteral("tr"),
            QStringLiteral("th"),      QStringLiteral("td"),    QStringLiteral("font"),   QStringLiteral("b"),
            QStringLiteral("code"),    QStringLiteral("details"), QStringLiteral("summary"), QStringLiteral("figure"),
            QStringLiteral("svg"),     QStringLiteral("rect"),  QStringLiteral("line"),   QStringLiteral("polyline"),
            QStringLiteral("circle"),  QStringLiteral("text"),
        };
        QSet<QString> unexpected = markup.elements;
        unexpected.subtract(allowedElements);
        QVERIFY2(unexpected.isEmpty(), qPrintable(QStringList(unexpected.values()).join(QLatin1Char(' '))));
        for (const QString &a : markup.attributes)
            QVERIFY2(!a.startsWith(QStringLiteral("on")), qPrintable(a));

        // Charts are inline SVG: curves, bars, the memory stack and the quality-vs-cost scatter.
        QVERIFY(html.count(QStringLiteral("<svg ")) >= 8);
        for (const char *id : {"train-loss", "validation-loss", "bar-trainable-params", "memory-breakdown", "scatter-memory",
                               "scatter-params"})
            QVERIFY2(html.contains(QStringLiteral("id=\"chart-%1\"").arg(QLatin1String(id))), id);
        QVERIFY(html.contains(QStringLiteral("Pareto front")));
        // The claims with verdicts, the config diff and the memory table.
        QVERIFY(html.contains(QStringLiteral("Prompt tuning trains the fewest parameters.")));
        QVERIFY(html.contains(QStringLiteral("class=\"supported\"")));
        QVERIFY(html.contains(QStringLiteral("prompt_tuning.num_virtual_tokens")));
        QVERIFY(html.contains(QStringLiteral("optimizer state")));
    }

    void htmlCanReferToChartImages()
    {
        ReportFixture f;
        ReportOptions o = options();
        o.charts = ReportOptions::Charts::ImageReferences;
        const QString html = QString::fromUtf8(htmlReport(f.comparison(), o));
        QVERIFY(!html.contains(QStringLiteral("<svg")));
        QVERIFY(html.contains(QStringLiteral("<img src=\"chart:train-loss\"")));
    }

    void markdownHasTheTableAndClaims()
    {
        ReportFixture f;
        const QString md = QString::fromUtf8(markdownReport(f.comparison(), options()));
        QVERIFY(md.startsWith(QStringLiteral("# Fixture &lt;report&gt;")));
        QVERIFY(md.contains(QStringLiteral("## Comparison")));
        QVERIFY(md.contains(QStringLiteral("| configuration | method | runs |")));
        QVERIFY(md.contains(QStringLiteral("## Claims")));
        QVERIFY(md.contains(QStringLiteral("| claim | verdict | evidence |")));
        QCOMPARE(md.count(QStringLiteral("| supported |")) + md.count(QStringLiteral("| refuted |"))
                     + md.count(QStringLiteral("| inconclusive |")),
                 qsizetype(8));
        QVERIFY(!md.contains(QStringLiteral("<script")));
        QVERIFY(!md.contains(QStringLiteral("<img")));
        QVERIFY(md.contains(QStringLiteral("&lt;script&gt;alert\\(1\\)&lt;/script&gt;")));
    }

    void csvParsesBackOneRowPerStep()
    {
        ReportFixture f;
        const std::vector<QStringList> rows = parseCsv(QString::fromUtf8(csvReport(f.comparison())));
        QCOMPARE(rows.front(), csvColumns());
        QCOMPARE(int64_t(rows.size() - 1), f.storedSteps);
        for (size_t i = 1; i < rows.size(); ++i)
            QCOMPARE(rows[i].size(), csvColumns().size());
        const qsizetype name = csvColumns().indexOf(QStringLiteral("run_name"));
        const qsizetype step = csvColumns().indexOf(QStringLiteral("step"));
        const qsizetype valLoss = csvColumns().indexOf(QStringLiteral("val_loss"));
        QCOMPARE(rows[1][name], kScriptName);   // the quotes and comma-free text round-trip
        QCOMPARE(rows[1][step], QStringLiteral("1"));
        QCOMPARE(rows[10][step], QStringLiteral("10"));
        QCOMPARE(rows[10][valLoss], QStringLiteral("1.5"));   // an evaluation at step 10
        QCOMPARE(rows[9][valLoss], QString());
        QCOMPARE(rows[21][name], kAttributeName);
    }

    void csvDefusesFormulas()
    {
        QCOMPARE(csvField(QStringLiteral("=HYPERLINK(\"x\")")), QStringLiteral("\"'=HYPERLINK(\"\"x\"\")\""));
        QCOMPARE(csvField(QStringLiteral("plain")), QStringLiteral("plain"));
        QCOMPARE(csvField(QStringLiteral("a,b")), QStringLiteral("\"a,b\""));
    }

    void jsonHasEverything()
    {
        ReportFixture f;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(jsonReport(f.comparison(), options()), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonObject root = doc.object();
        QCOMPARE(root.value(QStringLiteral("format")).toString(), QStringLiteral("peftbench-report"));
        const QJsonArray runs = root.value(QStringLiteral("runs")).toArray();
        QCOMPARE(runs.size(), qsizetype(3));
        QCOMPARE(runs[0].toObject().value(QStringLiteral("name")).toString(), kScriptName);
        QCOMPARE(runs[1].toObject().value(QStringLiteral("steps")).toObject().value(QStringLiteral("step")).toArray().size(),
                 qsizetype(30));
        QCOMPARE(runs[2].toObject().value(QStringLiteral("summary")).toObject().value(QStringLiteral("trainable_params")).toDouble(),
                 1e6);
        QCOMPARE(runs[0].toObject().value(QStringLiteral("evaluations")).toArray().size(), qsizetype(3));
        QCOMPARE(runs[0].toObject().value(QStringLiteral("fingerprint")).toObject().value(QStringLiteral("device")).toString(),
                 kFingerprintDevice);
        QCOMPARE(root.value(QStringLiteral("claims")).toArray().size(), qsizetype(8));
        QCOMPARE(root.value(QStringLiteral("groups")).toArray().size(), qsizetype(3));
        QVERIFY(root.value(QStringLiteral("config_differences")).toObject().contains(QStringLiteral("method")));
        // Not recorded is null, never NaN (which JSON cannot hold).
        QVERIFY(runs[0].toObject().value(QStringLiteral("summary")).toObject().value(QStringLiteral("test_macro_f1")).isNull());
    }

    void pdfHasPages()
    {
        ReportFixture f;
        const QByteArray pdf = pdfReport(f.comparison(), options());
        keepForInspection(QStringLiteral("report.pdf"), pdf);
        QVERIFY(pdf.startsWith("%PDF"));
        QVERIFY2(pdfPages(pdf) >= 2, qPrintable(QString::number(pdfPages(pdf))));   // the whole report does not fit on one A4 page
        QVERIFY(pdf.size() > 20000);   // the chart images are in it
    }

    void chartImageIsPainted()
    {
        ChartCanvas canvas(100, 50, QStringLiteral("t"));
        canvas.rect({10, 10}, {60, 40}, QStringLiteral("#4477aa"));
        const QImage image = chartImage(canvas, 2);
        // Every chart as the PDF shows it, for a person to look at.
        for (const ReportChart &chart : reportCharts(ReportFixture().comparison(), options()))
            QVERIFY(chartImage(chart.canvas, 1)
                        .save(QDir(QStringLiteral(PEFTBENCH_SCREENSHOT_DIR)).filePath(QStringLiteral("report-%1.png").arg(chart.id))));
        QCOMPARE(image.size(), QSize(200, 100));
        QCOMPARE(image.pixelColor(70, 50), QColor(QStringLiteral("#4477aa")));
        QCOMPARE(image.pixelColor(150, 50), QColor(Qt::white));
    }

    void writesAtomically()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("r.html"));
        writeReportFile(path, "one");
        writeReportFile(path, "two");
        QCOMPARE(readAll(path), QByteArray("two"));
        QVERIFY_THROWS_EXCEPTION(ReportFileError, writeReportFile(dir.filePath(QStringLiteral("missing/r.html")), "x"));
    }

    void cli_data()
    {
        QTest::addColumn<QStringList>("args");   // %RUNS% and %EXPERIMENT% are filled in
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");    // in stderr (failures) or stdout
        QTest::addColumn<QByteArray>("fileStart");   // empty: no file is written
        QTest::newRow("html") << QStringList{"--runs", "%RUNS%", "-o", "out.html"} << 0 << "wrote the html report of 3 runs"
                              << QByteArray("<!DOCTYPE html>");
        QTest::newRow("pdf of an experiment") << QStringList{"--experiment", "%EXPERIMENT%", "-o", "out.pdf"} << 0
                                              << "wrote the pdf report of 3 runs" << QByteArray("%PDF");
        QTest::newRow("format over extension") << QStringList{"--runs", "%RUNS%", "--format", "json", "-o", "out.txt"} << 0
                                               << "json report" << QByteArray("{");
        QTest::newRow("markdown") << QStringList{"--runs", "%RUNS%", "-o", "out.md"} << 0 << "md report" << QByteArray("# ");
        QTest::newRow("unknown run") << QStringList{"--runs", "%RUNS%,4242", "-o", "out.html"} << 2 << "no run 4242" << QByteArray();
        QTest::newRow("unknown experiment") << QStringList{"--experiment", "99", "-o", "out.html"} << 2 << "no experiment 99"
                                            << QByteArray();
        QTest::newRow("no output") << QStringList{"--runs", "%RUNS%"} << 2 << "-o FILE is required" << QByteArray();
        QTest::newRow("unknown format") << QStringList{"--runs", "%RUNS%", "-o", "out.docx"} << 2 << "cannot tell the format"
                                        << QByteArray();
        QTest::newRow("both selections") << QStringList{"--runs", "1", "--experiment", "1", "-o", "out.html"} << 2
                                         << "exactly one of" << QByteArray();
        QTest::newRow("not a run id") << QStringList{"--runs", "1,x", "-o", "out.html"} << 2 << "expected a run id" << QByteArray();
        QTest::newRow("unwritable") << QStringList{"--runs", "%RUNS%", "-o", "missing/out.html"} << 1 << "cannot write the report"
                                    << QByteArray();
    }

    void cli()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QFETCH(QByteArray, fileStart);
        ReportFixture f;
        QString output;
        for (QString &a : args) {
            a.replace(QStringLiteral("%RUNS%"), f.runList());
            a.replace(QStringLiteral("%EXPERIMENT%"), QString::number(f.experimentId));
            if (a.startsWith(QStringLiteral("out.")) || a.startsWith(QStringLiteral("missing/")))
                output = a = f.dir.filePath(a);
        }
        const CliResult r = runCli(f.dir.path(), args);
        QVERIFY2(r.exitCode == exitCode, qPrintable(QStringLiteral("exit %1\n%2%3").arg(r.exitCode).arg(r.out, r.err)));
        QVERIFY2((r.out + r.err).contains(message), qPrintable(r.out + r.err));
        if (fileStart.isEmpty()) {
            QVERIFY(output.isEmpty() || !QFile::exists(output));
        } else {
            QVERIFY2(readAll(output).startsWith(fileStart), qPrintable(output));
        }
    }
};

QTEST_MAIN(TestReports)
#include "test_reports.moc"
