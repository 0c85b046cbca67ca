#pragma once

#include <string>
#include <string_view>

namespace peftbench {

// The readable text of an HTML document or fragment (UTF-8 in, UTF-8 out), as a mail client's
// "view as text" would show it: tags, comments, <script>, <style> and <head> are removed; block
// elements (p, div, br, tr, li, headings, tables, ...) start new lines and table cells are separated
// by a space; character references (&amp; &nbsp; &#233; &#xE9; and the common named ones) are
// decoded; whitespace is collapsed as a browser would (TidyOptions::collapseSpaces).
// Tolerant of the broken HTML spam is made of: an unclosed tag or comment ends the text, a stray
// '<' or '&' stays literal.
std::string htmlToText(std::string_view html);

}  // namespace peftbench
