// The Korean user interface: translations/peftbench_ko.ts is complete and up to date with the
// sources, the .qm embedded as ":/i18n/peftbench_ko.qm" says what the .ts says, a font with Hangul
// is installed, and the wizard and the main window show Korean with the Korean translators
// installed as app/main.cpp installs them. Screenshots (wizard-ko-*.png, main-window-ko.png) are
// saved to PEFTBENCH_SCREENSHOT_DIR for people to look at.
#include "ExperimentFixtures.h"
#include "MainWindow.h"
#include "RunWizard.h"
#include "WizardDriving.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QFile>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLibraryInfo>
#include <QLocale>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTranslator>
#include <QWizardPage>
#include <QXmlStreamReader>
#include <QtTest>

#include <map>

using namespace peftbench;
using namespace peftbench::testing;

namespace {

struct TsMessage {
    QString context;
    QString source;
    bool numerus = false;
    bool unfinished = false;
    QStringList translations;   // one per numerus form; one for a plain message
};

struct TsFile {
    QString language;
    QList<TsMessage> messages;
    int obsolete = 0;   // type="obsolete" or "vanished": strings no longer in the sources
};

// Reads a Qt Linguist .ts file; an unreadable or malformed file fails the calling test.
TsFile readTs(const QString &path, QString *error)
{
    TsFile ts;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return ts;
    }
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) {
            if (xml.isEndElement() && xml.name() == QLatin1String("message"))
                ts.messages << message;
            continue;
        }
        const auto name = xml.name();
        if (name == QLatin1String("TS")) {
            ts.language = xml.attributes().value(QLatin1String("language")).toString();
        } else if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            message = TsMessage{context, {}, xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes"), false, {}};
        } else if (name == QLatin1String("source")) {
            message.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            message.unfinished = type == QLatin1String("unfinished");
            if (type == QLatin1String("obsolete") || type == QLatin1String("vanished"))
                ++ts.obsolete;
            if (!message.numerus)
                message.translations << xml.readElementText();
        } else if (name == QLatin1String("numerusform")) {
            message.translations << xml.readElementText();
        }
    }
    if (xml.hasError())
        *error = QStringLiteral("%1:%2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return ts;
}

QString koTsPath()
{
    return QStringLiteral(PEFTBENCH_SOURCE_DIR "/translations/peftbench_ko.ts");
}

// %1..%99 and %n (also %L1), sorted: a translation must keep every placeholder of its source.
QStringList placeholders(const QString &text)
{
    static const QRegularExpression placeholder(QStringLiteral("%L?(?:[1-9][0-9]?|n)"));
    QStringList found;
    for (auto it = placeholder.globalMatch(text); it.hasNext();)
        found << it.next().captured().remove(QLatin1Char('L'));
    found.sort();
    return found;
}

bool hasHangul(const QString &text)
{
    for (QChar c : text)
        if (c.unicode() >= 0xAC00 && c.unicode() <= 0xD7A3)
            return true;
    return false;
}

QString withoutMnemonic(QString text)
{
    return text.remove(QRegularExpression(QStringLiteral("\\(&.\\)"))).remove(QLatin1Char('&')).trimmed();
}

QString screenshotPath(const QString &name)
{
    return QStringLiteral(PEFTBENCH_SCREENSHOT_DIR) + QLatin1Char('/') + name;
}

}  // namespace

class TestTranslations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void koreanTsIsComplete();
    void koreanTsIsUpToDateWithTheSources();
    void embeddedQmSaysWhatTheTsSays();
    void aFontWithHangulIsInstalled();
    void wizardShowsKoreanOnEveryPage();
    void mainWindowShowsKorean();
    void cleanupTestCase();

private:
    // Texts of visible widgets that are an English source string the .ts translates differently:
    // a string that missed its translation (a wrong context, a missing tr()).
    QStringList untranslatedTexts(QWidget &root) const;

    TsFile m_ts;
    QSet<QString> m_translatedSources;
    QTranslator m_ours;
    QTranslator m_qt;
    QTemporaryDir m_dir;
};

void TestTranslations::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("peftbench-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_translations"));
    QSettings().clear();
    QVERIFY(m_dir.isValid());

    QString error;
    m_ts = readTs(koTsPath(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    for (const TsMessage &m : m_ts.messages)
        if (!m.unfinished && !m.translations.isEmpty() && m.translations.first() != m.source)
            m_translatedSources.insert(withoutMnemonic(m.source));

    // As app/main.cpp does for language "ko": the locale's formats, our strings, Qt's strings.
    const QLocale korean(QLocale::Korean, QLocale::SouthKorea);
    QLocale::setDefault(korean);
    QVERIFY2(m_ours.load(korean, QStringLiteral("peftbench"), QStringLiteral("_"), QStringLiteral(":/i18n")),
             "no :/i18n/peftbench_ko.qm in the resources (translations/CMakeLists.txt)");
    QVERIFY(QCoreApplication::installTranslator(&m_ours));
    QVERIFY2(m_qt.load(korean, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)),
             qPrintable(QStringLiteral("no qtbase_ko.qm in %1: install qt6-translations-l10n (installer/bootstrap.sh)")
                            .arg(QLibraryInfo::path(QLibraryInfo::TranslationsPath))));
    QVERIFY(QCoreApplication::installTranslator(&m_qt));
}

void TestTranslations::cleanupTestCase()
{
    QCoreApplication::removeTranslator(&m_ours);
    QCoreApplication::removeTranslator(&m_qt);
    QLocale::setDefault(QLocale::c());
}

void TestTranslations::koreanTsIsComplete()
{
    QVERIFY2(m_ts.language.startsWith(QStringLiteral("ko")), qPrintable(m_ts.language));
    QVERIFY2(m_ts.messages.size() > 100, qPrintable(QString::number(m_ts.messages.size())));
    QCOMPARE(m_ts.obsolete, 0);
    QStringList problems;
    int numerus = 0;
    for (const TsMessage &m : m_ts.messages) {
        const QString where = QStringLiteral("%1: \"%2\"").arg(m.context, m.source);
        if (m.unfinished)
            problems << where + QStringLiteral(": unfinished");
        if (m.translations.isEmpty())
            problems << where + QStringLiteral(": no translation");
        numerus += m.numerus;
        // Korean has one plural form; every form a numerus message has must be filled.
        if (m.numerus && m.translations.size() != 1)
            problems << where + QStringLiteral(": %1 numerus forms, Korean has 1").arg(m.translations.size());
        for (const QString &t : m.translations) {
            if (t.trimmed().isEmpty())
                problems << where + QStringLiteral(": empty translation");
            else if (placeholders(t) != placeholders(m.source))
                problems << where + QStringLiteral(": placeholders %1 in the source, %2 in \"%3\"")
                                        .arg(placeholders(m.source).join(QLatin1Char(',')), placeholders(t).join(QLatin1Char(',')), t);
            if (m.numerus && !t.contains(QStringLiteral("%n")))
                problems << where + QStringLiteral(": the numerus form \"%1\" lacks %n").arg(t);
        }
    }
    QVERIFY2(numerus > 0, "no plural (%n) messages: the .ts lost its numerus entries");
    QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("%1 problem(s) in %2 (%3 messages):\n").arg(problems.size()).arg(koTsPath()).arg(m_ts.messages.size())
                                            + problems.join(QLatin1Char('\n'))));
}

// lupdate over ui/ and app/ (what the update_translations target reads) finds exactly the
// messages of the committed .ts: a new tr() string must be added (update_translations) and
// translated, a removed one dropped.
void TestTranslations::koreanTsIsUpToDateWithTheSources()
{
    const QString lupdate = QStringLiteral(PEFTBENCH_LUPDATE);
    if (!QFile::exists(lupdate))
        QFAIL(qPrintable(QStringLiteral("no %1: install qt6-l10n-tools (installer/bootstrap.sh)").arg(lupdate)));
    const QString fresh = m_dir.filePath(QStringLiteral("fresh_ko.ts"));
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(QStringLiteral(PEFTBENCH_SOURCE_DIR));
    process.start(lupdate, {QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none"),
                            QStringLiteral("-extensions"), QStringLiteral("cpp,h"), QStringLiteral("ui"), QStringLiteral("app"),
                            QStringLiteral("-ts"), fresh});
    QVERIFY(process.waitForFinished(120000));
    QVERIFY2(process.exitCode() == 0, process.readAll().constData());

    QString error;
    const TsFile current = readTs(fresh, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto keys = [](const TsFile &ts) {
        QSet<QString> set;
        for (const TsMessage &m : ts.messages)
            set.insert(m.context + QStringLiteral(" | ") + m.source);
        return set;
    };
    const QSet<QString> inSources = keys(current);
    const QSet<QString> inTs = keys(m_ts);
    QStringList report;
    for (const QString &k : inSources - inTs)
        report << QStringLiteral("new in the sources: ") + k;
    for (const QString &k : inTs - inSources)
        report << QStringLiteral("no longer in the sources: ") + k;
    report.sort();
    QVERIFY2(report.isEmpty(),
             qPrintable(QStringLiteral("translations/peftbench_ko.ts is out of date; run `cmake --build BUILD --target "
                                       "update_translations` and translate the new entries:\n")
                        + report.join(QLatin1Char('\n'))));
}

void TestTranslations::embeddedQmSaysWhatTheTsSays()
{
    int checked = 0;
    for (const TsMessage &m : m_ts.messages) {
        const QByteArray context = m.context.toUtf8();
        const QByteArray source = m.source.toUtf8();
        const QString expected = m.translations.value(0);
        const QString got = m.numerus ? QCoreApplication::translate(context.constData(), source.constData(), nullptr, 3)
                                      : QCoreApplication::translate(context.constData(), source.constData());
        const QString want = m.numerus ? QString(expected).replace(QStringLiteral("%n"), QStringLiteral("3")) : expected;
        QVERIFY2(got == want, qPrintable(QStringLiteral("%1: \"%2\": the .qm gives \"%3\", the .ts \"%4\"").arg(m.context, m.source, got, want)));
        ++checked;
    }
    QCOMPARE(checked, m_ts.messages.size());
    // A string the .ts does not know stays English, rather than turning empty.
    QCOMPARE(QCoreApplication::translate("peftbench::MainWindow", "no such string"), QStringLiteral("no such string"));
}

void TestTranslations::aFontWithHangulIsInstalled()
{
    const QStringList families = QFontDatabase::families(QFontDatabase::Korean);
    QVERIFY2(!families.isEmpty(), "no font with Hangul: Korean text would show as boxes (installer/bootstrap.sh installs fonts-nanum)");
    const QFont font(families.first());
    QVERIFY(QFontMetrics(font).inFontUcs4(0xD55C));   // 한
}

QStringList TestTranslations::untranslatedTexts(QWidget &root) const
{
    QStringList texts;
    auto check = [&](const QString &text, const QObject *where) {
        const QString plain = withoutMnemonic(text);
        if (m_translatedSources.contains(plain))
            texts << QStringLiteral("%1 (%2 %3)").arg(plain, QString::fromLatin1(where->metaObject()->className()), where->objectName());
    };
    for (QLabel *label : root.findChildren<QLabel *>())
        if (label->isVisibleTo(&root))
            check(label->text(), label);
    for (QAbstractButton *button : root.findChildren<QAbstractButton *>())
        if (button->isVisibleTo(&root))
            check(button->text(), button);
    for (QGroupBox *box : root.findChildren<QGroupBox *>())
        if (box->isVisibleTo(&root))
            check(box->title(), box);
    for (QTabWidget *tabs : root.findChildren<QTabWidget *>())
        for (int i = 0; i < tabs->count(); ++i)
            check(tabs->tabText(i), tabs);
    for (QHeaderView *header : root.findChildren<QHeaderView *>()) {
        if (!header->model() || !header->isVisibleTo(&root))
            continue;
        const int n = header->orientation() == Qt::Horizontal ? header->model()->columnCount() : 0;
        for (int i = 0; i < n; ++i)
            check(header->model()->headerData(i, Qt::Horizontal).toString(), header);
    }
    for (QAction *action : root.findChildren<QAction *>())
        check(action->text(), action);
    return texts;
}

void TestTranslations::wizardShowsKoreanOnEveryPage()
{
    const QDir dir(m_dir.path());
    const QString experiment = writeFile(dir, QStringLiteral("tiny.yaml"),
                                         tinyExperiment(dir,
                                                        "  - {method: prompt_tuning, prompt_tuning: {num_virtual_tokens: 8}}\n"
                                                        "  - {method: lora}\n"
                                                        "  - {method: full}\n"));
    RunWizard wizard({m_dir.path(), 1});
    QString error;
    QVERIFY2(wizard.loadYaml(experiment, &error), qPrintable(error));
    wizard.setEstimateEnvironment(roomyMachine());
    wizard.resize(1000, 760);
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    QVERIFY2(hasHangul(wizard.windowTitle()), qPrintable(wizard.windowTitle()));

    const std::map<int, const char *> pages{
        {RunWizard::ModelPageId, "model"},         {RunWizard::DatasetPageId, "dataset"},
        {RunWizard::MethodsPageId, "methods"},     {RunWizard::HyperparametersPageId, "hyperparameters"},
        {RunWizard::ResourcesPageId, "resources"}, {RunWizard::SummaryPageId, "summary"},
    };
    for (const auto &[id, name] : pages) {
        if (id != RunWizard::ModelPageId) {
            goNext(wizard, id);
            if (QTest::currentTestFailed())
                return;
        }
        QWizardPage *page = wizard.currentPage();
        QVERIFY2(hasHangul(page->title()), qPrintable(QStringLiteral("%1 page title: %2").arg(QLatin1String(name), page->title())));
        QVERIFY2(hasHangul(page->subTitle()), qPrintable(page->subTitle()));
        // The wizard's own buttons come from Qt's translation (qtbase_ko).
        QAbstractButton *forward = wizard.button(id == RunWizard::SummaryPageId ? QWizard::FinishButton : QWizard::NextButton);
        QVERIFY2(hasHangul(forward->text()), qPrintable(forward->text()));
        QVERIFY2(hasHangul(wizard.button(QWizard::CancelButton)->text()), qPrintable(wizard.button(QWizard::CancelButton)->text()));
        const QStringList untranslated = untranslatedTexts(*page);
        QVERIFY2(untranslated.isEmpty(), qPrintable(QStringLiteral("%1 page shows English: ").arg(QLatin1String(name))
                                                    + untranslated.join(QStringLiteral("; "))));
        QVERIFY(wizard.grab().save(screenshotPath(QStringLiteral("wizard-ko-%1.png").arg(QLatin1String(name)))));
    }
}

void TestTranslations::mainWindowShowsKorean()
{
    MainWindow window({QStringLiteral("CPU: test · 1 threads"), m_dir.filePath(QStringLiteral("data")), QStringLiteral("peftbench"),
                       QStringLiteral(":/experiments/spam-three-methods.yaml"), 1, {QStringLiteral("auto"), QStringLiteral("cpu")}});
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.windowTitle(), QStringLiteral("PEFT 워크벤치"));
    QStringList menus;
    for (QAction *a : window.menuBar()->actions())
        menus << a->text();
    QCOMPARE(menus, (QStringList{QStringLiteral("파일(&F)"), QStringLiteral("실행(&R)"), QStringLiteral("보기(&V)"),
                                 QStringLiteral("도움말(&H)")}));
    auto *tabs = window.findChild<QTabWidget *>();
    QVERIFY(tabs && tabs->count() >= 3);
    for (int i = 0; i < tabs->count(); ++i)
        QVERIFY2(hasHangul(tabs->tabText(i)), qPrintable(tabs->tabText(i)));
    const QStringList untranslated = untranslatedTexts(window);
    QVERIFY2(untranslated.isEmpty(), qPrintable(QStringLiteral("the main window shows English: ") + untranslated.join(QStringLiteral("; "))));
    QVERIFY(window.grab().save(screenshotPath(QStringLiteral("main-window-ko.png"))));
}

QTEST_MAIN(TestTranslations)
#include "test_translations.moc"
