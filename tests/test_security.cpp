// Security properties that hold by construction and must stay so: SQL only through bound
// parameters (a scan of every statement the store builds, and hostile strings round-tripping), and
// names from configs never writing outside the folder they belong in.
#include "ExperimentFixtures.h"

#include "data/BuiltinDatasets.h"
#include "data/DatasetError.h"
#include "experiment/ConfigError.h"
#include "experiment/ConfigReader.h"
#include "experiment/ExperimentSubmission.h"
#include "experiment/RunExecutor.h"
#include "store/RunStore.h"
#include "system/DataPaths.h"

#include <QDirIterator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace peftbench;
using namespace peftbench::testing;

namespace {

// The arguments of the call whose '(' is at `open`, split at top-level commas; empty when unbalanced.
QStringList callArguments(const QString &code, qsizetype open)
{
    QStringList args;
    int depth = 0;
    bool inString = false;
    QString current;
    for (qsizetype i = open; i < code.size(); ++i) {
        const QChar c = code[i];
        if (inString) {
            current += c;
            if (c == QLatin1Char('\\') && i + 1 < code.size())
                current += code[++i];
            else if (c == QLatin1Char('"'))
                inString = false;
            continue;
        }
        if (c == QLatin1Char('"'))
            inString = true;
        if (c == QLatin1Char('(') && depth++ == 0)
            continue;
        if (c == QLatin1Char(')') && --depth == 0) {
            args << current.trimmed();
            return args;
        }
        if (c == QLatin1Char(',') && depth == 1) {
            args << current.trimmed();
            current.clear();
            continue;
        }
        current += c;
    }
    return {};
}

// What is left of an SQL text expression once everything known to be constant is taken out: string
// literals, constants named kXxx, the loop variable over literal lists, the placeholder builder, and
// the column lists that come from our own SummaryColumns table. Anything left is a value spliced in.
QString splicedParts(QString sql)
{
    static const QRegularExpression literal(QStringLiteral(R"("(?:[^"\\]|\\.)*")"));
    sql.replace(literal, QStringLiteral("\"\""));
    static const QRegularExpression wrapper(QStringLiteral(R"((?:QStringLiteral|QString::fromLatin1|QLatin1String)\s*\(([^()]*)\))"));
    sql.replace(wrapper, QStringLiteral("\\1"));
    for (const char *constantColumns : {R"(.arg(names.join(""), placeholders.join("")))", R"(.arg(names.join("")))",
                                        ".arg(step.version)"})
        sql.remove(QLatin1String(constantColumns));
    static const QRegularExpression allowed(QStringLiteral(R"(""|\bk[A-Z]\w*\b|\bsql\b|\bstepInsertSql\(\w+\)|\+|\s)"));
    return sql.remove(allowed);
}

struct SqlFinding {
    QString where;
    QString sql;
};

// Every statement built in `code`: SqlStatement's constructor (SQL second) and prepared() (SQL
// third), plus QSqlQuery::exec with a text.
std::vector<SqlFinding> splicedStatements(const QString &code, const QString &file)
{
    std::vector<SqlFinding> findings;
    static const QRegularExpression site(QStringLiteral(R"(\bSqlStatement\s*(?:&\s*)?\w*\s*(\()|\bprepared\s*(\()|\.exec\s*(\())"));
    for (auto it = site.globalMatch(code); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const int group = !m.captured(1).isEmpty() ? 1 : !m.captured(2).isEmpty() ? 2 : 3;
        const QStringList args = callArguments(code, m.capturedStart(group));
        const int sqlIndex = group == 1 ? 1 : group == 2 ? 2 : 0;
        static const QRegularExpression parameter(QStringLiteral(R"(^(const\s+)?[A-Za-z_][\w:<>]*\s*[&*]+\s*\w+$)"));
        if (args.size() <= sqlIndex || (group == 1 && args.size() < 3) || args[sqlIndex].isEmpty()
            || parameter.match(args[sqlIndex]).hasMatch())
            continue;   // a declaration or definition, or exec() without a text
        const QString rest = splicedParts(args[sqlIndex]);
        if (!rest.isEmpty()) {
            const int line = int(code.left(m.capturedStart()).count(QLatin1Char('\n'))) + 1;
            findings.push_back({QStringLiteral("%1:%2").arg(file).arg(line), args[sqlIndex]});
        }
    }
    return findings;
}

const QString kDropTable = QStringLiteral("'); DROP TABLE runs;--");

QStringList hostileNames()
{
    return {kDropTable,
            QStringLiteral("Robert\"); DELETE FROM experiments; --"),
            QStringLiteral("x' OR '1'='1"),
            QStringLiteral("a\\'b%_*?"),
            QString::fromUtf8("nul\0inside", 10),
            QStringLiteral("<script>alert(1)</script> 한국어 ✓"),
            QString(10000, QLatin1Char('\''))};
}

// Every file under `root`, relative, sorted.
QStringList filesUnder(const QString &root)
{
    QStringList files;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << QDir(root).relativeFilePath(it.next());
    files.sort();
    return files;
}

}  // namespace

class TestSecurity : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The scan finds splicing in statements written the wrong way, so its silence below means something.
    void scanFindsSplicedValues_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("spliced");
        QTest::newRow("bound") << R"(SqlStatement s(db_, QStringLiteral("SELECT * FROM runs WHERE name = ?"), purpose);)" << false;
        QTest::newRow("constant prefix") << R"(SqlStatement s(db_, QString::fromLatin1(kSelectRun) + QStringLiteral("WHERE id = ?"), p);)"
                                         << false;
        QTest::newRow("prepared block") << R"(prepared(hot_->row, db_, stepInsertSql(1), purpose);)" << false;
        QTest::newRow("literal exec") << R"(rollback.exec(QStringLiteral("ROLLBACK"));)" << false;
        QTest::newRow("arg of a name") << R"(SqlStatement s(db_, QStringLiteral("SELECT * FROM runs WHERE name = '%1'").arg(name), p);)"
                                       << true;
        QTest::newRow("concatenated id") << R"(SqlStatement s(db_, QStringLiteral("DELETE FROM runs WHERE id = ") + QString::number(id), p);)"
                                         << true;
        QTest::newRow("prepared with a value") << R"(prepared(hot_->row, db_, QStringLiteral("UPDATE runs SET name = '") + name + "'", p);)"
                                               << true;
        QTest::newRow("exec of a text") << R"(query.exec(QStringLiteral("DROP TABLE ") + table);)" << true;
        QTest::newRow("a definition") << "SqlStatement::SqlStatement(const QSqlDatabase &db, const QString &sql, const QString &purpose)"
                                      << false;
        QTest::newRow("multi-line arg") << "SqlStatement s(db_,\n    QStringLiteral(\"SELECT %1 FROM t\")\n        .arg(column),\n    p);" << true;
    }

    void scanFindsSplicedValues()
    {
        QFETCH(QString, code);
        QFETCH(bool, spliced);
        QCOMPARE(!splicedStatements(code, QStringLiteral("snippet")).empty(), spliced);
    }

    // Every statement of the run store binds its values; no other code talks SQL at all.
    void everyStatementBindsItsValues()
    {
        const QDir source(QStringLiteral(PEFTBENCH_SOURCE_DIR));
        int statements = 0;
        QStringList problems;
        for (const char *folder : {"core", "ui", "app"}) {
            QDirIterator it(source.filePath(QLatin1String(folder)), {QStringLiteral("*.cpp"), QStringLiteral("*.h")}, QDir::Files,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                QFile file(path);
                QVERIFY(file.open(QIODevice::ReadOnly));
                const QString code = QString::fromUtf8(file.readAll());
                const QString relative = source.relativeFilePath(path);
                const bool store = relative.startsWith(QLatin1String("core/store/"));
                if (!store && code.contains(QRegularExpression(QStringLiteral(R"(\bQSql(Query|Database)\b|\bSqlStatement\b)"))))
                    problems << relative + QStringLiteral(": SQL outside core/store");
                if (!store)
                    continue;
                statements += int(code.count(QRegularExpression(QStringLiteral(R"(\bSqlStatement\s+\w+\s*\(|\bSqlStatement\s*\(|\bprepared\s*\()"))));
                for (const SqlFinding &f : splicedStatements(code, relative))
                    problems << f.where + QStringLiteral(": a value spliced into SQL: ") + f.sql;
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY2(statements >= 30, qPrintable(QStringLiteral("only %1 statements found: is the scan still looking?").arg(statements)));
        qInfo("%d SQL statements in core/store, every value bound", statements);
    }

    // Hostile text through every text column comes back byte for byte, and every table is still there.
    void hostileStringsRoundTrip_data()
    {
        QTest::addColumn<QString>("text");
        const QStringList names = hostileNames();
        for (int i = 0; i < names.size(); ++i)
            QTest::newRow(qPrintable(QStringLiteral("hostile %1").arg(i))) << names[i];
    }

    void hostileStringsRoundTrip()
    {
        QFETCH(QString, text);
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("data"));
        RunStore store(RunStore::pathInDataDirectory(data));
        const int64_t experiment = store.createExperiment(text, text);
        const int64_t run = store.addRun(experiment, text, text, text, 1);
        store.setRunStatus(run, RunStatus::Failed, text);
        store.addArtifact(run, text, text, 7);
        EvalMetrics eval;
        eval.step = 1;
        eval.valLoss = 1.5;
        eval.metricName = text;
        store.appendEvaluations(run, {eval});
        RunFilter filter;
        filter.method = text;

        QCOMPARE(store.experiments().size(), size_t(1));
        QCOMPARE(store.experiments().front().name, text);
        QCOMPARE(store.experiments().front().configYaml, text);
        const RunRecord stored = *store.run(run);
        QCOMPARE(stored.name, text);
        QCOMPARE(stored.method, text);
        QCOMPARE(stored.configYaml, text);
        QCOMPARE(stored.error, text);
        QCOMPARE(store.runs(filter).size(), size_t(1));
        filter.method = text + QStringLiteral("' OR 1=1 --");
        QCOMPARE(store.runs(filter).size(), size_t(0));
        QCOMPARE(store.artifacts(run).front().kind, text);
        QCOMPARE(store.artifacts(run).front().path, text);
        QCOMPARE(store.evaluations(run).front().metricName, text);
        QCOMPARE(store.integrityCheck(), QStringLiteral("ok"));
        QVERIFY(store.deleteRun(run));
        QCOMPARE(store.runs().size(), size_t(0));
    }

    // An experiment named and with runs named like SQL and path attacks trains as usual: the names
    // go into the store as they are, and every file written lands in runs/<id>/ under the data
    // directory (no file anywhere else in the temporary folder changes).
    void hostileExperimentAndRunNamesStayInTheDataDirectory()
    {
        QTemporaryDir dir;
        const QDir d(dir.path());
        QByteArray yaml = tinyExperiment(d, "  - {method: lora, name: \"../../../escaped-run\"}\n"
                                            "  - {method: full, name: \"/tmp/absolute-run\\0nul\"}\n", 4, 2);
        yaml.replace("name: tiny", "name: \"'); DROP TABLE runs;-- ../../x\"");
        writeFile(d, QStringLiteral("e.yaml"), yaml);
        const QStringList before = filesUnder(dir.path());
        const QString data = dir.filePath(QStringLiteral("data"));
        std::vector<int64_t> ids;
        {
            RunStore store(RunStore::pathInDataDirectory(data));
            ids = submitExperiment(store, loadExperimentConfig(d.filePath(QStringLiteral("e.yaml")))).runIds;
        }
        QCOMPARE(ids.size(), size_t(2));
        for (int64_t id : ids) {
            RunExecution e;
            e.databasePath = RunStore::pathInDataDirectory(data);
            e.dataDirectory = data;
            e.runId = id;
            const std::atomic<bool> cancel{false};
            const RunOutcome outcome = executeRun(e, nullptr, cancel);
            QVERIFY2(outcome.status == RunStatus::Completed, qPrintable(outcome.error));
        }
        RunStore store(RunStore::pathInDataDirectory(data));
        QCOMPARE(store.experiments().front().name, QStringLiteral("'); DROP TABLE runs;-- ../../x"));
        QCOMPARE(store.run(ids[0])->name, QStringLiteral("../../../escaped-run"));
        QCOMPARE(store.run(ids[1])->name, QString::fromUtf8("/tmp/absolute-run\0nul", 21));
        QVERIFY(!QFileInfo::exists(QStringLiteral("/tmp/absolute-run")));
        QStringList added;
        for (const QString &f : filesUnder(dir.path()))
            if (!before.contains(f))
                added << f;
        for (const QString &f : added) {
            const bool inRunFolder = f.startsWith(QStringLiteral("data/runs/%1/").arg(ids[0]))
                                     || f.startsWith(QStringLiteral("data/runs/%1/").arg(ids[1]));
            QVERIFY2(inRunFolder || f.startsWith(QLatin1String("data/runs.sqlite")), qPrintable(f));
        }
        QVERIFY2(added.size() >= 4, qPrintable(added.join(QLatin1Char(' '))));
    }

    // A built-in dataset id is looked up in the catalogue before it names any path: an id that reads
    // like a path is refused and nothing is written.
    void builtinDatasetIdNeverBecomesAPath()
    {
        QTemporaryDir dir;
        for (const QString &id : {QStringLiteral("../../x"), QStringLiteral("/etc/passwd"), QStringLiteral("spam/../../x")}) {
            try {
                loadBuiltinDataset(id, datasetCacheDirectory(dir.path()), {});
                QFAIL(qPrintable(id + QStringLiteral(" was accepted")));
            } catch (const DatasetError &e) {
                QVERIFY2(e.message().contains(QStringLiteral("unknown built-in dataset \"%1\"").arg(id)), qPrintable(e.message()));
            }
        }
        QCOMPARE(filesUnder(dir.path()), QStringList());
    }

    void pathComponents_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("problem");   // empty: accepted
        QTest::newRow("plain") << "byte-gpt" << "";
        QTest::newRow("dots inside") << "v1.2..3" << "";
        QTest::newRow("hangul") << "바이트-모델" << "";
        QTest::newRow("empty") << "" << "empty";
        QTest::newRow("dot") << "." << "names a folder itself";
        QTest::newRow("dot dot") << ".." << "names a folder itself";
        QTest::newRow("climbing") << "../../x" << "path separator";
        QTest::newRow("absolute") << "/etc/x" << "path separator";
        QTest::newRow("inside then out") << "a/../../b" << "path separator";
        QTest::newRow("backslash") << "..\\..\\x" << "path separator";
        QTest::newRow("nul") << QString::fromUtf8("a\0b", 3) << "NUL";
        QTest::newRow("newline") << "a\nb" << "control character";
        QTest::newRow("long") << QString(256, QLatin1Char('a')) << "256 bytes long";
        QTest::newRow("long in UTF-8") << QString(86, QChar(0xD55C)) << "258 bytes long";
        QTest::newRow("longest") << QString(255, QLatin1Char('a')) << "";
    }

    void pathComponents()
    {
        QFETCH(QString, name);
        QFETCH(QString, problem);
        const QString found = pathComponentProblem(name);
        QVERIFY2(problem.isEmpty() ? found.isEmpty() : found.contains(problem), qPrintable(found));
    }

    void relativePaths_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("problem");   // empty: accepted
        QTest::newRow("file") << "m.pwbc" << "";
        QTest::newRow("sub folder") << "models/m.pwbc" << "";
        QTest::newRow("dot slash") << "./models/m.pwbc" << "";
        QTest::newRow("climbing") << "../../x.pwbc" << "'..'";
        QTest::newRow("inside then out") << "a/../../b.pwbc" << "'..'";
        QTest::newRow("inside and back") << "a/../b.pwbc" << "'..'";   // refused as written
        QTest::newRow("absolute") << "/etc/cron.d/x" << "absolute";
        QTest::newRow("drive") << "C:/x.pwbc" << "absolute";
        QTest::newRow("unc") << "\\\\server\\x" << "absolute";
        QTest::newRow("backslash climbing") << "a\\..\\..\\x" << "'..'";
        QTest::newRow("nul") << QString::fromUtf8("m.pwbc\0.txt", 11) << "NUL";
        QTest::newRow("long component") << QStringLiteral("a/") + QString(300, QLatin1Char('b')) << "300 bytes long";
        QTest::newRow("empty") << "" << "empty";
    }

    void relativePaths()
    {
        QFETCH(QString, path);
        QFETCH(QString, problem);
        const QString found = relativePathProblem(path);
        QVERIFY2(problem.isEmpty() ? found.isEmpty() : found.contains(problem), qPrintable(found));
    }

    // A link inside the data directory that points out is caught by the containment check.
    void containmentFollowsLinks()
    {
        QTemporaryDir dir;
        const QDir d(dir.path());
        QVERIFY(d.mkpath(QStringLiteral("data/runs")));
        QVERIFY(d.mkpath(QStringLiteral("outside")));
        QVERIFY(QFile::link(d.filePath(QStringLiteral("outside")), d.filePath(QStringLiteral("data/link"))));
        const QString data = d.filePath(QStringLiteral("data"));
        QVERIFY(isInsideDirectory(d.filePath(QStringLiteral("data/runs/1/x.pwbc")), data));
        QVERIFY(isInsideDirectory(data, data));
        QVERIFY(!isInsideDirectory(d.filePath(QStringLiteral("data/link/x.pwbc")), data));
        QVERIFY(!isInsideDirectory(d.filePath(QStringLiteral("data/../outside/x")), data));
        QVERIFY(!isInsideDirectory(d.filePath(QStringLiteral("data-sibling/x")), data));
    }

    // A pretraining recipe's name becomes <data dir>/pretrain/<name>/ and its output a file next to
    // the recipe: hostile values are refused at load, naming the file, line, key and value.
    void pretrainRecipePathsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("output");
        QTest::addColumn<QString>("expected");
        QTest::newRow("name climbing") << QByteArray("../../x") << QByteArray("m.pwbc")
                                       << "recipe.yaml:1:7: name: not usable as a folder name: contains a path separator";
        QTest::newRow("name absolute") << QByteArray("/etc/x") << QByteArray("m.pwbc") << "(got /etc/x;";
        QTest::newRow("name dot dot") << QByteArray("\"..\"") << QByteArray("m.pwbc") << "'..' names a folder itself";
        QTest::newRow("name nul") << QByteArray("\"a\\0b\"") << QByteArray("m.pwbc") << "contains a NUL character";
        QTest::newRow("name too long") << QByteArray(300, 'n') << QByteArray("m.pwbc") << "300 bytes long";
        QTest::newRow("output climbing") << QByteArray("m") << QByteArray("../../x.pwbc")
                                         << "output: not a path inside the recipe's folder: climbs out of its folder with '..'";
        QTest::newRow("output absolute") << QByteArray("m") << QByteArray("/tmp/x.pwbc") << "an absolute path";
        QTest::newRow("output inside then out") << QByteArray("m") << QByteArray("a/../../b.pwbc") << "'..'";
    }

    void pretrainRecipePathsAreRefused()
    {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, output);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = writeFile(QDir(dir.path()), QStringLiteral("recipe.yaml"),
                                       "name: " + name + "\n"
                                       "model: {family: gpt2, layers: 1, d_model: 16, heads: 2, context_length: 32}\n"
                                       "dataset: {source: t.txt, task: causal_lm, max_length: 32}\n"
                                       "output: " + output + "\n");
        try {
            loadPretrainRecipe(path);
            QFAIL("the recipe was accepted");
        } catch (const ConfigError &e) {
            QVERIFY2(e.message().contains(expected), qPrintable(e.message()));
        }
        QCOMPARE(filesUnder(dir.path()), QStringList{QStringLiteral("recipe.yaml")});
    }
};

QTEST_GUILESS_MAIN(TestSecurity)
#include "test_security.moc"
