#include "tokenizer/TokenizerJson.h"

#include "tokenizer/BpeJsonFile.h"

#include <QJsonArray>
#include <QJsonObject>

namespace peftbench {

namespace {

class TokenizerJsonReader {
public:
    explicit TokenizerJsonReader(QString path) : m_path(std::move(path)) {}

    BpeTokenizerSpec read()
    {
        const QJsonObject root = readJsonObjectFile(m_path);
        m_spec.vocabFile = m_spec.mergesFile = m_spec.addedTokensFile = m_path;
        readModel(root.value(QLatin1String("model")));
        readAddedTokens(root.value(QLatin1String("added_tokens")));
        readNormalizer(root.value(QLatin1String("normalizer")), QStringLiteral("normalizer"));
        readPreTokenizer(root.value(QLatin1String("pre_tokenizer")), QStringLiteral("pre_tokenizer"));
        if (!m_sawByteLevel)
            fail(QStringLiteral("pre_tokenizer"),
                 QStringLiteral("has no ByteLevel step; only byte-level BPE tokenizers are supported (GPT-2, SmolLM, "
                                "Qwen2, Llama 3), not SentencePiece-style ones"));
        readDecoder(root.value(QLatin1String("decoder")), QStringLiteral("decoder"));
        return std::move(m_spec);
    }

private:
    [[noreturn]] void fail(const QString &key, const QString &problem) const
    {
        failTokenizerFile(m_path, key, problem);
    }
    [[noreturn]] void expected(const QString &key, const QString &what, const QJsonValue &found) const
    {
        fail(key, QStringLiteral("expected %1, found %2").arg(what, jsonTypeName(found)));
    }

    QJsonObject object(const QJsonValue &value, const QString &key, const QString &what) const
    {
        if (value.isUndefined())
            fail(key, QStringLiteral("missing; expected %1").arg(what));
        if (!value.isObject())
            expected(key, what, value);
        return value.toObject();
    }
    QString string(const QJsonObject &o, const QString &parent, const char *name) const
    {
        const QJsonValue v = o.value(QLatin1String(name));
        const QString key = parent + QLatin1Char('.') + QLatin1String(name);
        if (v.isUndefined())
            fail(key, QStringLiteral("missing; expected a string"));
        if (!v.isString())
            expected(key, QStringLiteral("a string"), v);
        return v.toString();
    }
    bool flag(const QJsonObject &o, const QString &parent, const char *name, bool fallback) const
    {
        const QJsonValue v = o.value(QLatin1String(name));
        if (v.isUndefined() || v.isNull())
            return fallback;
        if (!v.isBool())
            expected(parent + QLatin1Char('.') + QLatin1String(name), QStringLiteral("true or false"), v);
        return v.toBool();
    }
    static bool isInteger(const QJsonValue &v)
    {
        // JSON numbers are doubles here: exact up to 2^53, far beyond any vocabulary; the bounds
        // keep the cast below defined.
        const double d = v.toDouble();
        return v.isDouble() && d >= -9.0e15 && d <= 9.0e15 && d == double(int64_t(d));
    }
    int64_t integer(const QJsonValue &v, const QString &key) const
    {
        if (!isInteger(v))
            expected(key, QStringLiteral("an integer id"), v);
        return int64_t(v.toDouble());
    }
    QString typeOf(const QJsonObject &o, const QString &key) const { return string(o, key, "type"); }

    void readModel(const QJsonValue &value)
    {
        const QString key = QStringLiteral("model");
        const QJsonObject model = object(value, key, QStringLiteral("the tokenizer model object (type BPE)"));
        // Files written by old versions of tokenizers leave "type" out; vocab + merges is BPE.
        if (model.contains(QLatin1String("type")) || !model.contains(QLatin1String("merges"))) {
            const QString type = typeOf(model, key);
            if (type != QLatin1String("BPE"))
                fail(key + QStringLiteral(".type"),
                     QStringLiteral("\"%1\" is not supported; only BPE (byte-level) tokenizers are").arg(type));
        }
        if (flag(model, key, "byte_fallback", false))
            fail(key + QStringLiteral(".byte_fallback"),
                 QStringLiteral("true is not supported: this is SentencePiece-style BPE (Llama 2, TinyLlama); only "
                                "byte-level BPE tokenizers are"));
        for (const char *affix : {"continuing_subword_prefix", "end_of_word_suffix"}) {
            const QJsonValue v = model.value(QLatin1String(affix));
            if (!v.isUndefined() && !v.isNull() && !(v.isString() && v.toString().isEmpty()))
                fail(key + QLatin1Char('.') + QLatin1String(affix),
                     QStringLiteral("is not supported (expected null or \"\"; byte-level BPE has no word affixes)"));
        }
        // model.dropout only randomizes merges while training a tokenizer; encoding here is
        // deterministic, as tokenizers' is with dropout off.
        m_spec.ignoreMerges = flag(model, key, "ignore_merges", false);
        readVocab(object(model.value(QLatin1String("vocab")), key + QStringLiteral(".vocab"),
                         QStringLiteral("an object of token → id")));
        readMerges(model.value(QLatin1String("merges")));
    }

    void readVocab(const QJsonObject &vocab)
    {
        m_spec.vocabKey = QStringLiteral("model.vocab");
        m_spec.vocab.reserve(size_t(vocab.size()));
        for (auto it = vocab.begin(); it != vocab.end(); ++it) {
            const QJsonValue id = it.value();
            if (!isInteger(id))  // the key is only spelled out for the message
                integer(id, QStringLiteral("model.vocab.\"%1\"").arg(it.key()));
            m_spec.vocab.emplace_back(it.key(), int64_t(id.toDouble()));
        }
    }

    void readMerges(const QJsonValue &value)
    {
        const QString key = QStringLiteral("model.merges");
        if (value.isUndefined())
            fail(key, QStringLiteral("missing; expected an array of merges"));
        if (!value.isArray())
            expected(key, QStringLiteral("an array of merges"), value);
        m_spec.mergesWherePattern = QStringLiteral("model.merges[%1]");
        const QJsonArray merges = value.toArray();
        m_spec.merges.reserve(size_t(merges.size()));
        for (qsizetype i = 0; i < merges.size(); ++i) {
            const QJsonValue m = merges.at(i);
            const QString where = QStringLiteral("model.merges[%1]").arg(i);
            const QString form = QStringLiteral("\"left right\" or [\"left\", \"right\"]");
            BpeMergeRule rule;
            rule.where = int(i);
            if (m.isString()) {
                // Byte-level tokens never contain a space (it is spelled "Ġ"), so one space
                // separates exactly two tokens.
                const QStringList parts = m.toString().split(QLatin1Char(' '));
                if (parts.size() != 2 || parts[0].isEmpty() || parts[1].isEmpty())
                    fail(where, QStringLiteral("expected %1, found \"%2\"").arg(form, m.toString()));
                rule.left = parts[0];
                rule.right = parts[1];
            } else if (m.isArray()) {
                const QJsonArray pair = m.toArray();
                if (pair.size() != 2 || !pair.at(0).isString() || !pair.at(1).isString())
                    fail(where, QStringLiteral("expected %1, found an array that is not two strings").arg(form));
                rule.left = pair.at(0).toString();
                rule.right = pair.at(1).toString();
            } else {
                expected(where, form, m);
            }
            m_spec.merges.push_back(std::move(rule));
        }
    }

    void readAddedTokens(const QJsonValue &value)
    {
        if (value.isUndefined() || value.isNull())
            return;
        if (!value.isArray())
            expected(QStringLiteral("added_tokens"), QStringLiteral("an array"), value);
        const QJsonArray tokens = value.toArray();
        for (qsizetype i = 0; i < tokens.size(); ++i) {
            const QString key = QStringLiteral("added_tokens[%1]").arg(i);
            const QJsonObject o = object(tokens.at(i), key, QStringLiteral("an object with id and content"));
            BpeAddedToken t;
            if (!o.contains(QLatin1String("id")))
                fail(key + QStringLiteral(".id"), QStringLiteral("missing; expected an integer id"));
            t.id = integer(o.value(QLatin1String("id")), key + QStringLiteral(".id"));
            t.content = string(o, key, "content");
            t.special = flag(o, key, "special", false);
            t.lstrip = flag(o, key, "lstrip", false);
            t.rstrip = flag(o, key, "rstrip", false);
            t.singleWord = flag(o, key, "single_word", false);
            m_spec.addedTokens.push_back(t);
        }
    }

    void readNormalizer(const QJsonValue &value, const QString &key)
    {
        if (value.isNull() || value.isUndefined())
            return;
        const QJsonObject o = object(value, key, QStringLiteral("a normalizer object"));
        const QString type = typeOf(o, key);
        if (type == QLatin1String("NFC"))
            m_spec.normalizer.addForm(QString::NormalizationForm_C);
        else if (type == QLatin1String("NFD"))
            m_spec.normalizer.addForm(QString::NormalizationForm_D);
        else if (type == QLatin1String("NFKC"))
            m_spec.normalizer.addForm(QString::NormalizationForm_KC);
        else if (type == QLatin1String("NFKD"))
            m_spec.normalizer.addForm(QString::NormalizationForm_KD);
        else if (type == QLatin1String("Sequence"))
            forEachIn(o, key, "normalizers", [&](const QJsonValue &v, const QString &k) { readNormalizer(v, k); });
        else
            fail(key + QStringLiteral(".type"),
                 QStringLiteral("\"%1\" is not supported (supported: NFC, NFD, NFKC, NFKD, Sequence)").arg(type));
    }

    template<typename Visit>
    void forEachIn(const QJsonObject &o, const QString &parent, const char *name, Visit visit)
    {
        const QString key = parent + QLatin1Char('.') + QLatin1String(name);
        const QJsonValue v = o.value(QLatin1String(name));
        if (!v.isArray())
            expected(key, QStringLiteral("an array"), v);
        const QJsonArray items = v.toArray();
        for (qsizetype i = 0; i < items.size(); ++i)
            visit(items.at(i), QStringLiteral("%1[%2]").arg(key).arg(i));
    }

    void readPreTokenizer(const QJsonValue &value, const QString &key)
    {
        if (value.isNull() || value.isUndefined())
            return;
        const QJsonObject o = object(value, key, QStringLiteral("a pre-tokenizer object"));
        const QString type = typeOf(o, key);
        if (type == QLatin1String("ByteLevel")) {
            // tokenizers' ByteLevel: the prefix space first, then GPT-2's regex (use_regex, on by
            // default); the byte → character mapping itself is how BpeTokenizer reads words.
            m_sawByteLevel = true;
            if (flag(o, key, "add_prefix_space", true))
                m_spec.preTokenizer.addPrefixSpace();
            if (flag(o, key, "use_regex", true))
                m_spec.preTokenizer.addSplit(compilePreTokenizerPattern(QString::fromLatin1(kGpt2PreTokenizerPattern)),
                                             SplitBehavior::Isolated, false);
        } else if (type == QLatin1String("Split")) {
            readSplit(o, key);
        } else if (type == QLatin1String("Digits")) {
            // tokenizers' Digits splits on char::is_numeric, which is \p{N}.
            const bool individual = flag(o, key, "individual_digits", false);
            m_spec.preTokenizer.addSplit(compilePreTokenizerPattern(QStringLiteral("\\p{N}")),
                                         individual ? SplitBehavior::Isolated : SplitBehavior::Contiguous, false);
        } else if (type == QLatin1String("Sequence")) {
            forEachIn(o, key, "pretokenizers", [&](const QJsonValue &v, const QString &k) { readPreTokenizer(v, k); });
        } else {
            fail(key + QStringLiteral(".type"),
                 QStringLiteral("\"%1\" is not supported (supported: ByteLevel, Split, Digits, Sequence)").arg(type));
        }
    }

    void readSplit(const QJsonObject &o, const QString &key)
    {
        const QString patternKey = key + QStringLiteral(".pattern");
        const QJsonObject pattern = object(o.value(QLatin1String("pattern")), patternKey,
                                           QStringLiteral("{\"Regex\": ...} or {\"String\": ...}"));
        QString source;
        QString sourceKey;
        if (pattern.value(QLatin1String("Regex")).isString()) {
            source = pattern.value(QLatin1String("Regex")).toString();
            sourceKey = patternKey + QStringLiteral(".Regex");
        } else if (pattern.value(QLatin1String("String")).isString()) {
            source = QRegularExpression::escape(pattern.value(QLatin1String("String")).toString());
            sourceKey = patternKey + QStringLiteral(".String");
        } else {
            fail(patternKey, QStringLiteral("expected {\"Regex\": \"...\"} or {\"String\": \"...\"}"));
        }
        const QRegularExpression regex = compilePreTokenizerPattern(source);
        if (!regex.isValid())
            fail(sourceKey, QStringLiteral("invalid regular expression at offset %1: %2")
                                .arg(regex.patternErrorOffset()).arg(regex.errorString()));
        const QString behavior = string(o, key, "behavior");
        static const std::pair<const char *, SplitBehavior> kBehaviors[] = {
            {"Removed", SplitBehavior::Removed},
            {"Isolated", SplitBehavior::Isolated},
            {"MergedWithPrevious", SplitBehavior::MergedWithPrevious},
            {"MergedWithNext", SplitBehavior::MergedWithNext},
            {"Contiguous", SplitBehavior::Contiguous},
        };
        for (const auto &[name, b] : kBehaviors)
            if (behavior == QLatin1String(name)) {
                m_spec.preTokenizer.addSplit(regex, b, flag(o, key, "invert", false));
                return;
            }
        fail(key + QStringLiteral(".behavior"),
             QStringLiteral("\"%1\" is not one of Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous")
                 .arg(behavior));
    }

    void readDecoder(const QJsonValue &value, const QString &key)
    {
        if (value.isNull() || value.isUndefined())
            return;
        const QJsonObject o = object(value, key, QStringLiteral("a decoder object"));
        const QString type = typeOf(o, key);
        if (type == QLatin1String("Sequence"))
            forEachIn(o, key, "decoders", [&](const QJsonValue &v, const QString &k) { readDecoder(v, k); });
        else if (type != QLatin1String("ByteLevel"))
            fail(key + QStringLiteral(".type"),
                 QStringLiteral("\"%1\" is not supported; a byte-level BPE tokenizer decodes with ByteLevel").arg(type));
    }

    QString m_path;
    BpeTokenizerSpec m_spec;
    bool m_sawByteLevel = false;
};

}  // namespace

BpeTokenizerSpec readTokenizerJson(const QString &path)
{
    return TokenizerJsonReader(path).read();
}

}  // namespace peftbench
