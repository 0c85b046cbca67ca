// A run store that cannot be used at startup — not SQLite, corrupt, another application's, newer:
// the refusal names the file and leaves it byte-identical; moving it aside (only on request) keeps
// the bytes under a new name, never overwrites, and a fresh store opens after; the window asks in
// a dialog (Move aside / Continue / Quit) and only "Move aside" touches the file; the CLI exits 2
// with the path and a hint, and moves nothing.
#include "MainWindow.h"

#include "store/RunStore.h"
#include "store/Schema.h"
#include "store/StoreError.h"
#include "store/StoreRecovery.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace peftbench;

class TestStoreRecovery : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void refusedFilesAreNamedAndMovableAside_data();
    void refusedFilesAreNamedAndMovableAside();
    void otherFailuresAreNotOfferedAMove();
    void moveAsideNeverOverwrites();
    void moveAsideTakesTheCompanionsAlong();
    void moveAsideFailureNamesTheFile();
    void windowAsksBeforeMovingTheStore_data();
    void windowAsksBeforeMovingTheStore();
    void windowOpensAGoodStoreWithoutAsking();
    void cliNamesTheFileAndMovesNothing_data();
    void cliNamesTheFileAndMovesNothing();
};

namespace {

const QDateTime kWhen(QDate(2024, 6, 1), QTime(12, 30, 45));
const QString kStamp = QStringLiteral(".broken-20240601-123045");

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), qint64(bytes.size()));
}

void execRaw(const QString &path, const QStringList &statements)
{
    const QString name = QStringLiteral("raw-%1").arg(QRandomGenerator::global()->generate());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        for (const QString &sql : statements) {
            QSqlQuery query(db);
            QVERIFY2(query.exec(sql), qPrintable(sql));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

QByteArray randomBytes(int size, quint32 seed)
{
    QByteArray bytes(size, '\0');
    QRandomGenerator generator(seed);
    for (char &byte : bytes)
        byte = char(generator.bounded(256));
    return bytes;
}

// A real run store with one run, closed (its WAL checkpointed into the file).
void writeRunStore(const QString &path)
{
    RunStore store(path);
    const int64_t experiment = store.createExperiment(QStringLiteral("e"), QStringLiteral("name: e"));
    store.addRun(experiment, QStringLiteral("r"), QStringLiteral("lora"), QStringLiteral("x: 1"), 0);
}

enum class Damage { RandomBytes, TextFile, CorruptSchemaPage, TruncatedHeader, ForeignTables, ForeignApplicationId, NewerSchema };

// Builds the damaged file at `path`; returns the words the refusal must contain.
QString makeUnusableStore(const QString &path, Damage damage)
{
    const QString notDatabase = QStringLiteral("not a SQLite database or is corrupt");
    switch (damage) {
    case Damage::RandomBytes:
        writeFile(path, randomBytes(8192, 7));
        return notDatabase;
    case Damage::TextFile:
        writeFile(path, QByteArray("run,loss\n1,2.5\n").repeated(50));
        return notDatabase;
    case Damage::CorruptSchemaPage: {
        // A genuine run store whose first page (header kept, schema b-tree overwritten) is garbage.
        writeRunStore(path);
        QByteArray bytes = fileBytes(path);
        const QByteArray noise = randomBytes(4000, 11);
        bytes.replace(100, noise.size(), noise);
        writeFile(path, bytes);
        return notDatabase;
    }
    case Damage::TruncatedHeader:
        // A run store cut off inside its 100-byte header.
        writeRunStore(path);
        writeFile(path, fileBytes(path).left(60));
        return notDatabase;
    case Damage::ForeignTables:
        execRaw(path, {QStringLiteral("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"),
                       QStringLiteral("INSERT INTO notes (body) VALUES ('keep me')")});
        return QStringLiteral("not a PEFT Workbench run store");
    case Damage::ForeignApplicationId:
        execRaw(path, {QStringLiteral("PRAGMA application_id = 1234"), QStringLiteral("PRAGMA user_version = 3"),
                       QStringLiteral("CREATE TABLE things (id INTEGER)")});
        return QStringLiteral("belongs to another application");
    case Damage::NewerSchema:
        writeRunStore(path);
        execRaw(path, {QStringLiteral("PRAGMA user_version = %1").arg(currentSchemaVersion() + 1)});
        return QStringLiteral("newer PEFT Workbench");
    }
    return {};
}

QStringList brokenFiles(const QString &folder)
{
    return QDir(folder).entryList({QStringLiteral("*.broken-*")}, QDir::Files, QDir::Name);
}

// Clicks `buttonName` in the store dialog once it is shown, checking what it says first.
QTimer *answerStoreDialog(QObject *parent, const QString &buttonName, const QString &path, const QString &reason,
                          bool *seen)
{
    auto *timer = new QTimer(parent);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [=] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box || box->objectName() != QStringLiteral("storeRecoveryDialog"))
            return;
        timer->stop();
        *seen = true;
        QCOMPARE(box->icon(), QMessageBox::Critical);
        QVERIFY2(box->text().contains(QDir::toNativeSeparators(path)), qPrintable(box->text()));
        QVERIFY2(box->text().contains(reason), qPrintable(box->text()));
        QStringList buttons;
        for (QAbstractButton *b : box->buttons())
            buttons << b->objectName();
        buttons.sort();
        QCOMPARE(buttons, (QStringList{QStringLiteral("continueWithoutStoreButton"), QStringLiteral("moveStoreAsideButton"),
                                       QStringLiteral("quitButton")}));
        QCOMPARE(box->defaultButton()->objectName(), QStringLiteral("quitButton"));
        auto *button = box->findChild<QPushButton *>(buttonName);
        QVERIFY(button);
        button->click();
    });
    timer->start();
    return timer;
}

int runRows(MainWindow &window)
{
    auto *view = window.findChild<QTableView *>(QStringLiteral("runsView"));
    return view ? view->model()->rowCount() : -1;
}

QString windowLog(MainWindow &window)
{
    QString text;
    for (auto *log : window.findChildren<QPlainTextEdit *>())
        text += log->toPlainText();
    return text;
}

}  // namespace

Q_DECLARE_METATYPE(Damage)

void TestStoreRecovery::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("peftbench-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_store_recovery"));
    QSettings().clear();
}

void TestStoreRecovery::refusedFilesAreNamedAndMovableAside_data()
{
    QTest::addColumn<Damage>("damage");
    QTest::newRow("random bytes") << Damage::RandomBytes;
    QTest::newRow("text file") << Damage::TextFile;
    QTest::newRow("run store with a corrupt schema page") << Damage::CorruptSchemaPage;
    QTest::newRow("run store truncated in its header") << Damage::TruncatedHeader;
    QTest::newRow("another application's tables") << Damage::ForeignTables;
    QTest::newRow("another application's id") << Damage::ForeignApplicationId;
    QTest::newRow("newer schema") << Damage::NewerSchema;
}

void TestStoreRecovery::refusedFilesAreNamedAndMovableAside()
{
    QFETCH(Damage, damage);
    QTemporaryDir dir;
    const QString path = RunStore::pathInDataDirectory(dir.path());
    const QString expected = makeUnusableStore(path, damage);
    const QByteArray before = fileBytes(path);
    QVERIFY(!before.isEmpty());

    try {
        RunStore store(path);
        QFAIL("an unusable file was opened as a run store");
    } catch (const StoreError &e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(isRefusedStore(e), qPrintable(message));
        QVERIFY2(message.contains(path), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
        QCOMPARE(e.file(), path);
        // The CLI's hint: the exact path, moved with mv -n (never overwriting).
        const QString hint = moveStoreAsideHint(path);
        QVERIFY2(hint.contains(QStringLiteral("mv -n '%1' '%1.broken-").arg(path)), qPrintable(hint));
    }
    QCOMPARE(fileBytes(path), before);
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    QVERIFY(!QFile::exists(path + QStringLiteral("-journal")));

    const QString moved = moveStoreAside(path, kWhen);
    QCOMPARE(moved, path + kStamp);
    QVERIFY(!QFile::exists(path));
    QCOMPARE(fileBytes(moved), before);

    {
        RunStore fresh(path);
        QVERIFY(fresh.runs().empty());
        QCOMPARE(fresh.schemaVersion(), currentSchemaVersion());
    }
    QCOMPARE(fileBytes(moved), before);   // the new store never touched the old bytes
    QCOMPARE(brokenFiles(dir.path()), QStringList{QFileInfo(moved).fileName()});
}

void TestStoreRecovery::otherFailuresAreNotOfferedAMove()
{
    QTemporaryDir dir;
    // The data "folder" is a file: nothing about the store itself, so no move is offered.
    const QString blocker = dir.filePath(QStringLiteral("data"));
    writeFile(blocker, "a file where the folder should be");
    try {
        RunStore store(RunStore::pathInDataDirectory(blocker));
        QFAIL("a store was opened inside a file");
    } catch (const StoreError &e) {
        QVERIFY2(!isRefusedStore(e), e.what());
    }
    // runs.sqlite is a folder: SQLite cannot open it, which moving aside is not for either.
    const QString path = RunStore::pathInDataDirectory(dir.path());
    QVERIFY(QDir().mkpath(path));
    try {
        RunStore store(path);
        QFAIL("a folder was opened as a run store");
    } catch (const StoreError &e) {
        QVERIFY2(!isRefusedStore(e), e.what());
        QVERIFY2(QString::fromUtf8(e.what()).contains(path), e.what());
    }
    QVERIFY(QFileInfo(path).isDir());
    // A good store is not refused at all.
    const QString good = dir.filePath(QStringLiteral("good/runs.sqlite"));
    writeRunStore(good);
    RunStore store(good);
    QCOMPARE(store.runs().size(), size_t(1));
}

void TestStoreRecovery::moveAsideNeverOverwrites()
{
    QTemporaryDir dir;
    const QString path = RunStore::pathInDataDirectory(dir.path());
    makeUnusableStore(path, Damage::RandomBytes);
    const QByteArray before = fileBytes(path);
    // The first name is taken, and the second by a companion only: the third is free.
    writeFile(path + kStamp, "an earlier broken store");
    writeFile(path + kStamp + QStringLiteral("-2-wal"), "an earlier broken store's WAL");

    const QString moved = moveStoreAside(path, kWhen);
    QCOMPARE(moved, path + kStamp + QStringLiteral("-3"));
    QCOMPARE(fileBytes(moved), before);
    QCOMPARE(fileBytes(path + kStamp), QByteArray("an earlier broken store"));
    QCOMPARE(fileBytes(path + kStamp + QStringLiteral("-2-wal")), QByteArray("an earlier broken store's WAL"));
    QVERIFY(!QFile::exists(path + kStamp + QStringLiteral("-2")));
    QVERIFY(!QFile::exists(path));

    // The same again within the second: "-2" stays skipped (its WAL name is taken), so "-4".
    makeUnusableStore(path, Damage::TextFile);
    const QByteArray second = fileBytes(path);
    const QString movedAgain = moveStoreAside(path, kWhen);
    QCOMPARE(movedAgain, path + kStamp + QStringLiteral("-4"));
    QCOMPARE(fileBytes(movedAgain), second);
    QCOMPARE(fileBytes(moved), before);
    QCOMPARE(brokenFiles(dir.path()).size(), 4);
}

void TestStoreRecovery::moveAsideTakesTheCompanionsAlong()
{
    QTemporaryDir dir;
    const QString path = RunStore::pathInDataDirectory(dir.path());
    makeUnusableStore(path, Damage::NewerSchema);
    const QByteArray before = fileBytes(path);
    writeFile(path + QStringLiteral("-wal"), "wal frames");
    writeFile(path + QStringLiteral("-shm"), "shared memory");

    const QString hint = moveStoreAsideHint(path);
    QVERIFY2(hint.contains(QStringLiteral("mv -n '%1-wal' ").arg(path)), qPrintable(hint));
    QVERIFY2(hint.contains(QStringLiteral("mv -n '%1-shm' ").arg(path)), qPrintable(hint));
    QVERIFY2(!hint.contains(QStringLiteral("-journal")), qPrintable(hint));

    const QString moved = moveStoreAside(path, kWhen);
    QCOMPARE(fileBytes(moved), before);
    QCOMPARE(fileBytes(moved + QStringLiteral("-wal")), QByteArray("wal frames"));
    QCOMPARE(fileBytes(moved + QStringLiteral("-shm")), QByteArray("shared memory"));
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QVERIFY(!QFile::exists(path + suffix));
    // No stale WAL beside the new store: it starts empty.
    RunStore fresh(path);
    QVERIFY(fresh.runs().empty());
}

void TestStoreRecovery::moveAsideFailureNamesTheFile()
{
    QTemporaryDir dir;
    const QString path = RunStore::pathInDataDirectory(dir.path());
    try {
        moveStoreAside(path, kWhen);
        QFAIL("a missing file was moved");
    } catch (const StoreError &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(path), e.what());
    }
    QVERIFY(brokenFiles(dir.path()).isEmpty());

    // A folder is not a store file: refused, left in place.
    QVERIFY(QDir().mkpath(path));
    QVERIFY_THROWS_EXCEPTION(StoreError, moveStoreAside(path, kWhen));
    QVERIFY(QFileInfo(path).isDir());
}

void TestStoreRecovery::windowAsksBeforeMovingTheStore_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<Damage>("damage");
    QTest::newRow("quit: corrupt") << QStringLiteral("quitButton") << Damage::CorruptSchemaPage;
    QTest::newRow("continue: foreign") << QStringLiteral("continueWithoutStoreButton") << Damage::ForeignTables;
    QTest::newRow("move aside: random bytes") << QStringLiteral("moveStoreAsideButton") << Damage::RandomBytes;
    QTest::newRow("move aside: newer") << QStringLiteral("moveStoreAsideButton") << Damage::NewerSchema;
}

void TestStoreRecovery::windowAsksBeforeMovingTheStore()
{
    QFETCH(QString, button);
    QFETCH(Damage, damage);
    QTemporaryDir dir;
    const QString path = RunStore::pathInDataDirectory(dir.path());
    const QString reason = makeUnusableStore(path, damage);
    const QByteArray before = fileBytes(path);

    bool seen = false;
    QObject guard;
    answerStoreDialog(&guard, button, path, reason, &seen);
    MainWindow window({QStringLiteral("CPU"), dir.path(), {}, {}, 0, {}});
    QVERIFY(seen);

    const bool moved = button == QStringLiteral("moveStoreAsideButton");
    QCOMPARE(window.quitRequested(), button == QStringLiteral("quitButton"));
    if (!moved) {
        window.refreshRuns();   // no store: nothing to show, no crash, no retry on the file
        QCOMPARE(runRows(window), 0);
        QCOMPARE(fileBytes(path), before);
        QVERIFY(brokenFiles(dir.path()).isEmpty());
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
        return;
    }
    const QStringList broken = brokenFiles(dir.path());
    QCOMPARE(broken.size(), 1);
    QCOMPARE(fileBytes(dir.filePath(broken.first())), before);
    QVERIFY2(windowLog(window).contains(broken.first()), qPrintable(windowLog(window)));
    QCOMPARE(runRows(window), 0);
    // The window's new store works: a run stored by another connection shows up in it.
    {
        RunStore other(path);
        QCOMPARE(other.schemaVersion(), currentSchemaVersion());
        const int64_t experiment = other.createExperiment(QStringLiteral("after"), QStringLiteral("name: after"));
        other.addRun(experiment, QStringLiteral("r1"), QStringLiteral("lora"), QStringLiteral("x: 1"), 0);
    }
    window.refreshRuns();
    QCOMPARE(runRows(window), 1);
    QCOMPARE(fileBytes(dir.filePath(broken.first())), before);
}

void TestStoreRecovery::windowOpensAGoodStoreWithoutAsking()
{
    QTemporaryDir dir;
    writeRunStore(RunStore::pathInDataDirectory(dir.path()));
    bool seen = false;
    QObject guard;
    answerStoreDialog(&guard, QStringLiteral("quitButton"), QString(), QString(), &seen);
    MainWindow window({QStringLiteral("CPU"), dir.path(), {}, {}, 0, {}});
    QTest::qWait(100);
    QVERIFY(!seen);
    QVERIFY(!window.quitRequested());
    QCOMPARE(runRows(window), 1);
}

void TestStoreRecovery::cliNamesTheFileAndMovesNothing_data()
{
    QTest::addColumn<QStringList>("command");
    QTest::addColumn<Damage>("damage");
    QTest::newRow("runs list: random bytes") << QStringList{QStringLiteral("runs"), QStringLiteral("list")} << Damage::RandomBytes;
    QTest::newRow("runs list: foreign") << QStringList{QStringLiteral("runs"), QStringLiteral("list")} << Damage::ForeignTables;
    QTest::newRow("runs show: newer") << QStringList{QStringLiteral("runs"), QStringLiteral("show"), QStringLiteral("1")}
                                      << Damage::NewerSchema;
}

void TestStoreRecovery::cliNamesTheFileAndMovesNothing()
{
    QFETCH(QStringList, command);
    QFETCH(Damage, damage);
    QTemporaryDir dir;
    const QString path = RunStore::pathInDataDirectory(dir.path());
    const QString reason = makeUnusableStore(path, damage);
    const QByteArray before = fileBytes(path);

    QProcess p;
    p.start(QStringLiteral(PEFTBENCH_APP_PATH), command + QStringList{QStringLiteral("--data-dir"), dir.path()});
    QVERIFY(p.waitForFinished(60000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 2);
    QVERIFY2(err.contains(path), qPrintable(err));
    QVERIFY2(err.contains(reason), qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("mv -n '%1' '%1.broken-").arg(path)), qPrintable(err));
    QCOMPARE(fileBytes(path), before);
    QVERIFY(brokenFiles(dir.path()).isEmpty());
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
}

QTEST_MAIN(TestStoreRecovery)
#include "test_store_recovery.moc"
