#include "tokenizer/BpeTokenizer.h"

#include "tokenizer/BpeByteAlphabet.h"
#include "tokenizer/BpeJsonFile.h"

#include <QMutexLocker>

#include <stdexcept>

namespace peftbench {

namespace {

[[noreturn]] void fail(const QString &file, const QString &key, const QString &problem)
{
    failTokenizerFile(file, key, problem);
}

QString quoted(const QString &s)
{
    return QLatin1Char('"') + s + QLatin1Char('"');
}

// Cap on the word cache: a corpus of random strings must not grow it without bound.
constexpr qsizetype kMaxCachedWords = 1 << 20;

}  // namespace

BpeTokenizer::BpeTokenizer(BpeTokenizerSpec spec)
    : m_ignoreMerges(spec.ignoreMerges)
    , m_normalizer(spec.normalizer)
    , m_preTokenizer(spec.preTokenizer)
{
    buildVocabulary(spec);
    buildAddedTokens(spec);
    buildMerges(spec);
    m_bosId = specialId(spec.bosToken);
    m_eosId = specialId(spec.eosToken);
    m_padId = specialId(spec.padToken);
}

void BpeTokenizer::buildVocabulary(const BpeTokenizerSpec &spec)
{
    // Ids are dense in practice; anything beyond one id per listed token is a corrupt file (and
    // would make us allocate tables sized by a number from the file).
    const int64_t idLimit = int64_t(spec.vocab.size() + spec.addedTokens.size());
    int64_t maxId = -1;
    for (const auto &[spelling, id] : spec.vocab)
        if (id < 0 || id >= idLimit)
            fail(spec.vocabFile, spec.vocabKey,
                 QStringLiteral("id %1 of token %2 is out of range (expected 0 to %3: one id per token)")
                     .arg(id).arg(quoted(spelling)).arg(idLimit - 1));
        else
            maxId = std::max(maxId, id);
    for (const BpeAddedToken &t : spec.addedTokens)
        if (t.id < idLimit)  // out-of-range ones are reported by buildAddedTokens
            maxId = std::max(maxId, t.id);
    m_idBytes.assign(size_t(maxId + 1), std::string());
    m_idKind.assign(size_t(maxId + 1), IdKind::Unused);
    std::vector<const QString *> spellingOfId(size_t(maxId + 1), nullptr);

    for (const auto &[spelling, id] : spec.vocab) {
        if (const QString *other = spellingOfId[size_t(id)])
            fail(spec.vocabFile, spec.vocabKey,
                 QStringLiteral("id %1 is given to both %2 and %3 (expected one token per id)")
                     .arg(id).arg(quoted(*other), quoted(spelling)));
        spellingOfId[size_t(id)] = &spelling;
        m_idBySpelling.insert(spelling, int32_t(id));
        m_idKind[size_t(id)] = IdKind::Text;
        if (const std::optional<std::string> bytes = bpeTokenBytes(spelling)) {
            m_idBytes[size_t(id)] = *bytes;
            m_idByBytes.insert(QByteArray::fromStdString(*bytes), int32_t(id));
        } else {
            // Not spelled in the byte alphabet (a plain-text special such as "<s>" in some
            // vocabularies): merges can never produce it, and it decodes as its own text.
            m_idBytes[size_t(id)] = spelling.toUtf8().toStdString();
        }
    }
    for (int b = 0; b < 256; ++b) {
        const QString spelling(bpeCharForByte(static_cast<unsigned char>(b)));
        const auto found = m_idBySpelling.constFind(spelling);
        if (found == m_idBySpelling.constEnd())
            fail(spec.vocabFile, spec.vocabKey,
                 QStringLiteral("no token for byte 0x%1 (spelled %2); a byte-level BPE vocabulary needs all 256 bytes")
                     .arg(b, 2, 16, QLatin1Char('0')).arg(quoted(spelling)));
        m_byteId[size_t(b)] = *found;
    }
}

void BpeTokenizer::buildAddedTokens(const BpeTokenizerSpec &spec)
{
    const int64_t idLimit = int64_t(spec.vocab.size() + spec.addedTokens.size());
    QHash<int64_t, QString> addedById;
    for (size_t i = 0; i < spec.addedTokens.size(); ++i) {
        const BpeAddedToken &t = spec.addedTokens[i];
        const QString key = QStringLiteral("added_tokens[%1]").arg(i);
        if (t.content.isEmpty())
            fail(spec.addedTokensFile, key, QStringLiteral("content is empty (an added token needs text to match)"));
        if (t.id < 0 || t.id >= idLimit)
            fail(spec.addedTokensFile, key,
                 QStringLiteral("id %1 of %2 is out of range (expected 0 to %3)").arg(t.id).arg(quoted(t.content)).arg(idLimit - 1));
        if (addedById.contains(t.id))
            fail(spec.addedTokensFile, key,
                 QStringLiteral("id %1 is given to both %2 and %3").arg(t.id).arg(quoted(addedById.value(t.id)), quoted(t.content)));
        addedById.insert(t.id, t.content);
        // An added token may repeat a vocabulary entry (GPT-2's "<|endoftext|>"), not take
        // another token's id.
        const auto same = m_idBySpelling.constFind(t.content);
        if (m_idKind[size_t(t.id)] != IdKind::Unused && (same == m_idBySpelling.constEnd() || *same != t.id))
            fail(spec.addedTokensFile, key,
                 QStringLiteral("id %1 of %2 already belongs to another vocabulary token").arg(t.id).arg(quoted(t.content)));
        m_idBySpelling.insert(t.content, int32_t(t.id));
        m_idBytes[size_t(t.id)] = t.content.toUtf8().toStdString();
        m_idKind[size_t(t.id)] = t.special ? IdKind::Special : IdKind::Text;
    }
    m_addedTokens = BpeAddedTokenMatcher(spec.addedTokens);
}

void BpeTokenizer::buildMerges(const BpeTokenizerSpec &spec)
{
    const auto idOf = [&](const BpeMergeRule &rule, const QString &token, const QString &role) {
        const auto found = m_idBySpelling.constFind(token);
        if (found == m_idBySpelling.constEnd())
            fail(spec.mergesFile, spec.mergesWherePattern.arg(rule.where),
                 QStringLiteral("%1 %2 %3, which is not in the vocabulary")
                     .arg(quoted(rule.left + QLatin1Char(' ') + rule.right), role, quoted(token)));
        return *found;
    };
    int32_t rank = 0;
    for (const BpeMergeRule &rule : spec.merges) {
        const int32_t left = idOf(rule, rule.left, QStringLiteral("names"));
        const int32_t right = idOf(rule, rule.right, QStringLiteral("names"));
        const int32_t merged = idOf(rule, rule.left + rule.right, QStringLiteral("merges into"));
        m_merges.add(left, right, merged, rank++);
    }
}

int64_t BpeTokenizer::specialId(const QString &content) const
{
    const auto found = m_idBySpelling.constFind(content);
    // resolveSpecialTokens guarantees the framing tokens exist; reaching this is a caller bug.
    if (content.isEmpty() || found == m_idBySpelling.constEnd())
        throw std::invalid_argument("BpeTokenizer: framing token \"" + content.toStdString()
                                    + "\" is not a token; run resolveSpecialTokens on the spec first");
    return *found;
}

std::vector<int64_t> BpeTokenizer::encode(const std::string &bytes) const
{
    std::vector<int64_t> ids;
    ids.reserve(bytes.size() / 3);
    for (const BpeAddedTokenMatcher::Segment &segment : m_addedTokens.split(bytes)) {
        if (segment.tokenId >= 0)
            ids.push_back(segment.tokenId);
        else
            encodePlain(segment.text, ids);
    }
    return ids;
}

void BpeTokenizer::encodePlain(std::string_view text, std::vector<int64_t> &ids) const
{
    const std::string normalized = m_normalizer.apply(text);
    for (const std::string &word : m_preTokenizer.split(normalized))
        encodeWord(word, ids);
}

void BpeTokenizer::encodeWord(const std::string &word, std::vector<int64_t> &ids) const
{
    // A raw view for the lookups: no copy of the word unless it is new.
    const QByteArray key = QByteArray::fromRawData(word.data(), qsizetype(word.size()));
    if (m_ignoreMerges) {
        const auto whole = m_idByBytes.constFind(key);
        if (whole != m_idByBytes.constEnd()) {
            ids.push_back(*whole);
            return;
        }
    }
    {
        QMutexLocker lock(&m_cacheMutex);
        const auto cached = m_wordCache.constFind(key);
        if (cached != m_wordCache.constEnd()) {
            ids.insert(ids.end(), cached->begin(), cached->end());
            return;
        }
    }
    std::vector<int32_t> symbols;
    symbols.reserve(word.size());
    for (unsigned char b : word)
        symbols.push_back(m_byteId[b]);
    const std::vector<int32_t> merged = m_merges.apply(std::move(symbols));
    ids.insert(ids.end(), merged.begin(), merged.end());
    QMutexLocker lock(&m_cacheMutex);
    if (m_wordCache.size() >= kMaxCachedWords)
        m_wordCache.clear();
    m_wordCache.insert(QByteArray(word.data(), qsizetype(word.size())), merged);
}

std::string BpeTokenizer::decode(const std::vector<int64_t> &ids) const
{
    std::string bytes;
    bytes.reserve(ids.size() * 4);
    for (int64_t id : ids) {
        if (id < 0 || id >= vocabSize() || m_idKind[size_t(id)] == IdKind::Unused)
            throw std::out_of_range("BpeTokenizer::decode: token id " + std::to_string(id)
                                    + " is not in the vocabulary (size " + std::to_string(vocabSize()) + ")");
        if (m_idKind[size_t(id)] == IdKind::Text)
            bytes += m_idBytes[size_t(id)];
    }
    return bytes;
}

std::optional<int64_t> BpeTokenizer::tokenId(const QString &spelling) const
{
    const auto found = m_idBySpelling.constFind(spelling);
    if (found == m_idBySpelling.constEnd())
        return std::nullopt;
    return *found;
}

QString BpeTokenizer::name() const
{
    return QStringLiteral("byte-level BPE");
}

}  // namespace peftbench
