#include "data/BrownCorpus.h"

#include "data/DatasetError.h"
#include "data/DatasetSplits.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>
#include <cctype>

namespace peftbench {

namespace {

// Writes one paragraph's tokens as text, tracking where each sentence starts.
class ParagraphWriter {
public:
    void beginSentence() { m_sentencePending = true; }

    void add(const std::string &word)
    {
        // This edition writes sentence-final ; ? ! twice (";/. ;/.", "?/. ?/."), and a few commas:
        // nobody means ";;" or "??" there.
        if (word == m_previous && (word == ";" || word == "?" || word == "!" || word == ","))
            return;
        // "Jr./np ./." : the abbreviation's period also ends the sentence.
        if (word == "." && !m_previous.empty() && m_previous.back() == '.')
            return;
        std::string out = word;
        bool attachLeft = false;   // no space before
        bool attachRight = false;  // no space after
        if (word == "``") {
            out = "\"";
            attachRight = true;
        } else if (word == "''") {
            out = "\"";
            attachLeft = true;
        } else if (word == "'") {
            // The corpus does not say whether a lone single quote opens or closes: alternate.
            attachRight = !m_singleQuoteOpen;
            attachLeft = m_singleQuoteOpen;
            m_singleQuoteOpen = !m_singleQuoteOpen;
        } else if (word == "," || word == "." || word == ";" || word == ":" || word == "?"
                   || word == "!" || word == ")" || word == "]" || word == "}") {
            attachLeft = true;
        } else if (word == "(" || word == "[" || word == "{") {
            attachRight = true;
        }
        if (!m_text.empty() && !m_noSpaceNext && !attachLeft)
            m_text.push_back(' ');
        // A sentence starts at its first token that does not lean on the previous one, so a
        // closing quote carried over to the next line stays with the sentence it closes.
        if (m_sentencePending && !attachLeft) {
            m_sentenceStarts.push_back(m_text.size());
            m_sentencePending = false;
        }
        m_text += out;
        m_noSpaceNext = attachRight;
        m_previous = word;
    }

    const std::string &text() const { return m_text; }
    const std::vector<size_t> &sentenceStarts() const { return m_sentenceStarts; }

private:
    std::string m_text;
    std::vector<size_t> m_sentenceStarts;
    std::string m_previous;
    bool m_singleQuoteOpen = false;
    bool m_noSpaceNext = true;
    bool m_sentencePending = false;
};

bool isBlank(std::string_view line)
{
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// A "word/tag" token split at its LAST '/' ("1/2/cd" is the word "1/2").
struct Token {
    std::string word;
    std::string_view tag;
};

Token splitToken(std::string_view token)
{
    const size_t slash = token.rfind('/');
    if (slash == std::string_view::npos || slash == 0)
        return {std::string(token), {}};
    return {std::string(token.substr(0, slash)), token.substr(slash + 1)};
}

std::vector<Token> tokensOf(std::string_view line)
{
    std::vector<Token> tokens;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
            ++i;
        size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r')
            ++j;
        if (j > i)
            tokens.push_back(splitToken(line.substr(i, j - i)));
        i = j;
    }
    return tokens;
}

// A headline ("Merger/nn-hl proposed/vbn-hl") sits on its own line inside a paragraph block; left
// there it would run into the next sentence ("Merger proposed However, ...").
bool isHeadline(const std::vector<Token> &tokens)
{
    return !tokens.empty() && std::all_of(tokens.begin(), tokens.end(), [](const Token &t) {
        return t.tag.find("-hl") != std::string_view::npos;
    });
}

void appendParagraph(BrownDocument &doc, const ParagraphWriter &paragraph)
{
    if (paragraph.text().empty())
        return;
    if (!doc.text.empty())
        doc.text.push_back('\n');
    const size_t offset = doc.text.size();
    doc.text += paragraph.text();
    for (size_t start : paragraph.sentenceStarts())
        doc.sentenceStarts.push_back(offset + start);
}

size_t trimmedEnd(const std::string &text, size_t begin, size_t end)
{
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\n'))
        --end;
    return end;
}

}  // namespace

const std::vector<BrownGenre> &brownGenres()
{
    // Label words: one short lowercase word each, so they tokenize cheaply and read well in a
    // confusion matrix. "essays" stands for belles-lettres (biography, memoirs, essays) and
    // "scifi" for science fiction; the rest are NLTK's names.
    static const std::vector<BrownGenre> genres = {
        {'a', "news", "PRESS: REPORTAGE"},
        {'b', "editorial", "PRESS: EDITORIAL"},
        {'c', "reviews", "PRESS: REVIEWS"},
        {'d', "religion", "RELIGION"},
        {'e', "hobbies", "SKILL AND HOBBIES"},
        {'f', "lore", "POPULAR LORE"},
        {'g', "essays", "BELLES-LETTRES"},
        {'h', "government", "MISCELLANEOUS: GOVERNMENT & HOUSE ORGANS"},
        {'j', "learned", "LEARNED"},
        {'k', "fiction", "FICTION: GENERAL"},
        {'l', "mystery", "FICTION: MYSTERY"},
        {'m', "scifi", "FICTION: SCIENCE"},
        {'n', "adventure", "FICTION: ADVENTURE"},
        {'p', "romance", "FICTION: ROMANCE"},
        {'r', "humor", "HUMOR"},
    };
    return genres;
}

std::optional<BrownGenre> brownGenreOf(std::string_view textId)
{
    if (textId.size() != 4 || textId[0] != 'c' || !std::isdigit(static_cast<unsigned char>(textId[2]))
        || !std::isdigit(static_cast<unsigned char>(textId[3])))
        return std::nullopt;
    for (const BrownGenre &genre : brownGenres())
        if (genre.letter == textId[1])
            return genre;
    return std::nullopt;
}

BrownDocument parseBrownDocument(const std::string &id, std::string_view tagged)
{
    BrownDocument doc;
    doc.id = id;
    if (const auto genre = brownGenreOf(id))
        doc.genre = genre->letter;

    ParagraphWriter paragraph;
    size_t pos = 0;
    while (pos <= tagged.size()) {
        size_t eol = tagged.find('\n', pos);
        if (eol == std::string_view::npos)
            eol = tagged.size();
        const std::string_view line = tagged.substr(pos, eol - pos);
        if (isBlank(line)) {
            appendParagraph(doc, paragraph);
            paragraph = ParagraphWriter();
        } else {
            const std::vector<Token> tokens = tokensOf(line);
            const bool headline = isHeadline(tokens);
            if (headline) {
                appendParagraph(doc, paragraph);
                paragraph = ParagraphWriter();
            }
            paragraph.beginSentence();
            for (const Token &token : tokens)
                paragraph.add(token.word);
            if (headline) {
                appendParagraph(doc, paragraph);
                paragraph = ParagraphWriter();
            }
        }
        if (eol == tagged.size())
            break;
        pos = eol + 1;
    }
    appendParagraph(doc, paragraph);
    return doc;
}

std::vector<std::string> brownPassages(const BrownDocument &doc, size_t minBytes, size_t maxBytes)
{
    const std::vector<size_t> &starts = doc.sentenceStarts;
    const size_t n = starts.size();
    // Length of the passage made of sentences [i, j).
    auto length = [&](size_t i, size_t j) {
        const size_t end = j < n ? starts[j] : doc.text.size();
        return trimmedEnd(doc.text, starts[i], end) - starts[i];
    };
    std::vector<std::string> passages;
    size_t i = 0;
    while (i < n) {
        size_t j = i + 1;
        bool keep = true;
        while (length(i, j) < minBytes) {
            if (j == n) {
                keep = false;  // the remainder is too short
                break;
            }
            if (length(i, j) >= minBytes * 5 / 8 && length(i, j + 1) > maxBytes)
                break;
            ++j;
        }
        if (!keep)
            break;
        passages.push_back(doc.text.substr(starts[i], length(i, j)));
        i = j;
    }
    return passages;
}

std::vector<BrownDocument> readBrownCorpus(const QString &packageDir)
{
    const QDir dir(packageDir);
    static const QRegularExpression textId(QStringLiteral("^c[a-r][0-9][0-9]$"));
    QStringList names = dir.entryList(QDir::Files, QDir::Name);
    names = names.filter(textId);
    if (names.isEmpty())
        throw DatasetError(packageDir, QStringLiteral("no Brown corpus text files (ca01 ... cr09) in this folder"));
    std::vector<BrownDocument> docs;
    docs.reserve(static_cast<size_t>(names.size()));
    for (const QString &name : names) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            throw DatasetError(file.fileName(), QStringLiteral("cannot read: ") + file.errorString());
        const QByteArray bytes = file.readAll();
        docs.push_back(parseBrownDocument(name.toStdString(),
                                          std::string_view(bytes.constData(), static_cast<size_t>(bytes.size()))));
    }
    return docs;
}

SplitIndices brownDocumentSplit(const std::vector<BrownDocument> &docs, uint64_t seed)
{
    std::vector<std::string> genres;
    genres.reserve(docs.size());
    for (const BrownDocument &doc : docs)
        genres.emplace_back(1, doc.genre);
    return stratifiedSplitIndices(genres, seed);
}

}  // namespace peftbench
