// Core: the byte tokenizer maps every byte to its own id, round-trips any byte string (NUL, 0xFF,
// invalid UTF-8 included), keeps its specials out of decoded text and rejects unknown ids.
#include "tokenizer/ByteTokenizer.h"

#include <QtTest>

#include <stdexcept>
#include <string>
#include <vector>

using namespace peftbench;

namespace {

// std::string from bytes so embedded NULs survive (a C string literal would stop at the first).
std::string bytesOf(std::initializer_list<unsigned char> bytes)
{
    return std::string(bytes.begin(), bytes.end());
}

}  // namespace

class TestByteTokenizer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void idsAreByteValues();
    void everyByteHasItsOwnId();
    void specialTokens();
    void decodeSkipsSpecials();
    void decodeRejectsOutOfRangeIds_data();
    void decodeRejectsOutOfRangeIds();
};

void TestByteTokenizer::roundTrip_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("ascii") << QByteArray("Hello, world!\n\tTabs and newlines.");
    QTest::newRow("korean utf-8") << QString::fromUtf8("안녕하세요, 세계").toUtf8();
    QTest::newRow("emoji") << QString::fromUtf8("fine-tune 🚀🧪 done").toUtf8();
    QTest::newRow("nul and 0xff") << QByteArray::fromStdString(bytesOf({0x00, 'a', 0xFF, 0x00, 0xFF}));
    QTest::newRow("invalid utf-8") << QByteArray::fromStdString(bytesOf({0xC3, 0x28, 0xE2, 0x82, 0xF0, 0x80, 0xBF}));
}

void TestByteTokenizer::roundTrip()
{
    QFETCH(QByteArray, bytes);
    const ByteTokenizer tok;
    const std::string input = bytes.toStdString();
    const std::vector<int64_t> ids = tok.encode(input);
    QCOMPARE(ids.size(), input.size());  // one token per byte
    const std::string output = tok.decode(ids);
    QCOMPARE(QByteArray::fromStdString(output), bytes);
}

void TestByteTokenizer::idsAreByteValues()
{
    const ByteTokenizer tok;
    const std::vector<int64_t> expected{0, 65, 127, 128, 200, 255};
    QCOMPARE(tok.encode(bytesOf({0x00, 'A', 0x7F, 0x80, 0xC8, 0xFF})), expected);
}

void TestByteTokenizer::everyByteHasItsOwnId()
{
    const ByteTokenizer tok;
    std::string all;
    for (int b = 0; b < 256; ++b)
        all.push_back(static_cast<char>(b));
    const std::vector<int64_t> ids = tok.encode(all);
    QCOMPARE(ids.size(), size_t{256});
    for (int b = 0; b < 256; ++b)
        QCOMPARE(ids[static_cast<size_t>(b)], int64_t{b});
    QCOMPARE(tok.decode(ids), all);
}

void TestByteTokenizer::specialTokens()
{
    const ByteTokenizer tok;
    QCOMPARE(tok.bosId(), int64_t{256});
    QCOMPARE(tok.eosId(), int64_t{257});
    QCOMPARE(tok.padId(), int64_t{258});
    QCOMPARE(tok.vocabSize(), int64_t{259});
    QVERIFY(tok.isByteLevel());
    QCOMPARE(tok.name(), QStringLiteral("byte"));
    // Through the interface, as the trainer sees it.
    const Tokenizer &base = tok;
    QCOMPARE(base.vocabSize(), ByteTokenizer::kVocabSize);
}

void TestByteTokenizer::decodeSkipsSpecials()
{
    const ByteTokenizer tok;
    const std::vector<int64_t> ids{256, 'h', 'i', 258, 257, '!', 258};
    QCOMPARE(tok.decode(ids), std::string("hi!"));
    QCOMPARE(tok.decode({256, 257, 258}), std::string());
}

void TestByteTokenizer::decodeRejectsOutOfRangeIds_data()
{
    QTest::addColumn<qint64>("id");
    QTest::newRow("vocab size") << qint64{259};
    QTest::newRow("large") << qint64{100000};
    QTest::newRow("negative") << qint64{-1};
}

void TestByteTokenizer::decodeRejectsOutOfRangeIds()
{
    QFETCH(qint64, id);
    const ByteTokenizer tok;
    try {
        tok.decode({'o', 'k', static_cast<int64_t>(id)});
        QFAIL("decode accepted an id outside the vocabulary");
    } catch (const std::out_of_range &error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.contains(QString::number(id)), qPrintable(message));
    }
}

QTEST_GUILESS_MAIN(TestByteTokenizer)
#include "test_byte_tokenizer.moc"
