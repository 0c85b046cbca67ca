// User datasets: plain text, CSV/TSV and JSONL files are read into records, checked with messages
// that name the file, line (and column for CSV) and the problem, split with a seed (stratified by
// label for classification), and summarised for the preview page.
#include "data/CsvReader.h"
#include "data/DatasetError.h"
#include "data/DatasetLoader.h"
#include "data/DatasetPreview.h"
#include "data/DatasetSplits.h"
#include "data/TextFileRecords.h"
#include "data/TextUtf8.h"
#include "tokenizer/ByteTokenizer.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <set>

using namespace peftbench;

Q_DECLARE_METATYPE(peftbench::TaskKind)

namespace {

// One record as "text|label" or "prompt=>completion", so expected records read like the data.
QString show(const TextRecord &r)
{
    if (!r.prompt.empty() || !r.completion.empty())
        return QString::fromStdString(r.prompt + "=>" + r.completion);
    if (!r.label.empty())
        return QString::fromStdString(r.text + "|" + r.label);
    return QString::fromStdString(r.text);
}

QStringList showAll(const std::vector<TextRecord> &records)
{
    QStringList out;
    for (const TextRecord &r : records)
        out << show(r);
    return out;
}

// Every record of every split, sorted: happy-path tests check what was read, not where it went.
QStringList allRecordsSorted(const DatasetSplits &splits)
{
    QStringList all = showAll(splits.train) + showAll(splits.validation) + showAll(splits.test);
    all.sort();
    return all;
}

TextRecord rec(const std::string &text, const std::string &label = {})
{
    TextRecord r;
    r.text = text;
    r.label = label;
    return r;
}

}  // namespace

class TestDatasets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void utf8Validation_data();
    void utf8Validation();
    void truncateUtf8KeepsCharacters();

    void csvParsing_data();
    void csvParsing();

    void userDatasetsRead_data();
    void userDatasetsRead();
    void fieldNamesAreChosen();
    void wholeFileIsSplitContiguously();

    void errorsNameFileLineAndProblem_data();
    void errorsNameFileLineAndProblem();

    void formatFromExtension_data();
    void formatFromExtension();

    void splitsAreSeededAndDisjoint();
    void classificationSplitIsStratified();
    void stratifiedSplitKeepsSmallGroupsEverywhere();

    void previewCountsAndHistogram();
    void previewOfCompletionCountsPromptAndCompletion();

private:
    QString write(const QString &name, const QByteArray &content);
    QTemporaryDir m_dir;
};

void TestDatasets::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

QString TestDatasets::write(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(content);
    return path;
}

// ---------------------------------------------------------------------------------------------
// UTF-8

void TestDatasets::utf8Validation_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("offset");
    QTest::addColumn<int>("line");

    QTest::newRow("ascii") << QByteArray("plain\ntext") << true << 0 << 0;
    QTest::newRow("2, 3 and 4 byte characters") << QByteArray("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") << true << 0 << 0;
    QTest::newRow("latin-1 byte on line 2") << QByteArray("ok\ncaf\xE9!") << false << 6 << 2;
    QTest::newRow("lone continuation byte") << QByteArray("a\x80") << false << 1 << 1;
    QTest::newRow("overlong encoding of '/'") << QByteArray("\xC0\xAF") << false << 0 << 1;
    QTest::newRow("overlong 3-byte") << QByteArray("x\xE0\x80\xAF") << false << 1 << 1;
    QTest::newRow("UTF-16 surrogate") << QByteArray("\xED\xA0\x80") << false << 0 << 1;
    QTest::newRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << false << 0 << 1;
    QTest::newRow("truncated at the end") << QByteArray("\n\nab\xE2\x82") << false << 4 << 3;
    QTest::newRow("0xFF") << QByteArray("\xFF") << false << 0 << 1;
}

void TestDatasets::utf8Validation()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, valid);
    QFETCH(int, offset);
    QFETCH(int, line);
    const auto problem = findInvalidUtf8(std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())));
    QCOMPARE(!problem.has_value(), valid);
    if (problem) {
        QCOMPARE(static_cast<int>(problem->byteOffset), offset);
        QCOMPARE(problem->line, line);
        QCOMPARE(problem->byte, static_cast<unsigned char>(bytes.at(offset)));
    }
}

void TestDatasets::truncateUtf8KeepsCharacters()
{
    const std::string text = "ab\xE2\x82\xAC" "cd";  // a b € c d
    QCOMPARE(truncateUtf8(text, 100), text);
    QCOMPARE(truncateUtf8(text, 5), std::string("ab\xE2\x82\xAC"));
    QCOMPARE(truncateUtf8(text, 4), std::string("ab"));
    QCOMPARE(truncateUtf8(text, 3), std::string("ab"));
    QCOMPARE(truncateUtf8(text, 0), std::string());
}

// ---------------------------------------------------------------------------------------------
// CSV

void TestDatasets::csvParsing_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<char>("delimiter");
    QTest::addColumn<QList<QStringList>>("rows");

    QTest::newRow("plain") << QByteArray("a,b\n1,2\n") << ',' << QList<QStringList>{{"a", "b"}, {"1", "2"}};
    QTest::newRow("no final newline") << QByteArray("a,b\n1,2") << ',' << QList<QStringList>{{"a", "b"}, {"1", "2"}};
    QTest::newRow("CRLF") << QByteArray("a,b\r\n1,2\r\n") << ',' << QList<QStringList>{{"a", "b"}, {"1", "2"}};
    QTest::newRow("quoted delimiter, newline, doubled quote")
        << QByteArray("a,b\n\"x, y\",\"line1\nline2 \"\"q\"\"\"\n") << ','
        << QList<QStringList>{{"a", "b"}, {"x, y", "line1\nline2 \"q\""}};
    QTest::newRow("empty fields") << QByteArray("a,b,c\n,,\n") << ',' << QList<QStringList>{{"a", "b", "c"}, {"", "", ""}};
    QTest::newRow("quote inside an unquoted field is literal")
        << QByteArray("a,b\nsay \"hi\",x\n") << ',' << QList<QStringList>{{"a", "b"}, {"say \"hi\"", "x"}};
    QTest::newRow("blank lines skipped") << QByteArray("a,b\n\n1,2\n\n") << ',' << QList<QStringList>{{"a", "b"}, {"1", "2"}};
    QTest::newRow("TSV with commas in fields")
        << QByteArray("text\tlabel\nhello, world\tgreeting\n") << '\t'
        << QList<QStringList>{{"text", "label"}, {"hello, world", "greeting"}};
}

void TestDatasets::csvParsing()
{
    QFETCH(QByteArray, csv);
    QFETCH(char, delimiter);
    QFETCH(QList<QStringList>, rows);
    const std::vector<CsvRow> parsed =
        parseCsv(std::string_view(csv.constData(), static_cast<size_t>(csv.size())), delimiter, QStringLiteral("t.csv"));
    QList<QStringList> got;
    for (const CsvRow &row : parsed) {
        QStringList fields;
        for (const CsvField &f : row.fields)
            fields << QString::fromStdString(f.text);
        got << fields;
    }
    QCOMPARE(got, rows);
}

// ---------------------------------------------------------------------------------------------
// Happy paths

void TestDatasets::userDatasetsRead_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<TaskKind>("task");
    QTest::addColumn<QStringList>("records");  // sorted, as show() writes them

    QTest::newRow("jsonl text") << "a.jsonl" << QByteArray("{\"text\": \"one\"}\n\n{\"text\": \"two\", \"x\": 1}\n{\"text\": \"th\\u00e9\"}\n")
                                << TaskKind::CausalLm << QStringList{"one", "th\xC3\xA9", "two"};
    QTest::newRow("jsonl text+label, integer labels")
        << "b.jsonl" << QByteArray("{\"text\":\"good\",\"label\":1}\r\n{\"text\":\"bad\",\"label\":0}\r\n{\"text\":\"meh\",\"label\":\"0\"}\r\n")
        << TaskKind::Classification << QStringList{"bad|0", "good|1", "meh|0"};
    QTest::newRow("jsonl prompt/completion")
        << "c.jsonl" << QByteArray("{\"prompt\":\"2+2=\",\"completion\":\"4\"}\n{\"prompt\":\"Hi\",\"completion\":\" there\"}\n")
        << TaskKind::Completion << QStringList{"2+2==>4", "Hi=> there"};
    QTest::newRow("jsonl Alpaca")
        << "d.jsonl"
        << QByteArray("{\"instruction\":\"Translate\",\"input\":\"chat\",\"output\":\"cat\"}\n"
                      "{\"instruction\":\"Say hi\",\"input\":\"\",\"output\":\"hi\"}\n"
                      "{\"instruction\":\"Count\",\"output\":\"1 2 3\"}\n")
        << TaskKind::Completion << QStringList{"Count=>1 2 3", "Say hi=>hi", "Translate\nchat=>cat"};
    QTest::newRow("csv with BOM, quoting and CRLF")
        << "e.csv" << QByteArray("\xEF\xBB\xBFtext,label\r\n\"Hello, \"\"world\"\"\",greeting\r\n\"two\nlines\",other\r\nplain,greeting\r\n")
        << TaskKind::Classification << QStringList{"Hello, \"world\"|greeting", "plain|greeting", "two\nlines|other"};
    QTest::newRow("tsv") << "f.tsv" << QByteArray("id\ttext\tlabel\n1\tspam, eggs\tfood\n2\tcar\tthing\n")
                         << TaskKind::Classification << QStringList{"car|thing", "spam, eggs|food"};
    QTest::newRow("csv completion") << "g.csv" << QByteArray("prompt,completion\nQ1,A1\nQ2,A2\n")
                                    << TaskKind::Completion << QStringList{"Q1=>A1", "Q2=>A2"};
    QTest::newRow("text paragraphs")
        << "h.txt" << QByteArray("First para\nstill first.  \r\n\n \n\nSecond.\n\n\nThird\n")
        << TaskKind::CausalLm << QStringList{"First para\nstill first.", "Second.", "Third"};
}

void TestDatasets::userDatasetsRead()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(TaskKind, task);
    QFETCH(QStringList, records);
    UserDatasetSpec spec;
    spec.path = write(fileName, content);
    spec.task = task;
    const DatasetSplits splits = loadUserDataset(spec);
    QCOMPARE(splits.task, task);
    QCOMPARE(allRecordsSorted(splits), records);
    QVERIFY(splits.description.startsWith(fileName + QStringLiteral(": ")));
}

void TestDatasets::fieldNamesAreChosen()
{
    UserDatasetSpec spec;
    spec.task = TaskKind::Classification;
    spec.fields.text = "review";
    spec.fields.label = "sentiment";
    spec.path = write(QStringLiteral("reviews.csv"), "id,sentiment,review\n1,pos,great\n2,neg,awful\n3,pos,fine\n");
    QCOMPARE(allRecordsSorted(loadUserDataset(spec)), (QStringList{"awful|neg", "fine|pos", "great|pos"}));

    spec.path = write(QStringLiteral("reviews.jsonl"),
                      "{\"review\":\"great\",\"sentiment\":\"pos\"}\n{\"review\":\"awful\",\"sentiment\":\"neg\"}\n");
    QCOMPARE(allRecordsSorted(loadUserDataset(spec)), (QStringList{"awful|neg", "great|pos"}));

    // Empty names fall back to the defaults, as an unset config key does.
    spec.fields = DatasetFields{"", "", "", ""};
    spec.path = write(QStringLiteral("defaults.csv"), "label,text\na,x\nb,y\n");
    QCOMPARE(allRecordsSorted(loadUserDataset(spec)), (QStringList{"x|a", "y|b"}));

    // Header names match without surrounding blanks.
    spec.path = write(QStringLiteral("spaced.csv"), "text, label\nx,a\ny,b\n");
    QCOMPARE(allRecordsSorted(loadUserDataset(spec)), (QStringList{"x|a", "y|b"}));
}

void TestDatasets::wholeFileIsSplitContiguously()
{
    // 20 lines of 10 bytes: train = the first 80% of the bytes, then validation, then test, each
    // cut at a line start.
    QByteArray content;
    for (int i = 0; i < 20; ++i)
        content += QByteArray("line ") + QByteArray::number(i).rightJustified(4, '0') + '\n';
    UserDatasetSpec spec;
    spec.path = write(QStringLiteral("book.txt"), content);
    spec.textMode = TextRecordMode::WholeFile;
    const DatasetSplits splits = loadUserDataset(spec);
    QCOMPARE(splits.train.size(), size_t(1));
    QCOMPARE(splits.validation.size(), size_t(1));
    QCOMPARE(splits.test.size(), size_t(1));
    QVERIFY(QByteArray::fromStdString(splits.train[0].text).startsWith("line 0000\n"));
    QVERIFY(QByteArray::fromStdString(splits.train[0].text).endsWith("line 0015"));
    QCOMPARE(splits.validation[0].text, std::string("line 0016\nline 0017"));
    QCOMPARE(splits.test[0].text, std::string("line 0018\nline 0019"));

    // A cut with no line break after it falls back to a character boundary, never mid-character.
    const ContiguousTextSplit oneLine = splitTextContiguously("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", {0.1, 0.1});
    QVERIFY(isValidUtf8(oneLine.train) && isValidUtf8(oneLine.validation) && isValidUtf8(oneLine.test));
    QCOMPARE(oneLine.train + oneLine.validation + oneLine.test, std::string("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"));
}

// ---------------------------------------------------------------------------------------------
// Errors: the whole message, exactly (the path is prepended in the test).

void TestDatasets::errorsNameFileLineAndProblem_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<TaskKind>("task");
    QTest::addColumn<int>("maxLength");  // > 0: check against the byte tokenizer
    QTest::addColumn<QString>("message"); // after the path

    const TaskKind cls = TaskKind::Classification;
    const TaskKind lm = TaskKind::CausalLm;
    const TaskKind comp = TaskKind::Completion;

    QTest::newRow("invalid UTF-8") << "latin1.csv" << QByteArray("text,label\ncaf\xE9,x\n") << cls << 0
                                   << ":2: invalid UTF-8 at byte offset 14 (byte 0xe9); save the file as UTF-8";
    QTest::newRow("too many fields") << "ragged.csv" << QByteArray("text,label\na,b\nc,d,e\n") << cls << 0
                                     << ":3:5: expected 2 fields (as in the header), got 3";
    QTest::newRow("too few fields") << "short.csv" << QByteArray("text,label\na,b\nccc\n") << cls << 0
                                    << ":3:4: expected 2 fields (as in the header), got 1";
    QTest::newRow("ragged TSV after a multi-line field")
        << "ragged.tsv" << QByteArray("text\tlabel\n\"a\nb\"\tx\ty\n") << cls << 0
        << ":3:6: expected 2 fields (as in the header), got 3";
    QTest::newRow("column counts characters, not bytes")
        << "wide.csv" << QByteArray("text,label\n\xC3\xA9\xC3\xA9,x,y\n") << cls << 0
        << ":2:6: expected 2 fields (as in the header), got 3";
    QTest::newRow("unclosed quote") << "open.csv" << QByteArray("text,label\nok,x\nfine,\"never\nclosed\n") << cls << 0
                                    << ":3:6: a quoted field is never closed (its opening quote is here)";
    QTest::newRow("text after closing quote") << "stray.csv" << QByteArray("text,label\n\"ab\"c,x\n") << cls << 0
                                              << ":2:5: unexpected text after a closing quote (a quote inside a quoted "
                                                 "field must be doubled: \"\")";
    QTest::newRow("no extension") << "data" << QByteArray("x") << lm << 0
                                  << ": no file extension to tell the dataset format by (known: .txt, .text, .md, .csv, "
                                     ".tsv, .tab, .jsonl, .ndjson)";
    QTest::newRow("missing file") << "missing.jsonl" << QByteArray() << lm << 0 << ": no such file";
    QTest::newRow("missing column") << "cols.csv" << QByteArray("body,category\na,b\n") << cls << 0
                                    << ":1: no column named \"text\" in the header (columns: body, category)";
    QTest::newRow("missing label column") << "cols2.csv" << QByteArray("text\na\n") << cls << 0
                                          << ":1: no column named \"label\" in the header (columns: text)";
    QTest::newRow("empty cell") << "blank.csv" << QByteArray("text,label\nhello,x\n  ,y\n") << cls << 0
                                << ":3:1: empty \"text\"";
    QTest::newRow("CSV header only") << "header.csv" << QByteArray("text,label\n") << cls << 0
                                     << ": no records (only a header row)";
    QTest::newRow("CSV empty") << "empty.csv" << QByteArray("") << cls << 0 << ": no records (the file is empty)";
    QTest::newRow("bad JSON") << "bad.jsonl" << QByteArray("{\"text\": \"a\"}\n{\"text\": \"b}\n") << lm << 0
                              << ":2:13: invalid JSON: unterminated string";
    QTest::newRow("bad JSON, missing comma")
        << "comma.jsonl" << QByteArray("{\"text\": \"a\" \"label\": \"b\"}\n") << lm << 0
        << ":1:15: invalid JSON: unterminated object";  // Qt's words for a missing comma
    QTest::newRow("JSON array line") << "array.jsonl" << QByteArray("[1, 2]\n") << lm << 0
                                     << ":1: expected a JSON object, got an array";
    QTest::newRow("missing label") << "nolabel.jsonl" << QByteArray("{\"text\":\"a\",\"label\":\"x\"}\n\n{\"text\":\"b\"}\n")
                                   << cls << 0 << ":3: no \"label\" field";
    QTest::newRow("missing text") << "notext.jsonl" << QByteArray("{\"body\":\"a\"}\n") << lm << 0
                                  << ":1: no \"text\" field";
    QTest::newRow("text not a string") << "num.jsonl" << QByteArray("{\"text\": 5}\n") << lm << 0
                                       << ":1: \"text\" must be a string, got a number";
    QTest::newRow("fractional label") << "frac.jsonl" << QByteArray("{\"text\":\"a\",\"label\":0.5}\n") << cls << 0
                                      << ":1: \"label\" must be a string or an integer, got a fractional number";
    QTest::newRow("label is a list") << "list.jsonl" << QByteArray("{\"text\":\"a\",\"label\":[1]}\n") << cls << 0
                                     << ":1: \"label\" must be a string or an integer, got an array";
    QTest::newRow("empty text") << "emptytext.jsonl" << QByteArray("{\"text\":\" \"}\n") << lm << 0 << ":1: \"text\" is empty";
    QTest::newRow("no prompt") << "noprompt.jsonl" << QByteArray("{\"completion\":\"x\"}\n") << comp << 0
                               << ":1: no \"prompt\" field (nor an Alpaca \"instruction\")";
    QTest::newRow("no completion") << "nocomp.jsonl" << QByteArray("{\"prompt\":\"x\"}\n") << comp << 0
                                   << ":1: no \"completion\" field";
    QTest::newRow("Alpaca without output") << "alpaca.jsonl" << QByteArray("{\"instruction\":\"x\",\"input\":\"y\"}\n")
                                           << comp << 0 << ":1: no \"output\" field";
    QTest::newRow("JSONL empty") << "blank.jsonl" << QByteArray("\n  \n") << lm << 0 << ": no records (the file is empty)";
    QTest::newRow("text empty") << "blank.txt" << QByteArray(" \n\n\t\n") << lm << 0 << ": no records (the file is empty)";
    QTest::newRow("single label") << "one.jsonl" << QByteArray("{\"text\":\"a\",\"label\":\"spam\"}\n{\"text\":\"b\",\"label\":\"spam\"}\n")
                                  << cls << 0
                                  << ": every record has the label \"spam\"; classification needs at least two classes";
    // Byte tokenizer: bos + 9 text bytes + 8 separator bytes ("\nLabel: ") + 1 label byte + eos = 20.
    QTest::newRow("every text too long")
        << "long.csv" << QByteArray("text,label\nabcdefghi,x\nabcdefghij,y\n") << cls << 16
        << ": every record is longer than max_length = 16 tokens (the shortest needs 20); raise max_length or check the "
           "chosen columns";
    QTest::newRow("every completion too long")
        << "longc.jsonl" << QByteArray("{\"prompt\":\"abc\",\"completion\":\"def\"}\n") << comp << 7
        << ": every record is longer than max_length = 7 tokens (the shortest needs 8); raise max_length or check the "
           "chosen columns";
    QTest::newRow("text file for classification") << "notes.txt" << QByteArray("a\n\nb\n") << cls << 0
                                                  << ": a plain text file holds causal_lm data only (task is "
                                                     "classification); use CSV/TSV or JSONL for classification";
    QTest::newRow("unknown extension") << "data.xml" << QByteArray("<a/>") << lm << 0
                                       << ": unknown dataset format \".xml\" (known: .txt, .text, .md, .csv, .tsv, .tab, "
                                          ".jsonl, .ndjson)";
}

void TestDatasets::errorsNameFileLineAndProblem()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(TaskKind, task);
    QFETCH(int, maxLength);
    QFETCH(QString, message);
    const ByteTokenizer tok;
    UserDatasetSpec spec;
    spec.path = fileName == QLatin1String("missing.jsonl") ? m_dir.filePath(fileName) : write(fileName, content);
    spec.task = task;
    if (maxLength > 0) {
        spec.tokenizer = &tok;
        spec.maxLength = maxLength;
    }
    try {
        loadUserDataset(spec);
        QFAIL("no error");
    } catch (const DatasetError &e) {
        QCOMPARE(e.message(), spec.path + message);
        QCOMPARE(e.file(), spec.path);
    }
}

void TestDatasets::formatFromExtension_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("format");
    QTest::newRow("txt") << "a/b.txt" << int(UserDatasetFormat::Text);
    QTest::newRow("md") << "notes.MD" << int(UserDatasetFormat::Text);
    QTest::newRow("csv") << "x.CSV" << int(UserDatasetFormat::Csv);
    QTest::newRow("tsv") << "x.tsv" << int(UserDatasetFormat::Tsv);
    QTest::newRow("tab") << "x.tab" << int(UserDatasetFormat::Tsv);
    QTest::newRow("jsonl") << "x.jsonl" << int(UserDatasetFormat::Jsonl);
    QTest::newRow("ndjson") << "x.ndjson" << int(UserDatasetFormat::Jsonl);
}

void TestDatasets::formatFromExtension()
{
    QFETCH(QString, path);
    QFETCH(int, format);
    QCOMPARE(int(userDatasetFormatForPath(path)), format);
}

void TestDatasets::splitsAreSeededAndDisjoint()
{
    QByteArray content;
    for (int i = 0; i < 50; ++i)
        content += "{\"text\":\"record " + QByteArray::number(i) + "\"}\n";
    UserDatasetSpec spec;
    spec.path = write(QStringLiteral("fifty.jsonl"), content);
    spec.seed = 7;
    const DatasetSplits a = loadUserDataset(spec);
    const DatasetSplits b = loadUserDataset(spec);
    QCOMPARE(showAll(a.train), showAll(b.train));
    QCOMPARE(showAll(a.validation), showAll(b.validation));
    QCOMPARE(showAll(a.test), showAll(b.test));
    QCOMPARE(a.train.size(), size_t(40));
    QCOMPARE(a.validation.size(), size_t(5));
    QCOMPARE(a.test.size(), size_t(5));

    const QStringList all = allRecordsSorted(a);
    QCOMPARE(QSet<QString>(all.begin(), all.end()).size(), 50);  // disjoint and complete

    spec.seed = 8;
    const DatasetSplits c = loadUserDataset(spec);
    QVERIFY(showAll(c.validation) != showAll(a.validation));
    QCOMPARE(allRecordsSorted(c), all);
}

void TestDatasets::classificationSplitIsStratified()
{
    // 40 "a" and 10 "b": 10% validation and test each take 4 + 1.
    QByteArray content = "text,label\n";
    for (int i = 0; i < 50; ++i)
        content += "t" + QByteArray::number(i) + "," + (i % 5 == 0 ? "b" : "a") + "\n";
    UserDatasetSpec spec;
    spec.path = write(QStringLiteral("strat.csv"), content);
    spec.task = TaskKind::Classification;
    const DatasetSplits splits = loadUserDataset(spec);
    auto count = [](const std::vector<TextRecord> &records, const std::string &label) {
        return std::count_if(records.begin(), records.end(), [&](const TextRecord &r) { return r.label == label; });
    };
    QCOMPARE(count(splits.validation, "a"), 4);
    QCOMPARE(count(splits.validation, "b"), 1);
    QCOMPARE(count(splits.test, "a"), 4);
    QCOMPARE(count(splits.test, "b"), 1);
    QCOMPARE(count(splits.train, "a"), 32);
    QCOMPARE(count(splits.train, "b"), 8);
}

void TestDatasets::stratifiedSplitKeepsSmallGroupsEverywhere()
{
    std::vector<std::string> groups;
    for (int i = 0; i < 100; ++i)
        groups.push_back(i < 94 ? "big" : "small");  // 6 small
    const SplitIndices a = stratifiedSplitIndices(groups, 3);
    const SplitIndices b = stratifiedSplitIndices(groups, 3);
    QCOMPARE(a.train, b.train);
    QCOMPARE(a.validation, b.validation);
    auto smallIn = [&](const std::vector<size_t> &part) {
        return std::count_if(part.begin(), part.end(), [&](size_t i) { return groups[i] == "small"; });
    };
    QCOMPARE(smallIn(a.validation), 1);
    QCOMPARE(smallIn(a.test), 1);
    QCOMPARE(smallIn(a.train), 4);
    QVERIFY(std::is_sorted(a.train.begin(), a.train.end()));
    std::set<size_t> all(a.train.begin(), a.train.end());
    all.insert(a.validation.begin(), a.validation.end());
    all.insert(a.test.begin(), a.test.end());
    QCOMPARE(all.size(), size_t(100));
}

// ---------------------------------------------------------------------------------------------
// Preview

void TestDatasets::previewCountsAndHistogram()
{
    DatasetSplits splits;
    splits.task = TaskKind::Classification;
    // Byte tokenizer: token count = byte count. Lengths 3, 15, 16, 40, 100 and 64.
    splits.train = {rec("abc", "x"), rec(std::string(15, 'a'), "y"), rec(std::string(16, 'b'), "x"),
                    rec(std::string(40, 'c'), "x")};
    splits.validation = {rec(std::string(100, 'd'), "y")};
    splits.test = {rec(std::string(64, 'e'), "z")};
    const DatasetPreview p = previewDataset(splits, ByteTokenizer(), 3);

    QCOMPARE(p.trainCount, size_t(4));
    QCOMPARE(p.validationCount, size_t(1));
    QCOMPARE(p.testCount, size_t(1));
    QCOMPARE(showAll(p.rows), (QStringList{"abc|x", QString(15, 'a') + "|y", QString(16, 'b') + "|x"}));

    QCOMPARE(p.labels.size(), size_t(3));
    QCOMPARE(p.labels[0].label, std::string("x"));
    QCOMPARE(p.labels[0].train, size_t(3));
    QCOMPARE(p.labels[1].label, std::string("y"));
    QCOMPARE(p.labels[1].train, size_t(1));
    QCOMPARE(p.labels[1].validation, size_t(1));
    QCOMPARE(p.labels[2].label, std::string("z"));
    QCOMPARE(p.labels[2].test, size_t(1));
    QCOMPARE(p.labels[2].total(), size_t(1));

    // [0,16) [16,32) [32,64) [64,128): 2, 1, 1, 2.
    QCOMPARE(p.lengthHistogram.size(), size_t(4));
    const int64_t lowers[] = {0, 16, 32, 64};
    const int64_t uppers[] = {16, 32, 64, 128};
    const size_t counts[] = {2, 1, 1, 2};
    for (size_t k = 0; k < 4; ++k) {
        QCOMPARE(p.lengthHistogram[k].lower, lowers[k]);
        QCOMPARE(p.lengthHistogram[k].upper, uppers[k]);
        QCOMPARE(p.lengthHistogram[k].count, counts[k]);
    }
    QCOMPARE(p.minTokens, int64_t(3));
    QCOMPARE(p.maxTokens, int64_t(100));
    QCOMPARE(p.meanTokens, (3.0 + 15 + 16 + 40 + 100 + 64) / 6.0);

    // More rows asked for than there are: all of train. An empty dataset: no histogram.
    QCOMPARE(previewDataset(splits, ByteTokenizer(), 99).rows.size(), size_t(4));
    const DatasetPreview empty = previewDataset(DatasetSplits{}, ByteTokenizer());
    QVERIFY(empty.lengthHistogram.empty());
    QVERIFY(empty.labels.empty());
}

void TestDatasets::previewOfCompletionCountsPromptAndCompletion()
{
    DatasetSplits splits;
    splits.task = TaskKind::Completion;
    TextRecord r;
    r.prompt = std::string(10, 'p');
    r.completion = std::string(6, 'c');
    splits.train = {r};
    const DatasetPreview p = previewDataset(splits, ByteTokenizer());
    QCOMPARE(p.maxTokens, int64_t(16));
    QCOMPARE(p.lengthHistogram.size(), size_t(2));  // 16 is in [16, 32)
    QCOMPARE(p.lengthHistogram[1].count, size_t(1));
    QVERIFY(p.labels.empty());
}

QTEST_GUILESS_MAIN(TestDatasets)
#include "test_datasets.moc"
