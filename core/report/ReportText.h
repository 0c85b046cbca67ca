#pragma once
// Escaping user-supplied text (run names, config values, fingerprints) for each output format.
#include <QString>

namespace peftbench {

// For HTML/XML text and attribute values alike: & < > " ' all become character references.
QString escapeHtml(const QString &text);
// For a Markdown table cell or line: HTML escaped (renderers pass raw HTML through), Markdown's
// own punctuation backslash-escaped, line breaks flattened to spaces.
QString escapeMarkdown(const QString &text);
// One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF. Text cells starting
// with = + - @ (or tab/CR) get a leading ' so spreadsheets do not run them as formulas.
QString csvField(const QString &text);
QString csvNumber(double value);   // shortest round-trip text; empty for NaN

}  // namespace peftbench
