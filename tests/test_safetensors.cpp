// Core: the safetensors reader refuses every malformed layout with its own message naming the
// file (bad files built byte by byte here, independently of the writer), refuses non-float dtypes
// by name, and reads back what the writer wrote: bitwise for F32, exactly for representable F16/BF16.
#include "model/SafetensorsLayout.h"
#include "model/SafetensorsReader.h"
#include "model/SafetensorsWriter.h"

#include <torch/torch.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include <cstring>
#include <random>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

using namespace peftbench;

namespace {

// The 8-byte little-endian length, then the header, then the data: no code shared with the writer.
QByteArray fileBytes(const QByteArray &header, const QByteArray &data, quint64 declaredHeaderLength)
{
    char length[8];
    qToLittleEndian<quint64>(declaredHeaderLength, length);
    return QByteArray(length, 8) + header + data;
}

QByteArray fileBytes(const QByteArray &header, const QByteArray &data = {})
{
    return fileBytes(header, data, quint64(header.size()));
}

QByteArray zeros(int n)
{
    return QByteArray(n, '\0');
}

// One F32 entry: {"name":{"dtype":"F32","shape":[...],"data_offsets":[b,e]}} without the braces.
QByteArray f32Entry(const char *name, const char *shape, qint64 begin, qint64 end)
{
    return QByteArray("\"") + name + "\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":["
           + QByteArray::number(begin) + "," + QByteArray::number(end) + "]}";
}

void writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

QByteArray readBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool sameBytes(const torch::Tensor &a, const torch::Tensor &b)
{
    return a.scalar_type() == b.scalar_type() && a.sizes() == b.sizes() && a.nbytes() == b.nbytes()
           && std::memcmp(a.contiguous().data_ptr(), b.contiguous().data_ptr(), a.nbytes()) == 0;
}

}  // namespace

class TestSafetensors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void badFileIsRefused_data();
    void badFileIsRefused();
    void refusedDtypeIsNamedWhenRead();
    void handWrittenHeaderReads();
    void handWrittenHalfAndBfloat16Read();
    void f32RoundTripIsBitwise();
    void halfAndBfloat16RoundTrip_data();
    void halfAndBfloat16RoundTrip();
    void headerIsPaddedToEightWithSpaces();
    void metadataRoundTrips();
    void emptyTensorsAndEmptyFile();
    void namesAreInDataOrder();
    void unknownNameAndNonFloatTarget();
    void returnedTensorIsACopy();
    void writerRefusesBadInputAndKeepsOldFile_data();
    void writerRefusesBadInputAndKeepsOldFile();
    void mutatedFilesNeverCrash();

private:
    QTemporaryDir dir_;
    QString path_;
};

void TestSafetensors::init()
{
    QVERIFY(dir_.isValid());
    path_ = dir_.filePath(QStringLiteral("%1.safetensors").arg(QString::fromLatin1(QTest::currentTestFunction())));
}

void TestSafetensors::badFileIsRefused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");

    const QByteArray good = "{" + f32Entry("a", "[1]", 0, 4) + "}";
    QTest::newRow("7-byte file") << QByteArray(7, '\0') << "the file is 7 bytes, shorter than the 8-byte header length";
    QTest::newRow("empty file") << QByteArray() << "the file is 0 bytes";
    QTest::newRow("header length 100,000,001")
        << fileBytes(good, zeros(4), 100'000'001) << "header length 100000001 exceeds the limit of 100000000 bytes";
    QTest::newRow("header length beyond the file")
        << fileBytes(good, zeros(4), quint64(good.size()) + 5) << "runs past the end of the file";
    QTest::newRow("header length 2^64-1") << fileBytes(good, zeros(4), std::numeric_limits<quint64>::max())
                                          << "header length 18446744073709551615 exceeds the limit";
    QTest::newRow("invalid UTF-8") << fileBytes("{\"a\xff\":{}}") << "not valid UTF-8: byte 0xff at header byte 3";
    QTest::newRow("invalid JSON") << fileBytes("{\"a\":") << "the header is not valid JSON";
    QTest::newRow("header not an object") << fileBytes("[1, 2]  ") << "the header is a JSON array, expected a JSON object";
    QTest::newRow("entry not an object") << fileBytes("{\"a\":5}") << "tensor 'a' is the number 5, expected an object";
    QTest::newRow("dtype missing") << fileBytes("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", zeros(4))
                                   << "tensor 'a' dtype is missing, expected a string";
    QTest::newRow("unknown dtype")
        << fileBytes("{\"a\":{\"dtype\":\"F33\",\"shape\":[1],\"data_offsets\":[0,4]}}", zeros(4))
        << "tensor 'a' has unknown dtype 'F33'";
    QTest::newRow("shape not an array") << fileBytes("{" + f32Entry("a", "\"1\"", 0, 4) + "}", zeros(4))
                                        << "tensor 'a' shape is the string \"1\", expected an array";
    QTest::newRow("negative shape entry") << fileBytes("{" + f32Entry("a", "[2,-1]", 0, 4) + "}", zeros(4))
                                          << "tensor 'a' shape[1] is the number -1, expected a non-negative integer";
    QTest::newRow("fractional shape entry") << fileBytes("{" + f32Entry("a", "[1.5]", 0, 4) + "}", zeros(4))
                                            << "tensor 'a' shape[0] is the number 1.5, expected a non-negative integer";
    QTest::newRow("data_offsets of one value")
        << fileBytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4]}}", zeros(4))
        << "tensor 'a' data_offsets is an array of 1 values, expected [begin, end]";
    QTest::newRow("negative offset") << fileBytes("{" + f32Entry("a", "[1]", -4, 0) + "}", zeros(4))
                                     << "tensor 'a' data_offsets[0] is the number -4, expected a non-negative integer";
    QTest::newRow("end before begin") << fileBytes("{" + f32Entry("a", "[1]", 8, 4) + "}", zeros(8))
                                      << "tensor 'a' data_offsets [8, 4] end before they begin";
    QTest::newRow("shape product overflows")
        << fileBytes("{" + f32Entry("a", "[1099511627776,1099511627776]", 0, 4) + "}", zeros(4))
        << "tensor 'a' shape [1099511627776, 1099511627776] has more elements than 64 bits can count";
    QTest::newRow("shape times dtype size overflows")
        << fileBytes("{" + f32Entry("a", "[4611686018427387904]", 0, 4) + "}", zeros(4))
        << "tensor 'a' shape [4611686018427387904] of F32 has more bits than 64 bits can count";
    QTest::newRow("byte size differs from range") << fileBytes("{" + f32Entry("a", "[3]", 0, 8) + "}", zeros(8))
                                                  << "tensor 'a' shape [3] of F32 needs 12 bytes but data_offsets [0, 8] hold 8";
    QTest::newRow("sub-byte dtype not whole bytes")
        << fileBytes("{\"a\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,1]}}", zeros(1))
        << "tensor 'a' holds 3 F4 elements = 12 bits, not a whole number of bytes";
    QTest::newRow("offsets not starting at 0") << fileBytes("{" + f32Entry("a", "[1]", 4, 8) + "}", zeros(8))
                                               << "the first tensor in the data, 'a', starts at data byte 4, expected 0";
    QTest::newRow("gap") << fileBytes("{" + f32Entry("a", "[1]", 0, 4) + "," + f32Entry("b", "[1]", 8, 12) + "}", zeros(12))
                         << "gap of 4 bytes between tensor 'a' (ends at data byte 4) and tensor 'b' (begins at data byte 8)";
    QTest::newRow("overlap") << fileBytes("{" + f32Entry("a", "[2]", 0, 8) + "," + f32Entry("b", "[1]", 4, 8) + "}", zeros(8))
                             << "tensor 'b' (data bytes 4 to 8) overlaps tensor 'a' (ends at data byte 8)";
    QTest::newRow("truncated data") << fileBytes(good, zeros(2))
                                    << "tensor 'a' ends at data byte 4, past the end of the file (2 data bytes";
    QTest::newRow("trailing bytes") << fileBytes(good, zeros(6))
                                    << "2 trailing bytes after the last tensor 'a' (it ends at data byte 4 of 6)";
    QTest::newRow("no tensors but data") << fileBytes("{}", zeros(3)) << "the header lists no tensors but 3 data bytes follow it";
    QTest::newRow("duplicate names")
        << fileBytes("{" + f32Entry("a", "[1]", 0, 4) + "," + f32Entry("a", "[1]", 4, 8) + "}", zeros(8))
        << "tensor name 'a' appears twice in the header";
    QTest::newRow("duplicate names, one escaped")
        << fileBytes("{" + f32Entry("a", "[1]", 0, 4) + "," + f32Entry("\\u0061", "[1]", 4, 8) + "}", zeros(8))
        << "tensor name 'a' appears twice in the header";
    QTest::newRow("duplicate key inside an entry")
        << fileBytes("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,4]}}", zeros(4))
        << "key 'dtype' appears twice inside the entry 'a'";
    QTest::newRow("metadata not an object") << fileBytes("{\"__metadata__\":[\"x\"]}")
                                            << "__metadata__ is an array, expected an object of string values";
    QTest::newRow("non-string metadata value") << fileBytes("{\"__metadata__\":{\"format\":\"pt\",\"epochs\":5}}")
                                               << "__metadata__ key 'epochs' is the number 5, expected a string";
}

void TestSafetensors::badFileIsRefused()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    writeBytes(path_, bytes);
    try {
        SafetensorsReader reader(path_);
        QFAIL("the file was accepted");
    } catch (const FileFormatError &e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.startsWith(path_ + QStringLiteral(": ")), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
    }
}

void TestSafetensors::refusedDtypeIsNamedWhenRead()
{
    // Valid layout: the file opens and lists the tensor; only loading it is refused.
    writeBytes(path_, fileBytes("{\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                                + f32Entry("w", "[1]", 16, 20) + "}",
                                zeros(20)));
    const SafetensorsReader reader(path_);
    QCOMPARE(reader.names(), (std::vector<std::string>{"ids", "w"}));
    QCOMPARE(reader.dtypeName("ids"), QStringLiteral("I64"));
    QCOMPARE(reader.shape("ids"), std::vector<int64_t>{2});
    try {
        reader.tensor("ids");
        QFAIL("an I64 tensor was loaded");
    } catch (const FileFormatError &e) {
        QCOMPARE(QString::fromUtf8(e.what()),
                 path_ + QStringLiteral(": tensor 'ids' has dtype I64; PEFT Workbench loads F32, F16 and BF16"));
    }
    QCOMPARE(reader.tensor("w").item<float>(), 0.0f);
}

void TestSafetensors::handWrittenHeaderReads()
{
    QByteArray data(8, '\0');
    qToLittleEndian<float>(1.5f, data.data());
    qToLittleEndian<float>(-2.0f, data.data() + 4);
    // Unpadded header (55 bytes): the data starts unaligned, as files from other writers may.
    const QByteArray header = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    QVERIFY(header.size() % 8 != 0);
    writeBytes(path_, fileBytes(header, data));
    const SafetensorsReader reader(path_);
    QCOMPARE(reader.names(), std::vector<std::string>{"a"});
    QVERIFY(reader.contains("a"));
    QVERIFY(!reader.contains("b"));
    QCOMPARE(reader.dtypeName("a"), QStringLiteral("F32"));
    QCOMPARE(reader.shape("a"), std::vector<int64_t>{2});
    QVERIFY(reader.metadata().isEmpty());
    const torch::Tensor a = reader.tensor("a");
    QCOMPARE(a.scalar_type(), torch::kFloat);
    QCOMPARE(a.sizes().vec(), std::vector<int64_t>{2});
    QCOMPARE(a[0].item<float>(), 1.5f);
    QCOMPARE(a[1].item<float>(), -2.0f);
    const torch::Tensor asDouble = reader.tensor("a", torch::kDouble);
    QCOMPARE(asDouble.scalar_type(), torch::kDouble);
    QCOMPARE(asDouble[1].item<double>(), -2.0);
}

void TestSafetensors::handWrittenHalfAndBfloat16Read()
{
    // IEEE half 1.0 = 0x3C00, -0.5 = 0xB800; bfloat16 1.0 = 0x3F80, 3.0 = 0x4040; little endian.
    const QByteArray data("\x00\x3c\x00\xb8\x80\x3f\x40\x40", 8);
    writeBytes(path_, fileBytes(R"({"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},)"
                                R"("b":{"dtype":"BF16","shape":[2,1],"data_offsets":[4,8]}})",
                                data));
    const SafetensorsReader reader(path_);
    const torch::Tensor h = reader.tensor("h");
    QCOMPARE(h[0].item<float>(), 1.0f);
    QCOMPARE(h[1].item<float>(), -0.5f);
    const torch::Tensor b = reader.tensor("b");
    QCOMPARE(b.sizes().vec(), (std::vector<int64_t>{2, 1}));
    QCOMPARE(b[0][0].item<float>(), 1.0f);
    QCOMPARE(b[1][0].item<float>(), 3.0f);
    QCOMPARE(reader.tensor("b", torch::kBFloat16).scalar_type(), torch::kBFloat16);
}

void TestSafetensors::f32RoundTripIsBitwise()
{
    torch::manual_seed(7);
    torch::Tensor values = torch::randn({3, 5, 7});
    values.view(-1)[0] = std::numeric_limits<float>::quiet_NaN();
    values.view(-1)[1] = -0.0f;
    values.view(-1)[2] = std::numeric_limits<float>::infinity();
    values.view(-1)[3] = std::numeric_limits<float>::denorm_min();
    const torch::Tensor transposed = torch::randn({4, 6}).t();  // non-contiguous input
    writeSafetensors(path_, {{"values", values}, {"transposed", transposed}});
    const SafetensorsReader reader(path_);
    QVERIFY(sameBytes(reader.tensor("values"), values));
    QVERIFY(sameBytes(reader.tensor("transposed"), transposed.contiguous()));
    QCOMPARE(reader.dtypeName("values"), QStringLiteral("F32"));
    QCOMPARE(reader.shape("transposed"), (std::vector<int64_t>{6, 4}));
}

void TestSafetensors::halfAndBfloat16RoundTrip_data()
{
    QTest::addColumn<int>("dtype");
    QTest::addColumn<QString>("dtypeName");
    QTest::newRow("F16") << int(torch::kHalf) << QStringLiteral("F16");
    QTest::newRow("BF16") << int(torch::kBFloat16) << QStringLiteral("BF16");
}

void TestSafetensors::halfAndBfloat16RoundTrip()
{
    QFETCH(int, dtype);
    QFETCH(QString, dtypeName);
    const auto type = static_cast<torch::ScalarType>(dtype);
    // Exactly representable in both formats, so the fp32 read-back is exact.
    const torch::Tensor exact = torch::tensor({0.0f, 1.0f, -2.5f, 0.15625f, 1024.0f, -0.0078125f, 96.0f, 3.0f}).view({2, 4});
    writeSafetensors(path_, {{"w", exact.to(type)}});
    const SafetensorsReader reader(path_);
    QCOMPARE(reader.dtypeName("w"), dtypeName);
    const torch::Tensor asFloat = reader.tensor("w");
    QCOMPARE(asFloat.scalar_type(), torch::kFloat);
    QVERIFY(torch::equal(asFloat, exact));
    QVERIFY(sameBytes(reader.tensor("w", type), exact.to(type)));
}

void TestSafetensors::headerIsPaddedToEightWithSpaces()
{
    for (int nameLength = 1; nameLength <= 8; ++nameLength) {  // every header length modulo 8
        writeSafetensors(path_, {{std::string(size_t(nameLength), 'n'), torch::ones({3})}});
        const QByteArray bytes = readBytes(path_);
        QVERIFY(bytes.size() >= 8);
        const quint64 headerLength = qFromLittleEndian<quint64>(bytes.constData());
        QCOMPARE(headerLength % 8, quint64(0));
        QCOMPARE(quint64(bytes.size()), 8 + headerLength + 12);
        const QByteArray header = bytes.mid(8, qsizetype(headerLength));
        const qsizetype close = header.lastIndexOf('}');
        QVERIFY(close >= 0);
        QVERIFY(header.size() - (close + 1) < 8);  // at most 7 bytes of padding
        QCOMPARE(header.mid(close + 1), QByteArray(header.size() - close - 1, ' '));
        QVERIFY(header.contains("\"data_offsets\":[0,12]"));
        QCOMPARE(SafetensorsReader(path_).tensor(std::string(size_t(nameLength), 'n')).sum().item<float>(), 3.0f);
    }
}

void TestSafetensors::metadataRoundTrips()
{
    const QMap<QString, QString> metadata{{QStringLiteral("format"), QStringLiteral("pt")},
                                          {QStringLiteral("note"), QStringLiteral("Grüße \"quoted\" \\ 🚀")},
                                          {QStringLiteral("empty"), QString()}};
    writeSafetensors(path_, {{"w", torch::zeros({2})}}, metadata);
    const SafetensorsReader reader(path_);
    QCOMPARE(reader.metadata(), metadata);
    QCOMPARE(reader.names(), std::vector<std::string>{"w"});  // __metadata__ is not a tensor
    QVERIFY(!reader.contains("__metadata__"));
}

void TestSafetensors::emptyTensorsAndEmptyFile()
{
    writeSafetensors(path_, {{"before", torch::ones({2})}, {"empty", torch::zeros({0})}, {"wide", torch::zeros({3, 0})},
                             {"after", torch::ones({1}).to(torch::kHalf)}});
    {
        const SafetensorsReader reader(path_);
        QCOMPARE(reader.names(), (std::vector<std::string>{"before", "empty", "wide", "after"}));
        QCOMPARE(reader.tensor("empty").numel(), int64_t{0});
        QCOMPARE(reader.tensor("wide").sizes().vec(), (std::vector<int64_t>{3, 0}));
        QCOMPARE(reader.tensor("after").item<float>(), 1.0f);
    }
    writeSafetensors(path_, {});
    const SafetensorsReader none(path_);
    QVERIFY(none.names().empty());
}

void TestSafetensors::namesAreInDataOrder()
{
    writeSafetensors(path_, {{"c", torch::ones({1})}, {"a", torch::ones({2})}, {"b", torch::ones({3})}});
    QCOMPARE(SafetensorsReader(path_).names(), (std::vector<std::string>{"c", "a", "b"}));
}

void TestSafetensors::unknownNameAndNonFloatTarget()
{
    writeSafetensors(path_, {{"w", torch::ones({2})}});
    const SafetensorsReader reader(path_);
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, reader.tensor("missing"));
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, reader.shape("missing"));
    try {
        reader.dtypeName("missing");
        QFAIL("an unknown name was accepted");
    } catch (const std::out_of_range &e) {
        QCOMPARE(QString::fromUtf8(e.what()), path_ + QStringLiteral(": no tensor 'missing' in this file"));
    }
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, reader.tensor("w", torch::kLong));
}

void TestSafetensors::returnedTensorIsACopy()
{
    writeSafetensors(path_, {{"w", torch::ones({4})}});
    const SafetensorsReader reader(path_);
    torch::Tensor first = reader.tensor("w");
    first.fill_(5.0f);
    QCOMPARE(reader.tensor("w").sum().item<float>(), 4.0f);
}

void TestSafetensors::writerRefusesBadInputAndKeepsOldFile_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("dtype");
    QTest::addColumn<QString>("expected");
    QTest::newRow("I64 tensor") << QStringLiteral("ids") << int(torch::kLong)
                                << QStringLiteral("tensor 'ids' has dtype Long; safetensors files are written with F32, F16 and BF16");
    QTest::newRow("F64 tensor") << QStringLiteral("d") << int(torch::kDouble) << QStringLiteral("tensor 'd' has dtype Double");
    QTest::newRow("reserved name") << QStringLiteral("__metadata__") << int(torch::kFloat)
                                   << QStringLiteral("'__metadata__' is reserved");
    QTest::newRow("duplicate name") << QStringLiteral("w") << int(torch::kFloat) << QStringLiteral("tensor name 'w' is given twice");
    QTest::newRow("empty name") << QString() << int(torch::kFloat) << QStringLiteral("a tensor has an empty name");
}

void TestSafetensors::writerRefusesBadInputAndKeepsOldFile()
{
    QFETCH(QString, name);
    QFETCH(int, dtype);
    QFETCH(QString, expected);
    const QTemporaryDir own;  // its own folder, so a leftover temporary file would show
    QVERIFY(own.isValid());
    const QString path = own.filePath(QStringLiteral("adapter.safetensors"));
    writeSafetensors(path, {{"old", torch::full({2}, 7.0f)}});
    const QByteArray before = readBytes(path);
    try {
        writeSafetensors(path, {{"w", torch::ones({1})}, {name.toStdString(), torch::ones({1}).to(static_cast<torch::ScalarType>(dtype))}});
        QFAIL("the writer accepted bad input");
    } catch (const FileFormatError &e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.startsWith(path + QStringLiteral(": ")), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
    }
    QCOMPARE(readBytes(path), before);
    QCOMPARE(QDir(own.path()).entryList(QDir::Files), QStringList{QStringLiteral("adapter.safetensors")});
}

void TestSafetensors::mutatedFilesNeverCrash()
{
    // A valid file with every kind of entry, then thousands of random byte edits and truncations:
    // each must parse or throw FileFormatError, never crash or read outside the buffer (run under
    // a sanitizer to see the latter).
    writeSafetensors(path_, {{"a", torch::randn({3, 2})}, {"b", torch::randn({5}).to(torch::kHalf)},
                             {"e", torch::zeros({0})}, {"c", torch::randn({2}).to(torch::kBFloat16)}},
                     {{QStringLiteral("format"), QStringLiteral("pt")}});
    const QByteArray original = readBytes(path_);
    QVERIFY(original.size() > 8);
    std::mt19937 rng(12345);
    int accepted = 0;
    int refused = 0;
    for (int round = 0; round < 4000; ++round) {
        QByteArray bytes = original;
        const int edits = 1 + int(rng() % 4);
        for (int k = 0; k < edits; ++k) {
            const auto at = qsizetype(rng() % quint32(bytes.size()));
            switch (rng() % 4) {
            case 0: bytes[at] = char(rng() % 256); break;
            case 1: bytes[at] = "{}[]\":,0123456789-. e"[rng() % 21]; break;
            case 2: bytes.truncate(at); break;
            default: bytes.insert(at, char(rng() % 256)); break;
            }
            if (bytes.isEmpty())
                break;
        }
        // A heap copy of exactly the file's size, so reading past it is caught by ASan.
        std::vector<uchar> exact(bytes.begin(), bytes.end());
        try {
            const SafetensorsLayout layout = parseSafetensorsLayout(path_, exact.data(), quint64(exact.size()));
            for (const SafetensorsEntry &e : layout.entries)
                QVERIFY(layout.dataStart + e.end <= exact.size());
            ++accepted;
        } catch (const FileFormatError &e) {
            QVERIFY(QString::fromUtf8(e.what()).startsWith(path_));
            ++refused;
        }
    }
    QVERIFY(refused > 1000);  // the mutations do reach the checks
    QVERIFY(accepted > 0);    // ... and some leave a valid file (an edited tensor byte)
}

QTEST_GUILESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
