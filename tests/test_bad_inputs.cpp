// The bad-input corpus (tests/data/bad/, SPEC §10): every file is fed to the real reader, which
// must refuse it with its own error type and a message naming the file, what is wrong and where.
// A subset also goes through `peftbench validate`, which must exit 2 with that message and leave
// the data directory (a run store holding a queued run) exactly as it was.
//
// Each folder (yaml/, dataset/, checkpoint/, tokenizer/) holds one expected.tsv:
//   file <TAB> expected message substring <TAB> where [<TAB> options]
// where: "LINE" or "LINE:COLUMN" (the message must contain "FILE:where:"), "-" for a whole-file
// problem (the message must start with "FILE: "), anything else (a key, a tensor) must appear in
// the message. options, comma-separated: cli (also through the CLI), model (the config loads and
// validateAgainstModel against builtin:byte-gpt reports it), generated (the test writes the file),
// task=NAME (datasets), reader=safetensors|file|hf (checkpoints: SafetensorsReader, a file: base
// model, an hf: folder import).
#include "data/DatasetError.h"
#include "experiment/BaseModels.h"
#include "experiment/ConfigError.h"
#include "experiment/ConfigReader.h"
#include "experiment/ExperimentData.h"
#include "experiment/ExperimentSubmission.h"
#include "experiment/ModelChecks.h"
#include "model/HfModelImport.h"
#include "model/SafetensorsReader.h"
#include "model/TensorFile.h"
#include "store/RunStore.h"
#include "tokenizer/HfTokenizerFolder.h"
#include "tokenizer/Tokenizer.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>

using namespace peftbench;

namespace {

QString badDir(const QString &folder)
{
    return QStringLiteral(PEFTBENCH_SOURCE_DIR "/tests/data/bad/") + folder;
}

struct Expectation {
    QString file, substring, where;
    QStringList options;

    QString option(const QString &name) const  // "task" -> "classification" for task=classification
    {
        for (const QString &o : options)
            if (o.startsWith(name + QLatin1Char('=')))
                return o.mid(name.size() + 1);
        return {};
    }
};

// The rows of FOLDER/expected.tsv; problems with the file itself go to `errors`.
std::vector<Expectation> readExpectations(const QString &folder, QStringList *errors = nullptr)
{
    std::vector<Expectation> rows;
    QFile f(badDir(folder) + QStringLiteral("/expected.tsv"));
    if (!f.open(QIODevice::ReadOnly)) {
        if (errors)
            *errors << f.fileName() + QStringLiteral(": cannot read");
        return rows;
    }
    int lineNumber = 0;
    for (const QByteArray &raw : f.readAll().split('\n')) {
        ++lineNumber;
        const QString line = QString::fromUtf8(raw);
        if (line.trimmed().isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList fields = line.split(QLatin1Char('\t'));
        if (fields.size() < 3 || fields.size() > 4 || fields[0].isEmpty() || fields[1].isEmpty() || fields[2].isEmpty()) {
            if (errors)
                *errors << QStringLiteral("%1:%2: expected 3 or 4 tab-separated fields").arg(f.fileName()).arg(lineNumber);
            continue;
        }
        rows.push_back({fields[0], fields[1], fields[2],
                        fields.size() > 3 ? fields[3].split(QLatin1Char(','), Qt::SkipEmptyParts) : QStringList()});
    }
    return rows;
}

void addRows(const QString &folder)
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("substring");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QStringList>("options");
    for (const Expectation &e : readExpectations(folder))
        QTest::newRow(qPrintable(e.file)) << e.file << e.substring << e.where << e.options;
}

// Empty when `message` names `path`, contains the expected text and says where; else why not.
QString checkMessage(const QString &message, const QString &path, const QString &substring, const QString &where)
{
    static const QRegularExpression position(QStringLiteral("^\\d+(:\\d+)?$"));
    QString missing;
    if (!message.contains(path))
        missing = QStringLiteral("the file %1").arg(path);
    else if (!message.contains(substring))
        missing = QStringLiteral("'%1'").arg(substring);
    else if (where == QLatin1String("-") ? !message.contains(path + QStringLiteral(": "))
             : position.match(where).hasMatch() ? !message.contains(path + QLatin1Char(':') + where + QLatin1Char(':'))
                                                : !message.contains(where))
        missing = QStringLiteral("where: '%1'").arg(where);
    return missing.isEmpty() ? QString() : QStringLiteral("the message lacks %1:\n%2").arg(missing, message);
}

// Every file under `dir` with its size and content hash: what "nothing changed" compares.
QStringList snapshot(const QString &dir)
{
    QStringList entries;
    QDirIterator it(dir, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info(path);
        QString entry = QDir(dir).relativeFilePath(path);
        if (info.isFile()) {
            QFile f(path);
            if (f.open(QIODevice::ReadOnly))
                entry += QStringLiteral(" %1 %2 %3")
                             .arg(info.size())
                             .arg(info.lastModified().toMSecsSinceEpoch())
                             .arg(QString::fromLatin1(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha1).toHex()));
        }
        entries << entry;
    }
    entries.sort();
    return entries;
}

const QByteArray kGoodConfig = "name: bad-input-cli\n"
                               "base_model: builtin:byte-gpt\n"
                               "dataset: {source: builtin:spam, task: classification, max_length: 64}\n"
                               "train: {steps: 10, batch_size: 8, lr: 1.0e-3, seed: 7, device: cpu}\n"
                               "runs:\n"
                               "  - {method: full}\n";

}  // namespace

class TestBadInputs : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::optional<BaseModel> m_byteGpt;
    QString m_dataDir;

    QString pathOf(const QString &folder, const QString &file, const QStringList &options) const
    {
        if (options.contains(QStringLiteral("generated")))
            return m_tmp.filePath(file);
        return badDir(folder) + QLatin1Char('/') + file;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        // `[` × 100,000: generated rather than committed.
        QFile nest(m_tmp.filePath(QStringLiteral("nesting_100000.yaml")));
        QVERIFY(nest.open(QIODevice::WriteOnly));
        QVERIFY(nest.write(QByteArray(100000, '[')) == 100000);
        nest.close();

        m_byteGpt = loadBaseModel(QStringLiteral("builtin:byte-gpt"), QString());
        QVERIFY(m_byteGpt->tokenizer);

        // A data directory holding a store with one queued run, for the CLI cases.
        m_dataDir = m_tmp.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(m_dataDir));
        {
            RunStore store(RunStore::pathInDataDirectory(m_dataDir));
            const SubmittedExperiment submitted =
                submitExperiment(store, parseExperimentConfig(kGoodConfig, QStringLiteral("good.yaml")));
            QCOMPARE(submitted.runIds.size(), size_t(1));
        }
        QVERIFY(!snapshot(m_dataDir).isEmpty());
    }

    // Every file of the corpus has exactly one expectation and every expectation its file, so a
    // file added without a row (or a row whose file went away) fails here rather than going untested.
    void corpusMatchesExpectations_data()
    {
        QTest::addColumn<QString>("folder");
        for (const char *folder : {"yaml", "dataset", "checkpoint", "tokenizer"})
            QTest::newRow(folder) << QString::fromLatin1(folder);
    }
    void corpusMatchesExpectations()
    {
        QFETCH(QString, folder);
        QStringList errors;
        const std::vector<Expectation> rows = readExpectations(folder, &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
        QVERIFY(rows.size() >= 3);
        QStringList listed, files;
        for (const Expectation &e : rows) {
            QVERIFY2(!listed.contains(e.file), qPrintable(e.file + QStringLiteral(": listed twice")));
            listed << e.file;
            if (!e.options.contains(QStringLiteral("generated")))
                QVERIFY2(QFileInfo::exists(badDir(folder) + QLatin1Char('/') + e.file), qPrintable(e.file + QStringLiteral(": missing")));
        }
        const QStringList helpers{QStringLiteral("expected.tsv"), QStringLiteral("make_bad_checkpoints.py")};
        for (const QFileInfo &info : QDir(badDir(folder)).entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot))
            if (!helpers.contains(info.fileName()))
                QVERIFY2(listed.contains(info.fileName()), qPrintable(info.fileName() + QStringLiteral(": no expected message")));
    }

    void yaml_data() { addRows(QStringLiteral("yaml")); }
    void yaml()
    {
        QFETCH(QString, file);
        QFETCH(QString, substring);
        QFETCH(QString, where);
        QFETCH(QStringList, options);
        const QString path = pathOf(QStringLiteral("yaml"), file, options);
        QString message;
        try {
            const ExperimentConfig config = loadExperimentConfig(path);
            QVERIFY2(options.contains(QStringLiteral("model")), "the config reader accepted it");
            const QStringList problems = validateAgainstModel(config, m_byteGpt->config);
            QVERIFY2(!problems.isEmpty(), "accepted against builtin:byte-gpt");
            message = problems.join(QLatin1Char('\n'));
        } catch (const ConfigError &e) {
            QVERIFY2(!options.contains(QStringLiteral("model")), qPrintable(QStringLiteral("the reader refused it: ") + e.message()));
            QCOMPARE(e.file(), path);
            message = e.message();
        } catch (const std::exception &e) {
            QFAIL(qPrintable(QStringLiteral("not a ConfigError: ") + QString::fromUtf8(e.what())));
        }
        const QString problem = checkMessage(message, path, substring, where);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void dataset_data() { addRows(QStringLiteral("dataset")); }
    void dataset()
    {
        QFETCH(QString, file);
        QFETCH(QString, substring);
        QFETCH(QString, where);
        QFETCH(QStringList, options);
        const QString path = pathOf(QStringLiteral("dataset"), file, options);
        const Expectation e{file, substring, where, options};
        const std::optional<TaskKind> task = parseTaskKind(e.option(QStringLiteral("task")));
        QVERIFY2(task, "task=causal_lm|completion|classification expected in the options");
        DatasetSpec spec;
        spec.source = path;
        spec.task = *task;
        spec.maxLength = 64;
        QString message;
        try {
            // The path a run takes: read and split, then tokenize for the task.
            const DatasetSplits splits = loadDatasetSplits(spec, m_dataDir, badDir(QStringLiteral("dataset")),
                                                           *m_byteGpt->tokenizer, 7);
            tokenizeSplits(splits, spec, *m_byteGpt->tokenizer, path);
            QFAIL("the dataset readers accepted it");
        } catch (const DatasetError &error) {
            QCOMPARE(error.file(), path);
            message = error.message();
        } catch (const std::exception &error) {
            QFAIL(qPrintable(QStringLiteral("not a DatasetError: ") + QString::fromUtf8(error.what())));
        }
        const QString problem = checkMessage(message, path, substring, where);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void checkpoint_data() { addRows(QStringLiteral("checkpoint")); }
    void checkpoint()
    {
        QFETCH(QString, file);
        QFETCH(QString, substring);
        QFETCH(QString, where);
        QFETCH(QStringList, options);
        const QString path = pathOf(QStringLiteral("checkpoint"), file, options);
        const QString reader = Expectation{file, substring, where, options}.option(QStringLiteral("reader"));
        QString message;
        try {
            if (reader == QLatin1String("file"))
                loadBaseModel(QStringLiteral("file:") + path, QString());
            else if (reader == QLatin1String("hf"))
                importHfModel(path);
            else if (reader == QLatin1String("safetensors"))
                SafetensorsReader{path};
            else
                QFAIL("reader=safetensors|file|hf expected in the options");
            QFAIL("the reader accepted it");
        } catch (const FileFormatError &error) {
            message = QString::fromUtf8(error.what());
        } catch (const std::exception &error) {
            QFAIL(qPrintable(QStringLiteral("not a FileFormatError: ") + QString::fromUtf8(error.what())));
        }
        const QString problem = checkMessage(message, path, substring, where);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void tokenizer_data() { addRows(QStringLiteral("tokenizer")); }
    void tokenizer()
    {
        QFETCH(QString, file);
        QFETCH(QString, substring);
        QFETCH(QString, where);
        QFETCH(QStringList, options);
        const QString path = pathOf(QStringLiteral("tokenizer"), file, options);
        QString message;
        try {
            loadTokenizerJson(path, QString());  // read the file, then build the tokenizer (merges checked)
            QFAIL("the tokenizer.json reader accepted it");
        } catch (const FileFormatError &error) {
            message = QString::fromUtf8(error.what());
        } catch (const std::exception &error) {
            QFAIL(qPrintable(QStringLiteral("not a FileFormatError: ") + QString::fromUtf8(error.what())));
        }
        const QString problem = checkMessage(message, path, substring, where);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    // The rows marked cli, as a user meets them: `peftbench validate` on the config itself, or on
    // a config naming the bad dataset or base model.
    void cli_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("substring");
        QTest::addColumn<QString>("where");
        QTest::addColumn<QStringList>("options");
        for (const char *folder : {"yaml", "dataset", "checkpoint"})
            for (const Expectation &e : readExpectations(QString::fromLatin1(folder)))
                if (e.options.contains(QStringLiteral("cli")))
                    QTest::newRow(qPrintable(QStringLiteral("%1/%2").arg(QLatin1String(folder), e.file)))
                        << QString::fromLatin1(folder) << e.file << e.substring << e.where << e.options;
    }
    void cli()
    {
        QFETCH(QString, folder);
        QFETCH(QString, file);
        QFETCH(QString, substring);
        QFETCH(QString, where);
        QFETCH(QStringList, options);
        const QString path = pathOf(folder, file, options);
        const Expectation e{file, substring, where, options};

        QString config = path;
        if (folder != QLatin1String("yaml")) {
            QByteArray text = kGoodConfig;
            if (folder == QLatin1String("dataset"))
                text.replace("source: builtin:spam, task: classification",
                             "source: \"" + path.toUtf8() + "\", task: " + e.option(QStringLiteral("task")).toUtf8());
            else
                text.replace("builtin:byte-gpt", "\"" + e.option(QStringLiteral("reader")).toUtf8() + ':' + path.toUtf8() + '"');
            config = m_tmp.filePath(QStringLiteral("cli-") + file + QStringLiteral(".yaml"));
            QFile f(config);
            QVERIFY(f.open(QIODevice::WriteOnly) && f.write(text) == text.size());
        }

        const QStringList before = snapshot(m_dataDir);
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PEFTBENCH_DATA_DIR"), m_dataDir);
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(m_tmp.path());
        p.start(QStringLiteral(PEFTBENCH_APP_PATH), {QStringLiteral("validate"), config});
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            QFAIL("timed out");
        }
        const QString out = QString::fromUtf8(p.readAllStandardOutput()), err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(p.exitStatus() == QProcess::NormalExit, qPrintable(QStringLiteral("crashed\n") + err));
        QVERIFY2(p.exitCode() == 2, qPrintable(QStringLiteral("exit %1\n%2%3").arg(p.exitCode()).arg(out, err)));
        const QString problem = checkMessage(err, path, substring, where);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(snapshot(m_dataDir), before);
    }
};

QTEST_GUILESS_MAIN(TestBadInputs)
#include "test_bad_inputs.moc"
