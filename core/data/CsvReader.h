#pragma once

// RFC 4180 CSV (and TSV with the same quoting rules) with positions for error messages.

#include <QString>

#include <string>
#include <string_view>
#include <vector>

namespace peftbench {

struct CsvField {
    std::string text;  // unquoted, "" turned into "
    int line = 0;      // 1-based line where the field starts
    int column = 0;    // 1-based column (in characters) where the field starts
};

struct CsvRow {
    std::vector<CsvField> fields;
    int line = 0;       // 1-based line where the row starts
    int endLine = 0;    // where the row's last character is (a quoted field may span lines) ...
    int endColumn = 0;  // ... and the column just after it, for "too few fields"
};

// Parses UTF-8 text (already validated) into rows. Rules (RFC 4180, with the tolerance real files
// need): fields are separated by `delimiter` (',' or '\t'); rows end at "\n" or "\r\n"; a field that
// starts with '"' is quoted and may hold delimiters, line breaks and "" for a quote; a quote inside
// an unquoted field is an ordinary character; completely empty lines are skipped. Throws
// DatasetError(fileName, line, column, ...) for text after a closing quote and for a quoted field
// that is never closed (pointing at its opening quote), and, taking the first row as the header,
// for a row whose field count differs from the header's ("expected N fields, got M").
std::vector<CsvRow> parseCsv(std::string_view text, char delimiter, const QString &fileName);

}  // namespace peftbench
