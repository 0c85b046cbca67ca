#include "data/DatasetLoader.h"

#include "data/CsvReader.h"
#include "data/DatasetChecks.h"
#include "data/DatasetError.h"
#include "data/JsonlReader.h"
#include "data/TextFileRecords.h"
#include "data/TextUtf8.h"

#include <QFile>
#include <QFileInfo>
#include <QStringList>

namespace peftbench {

namespace {

QString name(const std::string &s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QByteArray readWholeFile(const QString &path)
{
    QFile file(path);
    if (!QFileInfo(path).isFile())
        throw DatasetError(path, QStringLiteral("no such file"));
    if (!file.open(QIODevice::ReadOnly))
        throw DatasetError(path, QStringLiteral("cannot read: ") + file.errorString());
    return file.readAll();
}

void requireUtf8(std::string_view text, const QString &path)
{
    if (const auto bad = findInvalidUtf8(text)) {
        throw DatasetError(path, bad->line, 0,
                           QStringLiteral("invalid UTF-8 at byte offset %1 (byte 0x%2); save the file as UTF-8")
                               .arg(bad->byteOffset)
                               .arg(bad->byte, 2, 16, QLatin1Char('0')));
    }
}

// Header names compare without surrounding blanks: "text, label" is a common way to write a header.
size_t columnIndex(const CsvRow &header, const std::string &column, const QString &path)
{
    for (size_t i = 0; i < header.fields.size(); ++i)
        if (name(header.fields[i].text).trimmed() == name(column).trimmed())
            return i;
    QStringList columns;
    for (const CsvField &f : header.fields)
        columns << name(f.text);
    throw DatasetError(path, header.line, 0,
                       QStringLiteral("no column named \"%1\" in the header (columns: %2)")
                           .arg(name(column), columns.join(QStringLiteral(", "))));
}

// A column the task reads and the record field it fills.
struct WantedColumn {
    const std::string *column;
    std::string TextRecord::*field;
};

std::vector<WantedColumn> wantedColumns(TaskKind task, const DatasetFields &f)
{
    switch (task) {
    case TaskKind::CausalLm:
        return {{&f.text, &TextRecord::text}};
    case TaskKind::Classification:
        return {{&f.text, &TextRecord::text}, {&f.label, &TextRecord::label}};
    case TaskKind::Completion:
        return {{&f.prompt, &TextRecord::prompt}, {&f.completion, &TextRecord::completion}};
    }
    return {};
}

std::vector<TextRecord> readCsvRecords(std::string_view text, char delimiter, const UserDatasetSpec &spec)
{
    const std::vector<CsvRow> rows = parseCsv(text, delimiter, spec.path);
    if (rows.empty())
        throw DatasetError(spec.path, QStringLiteral("no records (the file is empty)"));
    const CsvRow &header = rows.front();
    const std::vector<WantedColumn> wanted = wantedColumns(spec.task, spec.fields);
    std::vector<size_t> index;
    for (const WantedColumn &w : wanted)
        index.push_back(columnIndex(header, *w.column, spec.path));

    std::vector<TextRecord> records;
    records.reserve(rows.size() - 1);
    for (size_t r = 1; r < rows.size(); ++r) {
        TextRecord record;
        for (size_t k = 0; k < wanted.size(); ++k) {
            const CsvField &cell = rows[r].fields[index[k]];
            if (cell.text.find_first_not_of(" \t\r\n") == std::string::npos)
                throw DatasetError(spec.path, cell.line, cell.column,
                                   QStringLiteral("empty \"%1\"").arg(name(*wanted[k].column)));
            record.*(wanted[k].field) = cell.text;
        }
        records.push_back(std::move(record));
    }
    if (records.empty())
        throw DatasetError(spec.path, QStringLiteral("no records (only a header row)"));
    return records;
}

DatasetSplits splitRecords(const std::vector<TextRecord> &records, const UserDatasetSpec &spec)
{
    SplitIndices split;
    if (spec.task == TaskKind::Classification) {
        std::vector<std::string> labels;
        labels.reserve(records.size());
        for (const TextRecord &r : records)
            labels.push_back(r.label);
        split = stratifiedSplitIndices(labels, spec.seed, spec.split);
    } else {
        split = splitIndices(records.size(), spec.seed, spec.split);
    }
    return assembleSplits(records, split, spec.task, {});
}

DatasetSplits wholeFileSplits(std::string_view text, const UserDatasetSpec &spec)
{
    const ContiguousTextSplit pieces = splitTextContiguously(text, spec.split);
    DatasetSplits splits;
    splits.task = TaskKind::CausalLm;
    for (auto [piece, into] : {std::pair{&pieces.train, &splits.train},
                               std::pair{&pieces.validation, &splits.validation},
                               std::pair{&pieces.test, &splits.test}}) {
        if (piece->empty())
            continue;
        TextRecord r;
        r.text = *piece;
        into->push_back(std::move(r));
    }
    return splits;
}

}  // namespace

UserDatasetFormat userDatasetFormatForPath(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("txt") || suffix == QLatin1String("text") || suffix == QLatin1String("md"))
        return UserDatasetFormat::Text;
    if (suffix == QLatin1String("csv"))
        return UserDatasetFormat::Csv;
    if (suffix == QLatin1String("tsv") || suffix == QLatin1String("tab"))
        return UserDatasetFormat::Tsv;
    if (suffix == QLatin1String("jsonl") || suffix == QLatin1String("ndjson"))
        return UserDatasetFormat::Jsonl;
    const QString known = QStringLiteral("known: .txt, .text, .md, .csv, .tsv, .tab, .jsonl, .ndjson");
    if (suffix.isEmpty())
        throw DatasetError(path, QStringLiteral("no file extension to tell the dataset format by (%1)").arg(known));
    throw DatasetError(path, QStringLiteral("unknown dataset format \".%1\" (%2)").arg(suffix, known));
}

DatasetSplits loadUserDataset(const UserDatasetSpec &given)
{
    UserDatasetSpec spec = given;
    const DatasetFields defaults;
    for (auto field : {&DatasetFields::text, &DatasetFields::label, &DatasetFields::prompt, &DatasetFields::completion})
        if ((spec.fields.*field).empty())
            spec.fields.*field = defaults.*field;

    const UserDatasetFormat format =
        spec.format == UserDatasetFormat::Auto ? userDatasetFormatForPath(spec.path) : spec.format;
    if (format == UserDatasetFormat::Text && spec.task != TaskKind::CausalLm)
        throw DatasetError(spec.path, QStringLiteral("a plain text file holds causal_lm data only (task is %1); use "
                                                     "CSV/TSV or JSONL for %1")
                                          .arg(taskKindName(spec.task)));

    const QByteArray bytes = readWholeFile(spec.path);
    const std::string_view raw(bytes.constData(), static_cast<size_t>(bytes.size()));
    requireUtf8(raw, spec.path);
    const std::string_view text = withoutUtf8Bom(raw);

    std::vector<TextRecord> records;
    switch (format) {
    case UserDatasetFormat::Text:
        if (spec.textMode == TextRecordMode::WholeFile) {
            // Every character trimBlankLines drops (isspace): a file of only "\v" has no records either.
            if (text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos)
                throw DatasetError(spec.path, QStringLiteral("no records (the file is empty)"));
            DatasetSplits splits = wholeFileSplits(text, spec);
            splits.description = QStringLiteral("%1: whole text, split contiguously (%2)")
                                     .arg(QFileInfo(spec.path).fileName(), splitSizesText(splits));
            return splits;
        }
        records = textParagraphRecords(text);
        requireRecords(records, spec.path, QStringLiteral("the file is empty"));
        break;
    case UserDatasetFormat::Csv:
    case UserDatasetFormat::Tsv:
        records = readCsvRecords(text, format == UserDatasetFormat::Csv ? ',' : '\t', spec);
        break;
    case UserDatasetFormat::Jsonl:
    case UserDatasetFormat::Auto:
        records = readJsonlRecords(text, spec.task, spec.fields, spec.path);
        requireRecords(records, spec.path, QStringLiteral("the file is empty"));
        break;
    }
    if (spec.task == TaskKind::Classification)
        requireTwoLabels(records, spec.path);
    if (spec.tokenizer && spec.maxLength > 0)
        requireSomeRecordFits(records, spec.task, *spec.tokenizer, spec.maxLength, spec.path);

    DatasetSplits splits = splitRecords(records, spec);
    splits.description = QStringLiteral("%1: %2 records (%3)")
                             .arg(QFileInfo(spec.path).fileName())
                             .arg(records.size())
                             .arg(splitSizesText(splits));
    return splits;
}

}  // namespace peftbench
