#include "tokenizer/BpeSpecialTokens.h"

#include "tokenizer/BpeJsonFile.h"

#include <QFileInfo>
#include <QHash>

#include <optional>

namespace peftbench {

namespace {

const char *const kEosCandidates[] = {"<|endoftext|>", "<|end_of_text|>", "</s>", "<|im_end|>", "<eos>"};
const char *const kBosCandidates[] = {"<|begin_of_text|>", "<s>", "<bos>"};

// The config's value for `key`: nothing when absent or null.
std::optional<QString> configToken(const QJsonObject &config, const QString &path, const char *key)
{
    const QJsonValue v = config.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (v.isString())
        return v.toString();
    if (v.isObject() && v.toObject().value(QLatin1String("content")).isString())
        return v.toObject().value(QLatin1String("content")).toString();
    failTokenizerFile(path, QLatin1String(key),
                      QStringLiteral("expected a string or an object with \"content\", found %1").arg(jsonTypeName(v)));
}

}  // namespace

void resolveSpecialTokens(BpeTokenizerSpec &spec, const QString &configPath)
{
    QHash<QString, int64_t> idOf;
    for (const auto &[spelling, id] : spec.vocab)
        idOf.insert(spelling, id);
    for (const BpeAddedToken &t : spec.addedTokens)
        idOf.insert(t.content, t.id);
    const auto firstPresent = [&](const auto &candidates) -> QString {
        for (const char *c : candidates)
            if (idOf.contains(QLatin1String(c)))
                return QLatin1String(c);
        return QString();
    };

    QJsonObject config;
    const bool haveConfig = !configPath.isEmpty() && QFileInfo::exists(configPath);
    if (haveConfig)
        config = readJsonObjectFile(configPath);
    const auto fromConfig = [&](const char *key) -> QString {
        if (!haveConfig)
            return QString();
        const std::optional<QString> token = configToken(config, configPath, key);
        if (!token)
            return QString();
        if (!idOf.contains(*token))
            failTokenizerFile(configPath, QLatin1String(key),
                              QStringLiteral("\"%1\" is neither in the vocabulary nor an added token").arg(*token));
        return *token;
    };

    spec.eosToken = fromConfig("eos_token");
    if (spec.eosToken.isEmpty())
        spec.eosToken = firstPresent(kEosCandidates);
    if (spec.eosToken.isEmpty())
        failTokenizerFile(spec.vocabFile, QString(),
                          QStringLiteral("no end-of-text token: %1 and none of <|endoftext|>, <|end_of_text|>, </s>, "
                                         "<|im_end|>, <eos> is a token")
                              .arg(haveConfig ? QStringLiteral("%1 sets no eos_token").arg(configPath)
                                              : QStringLiteral("there is no tokenizer_config.json")));
    spec.bosToken = fromConfig("bos_token");
    if (spec.bosToken.isEmpty())
        spec.bosToken = firstPresent(kBosCandidates);
    if (spec.bosToken.isEmpty())
        spec.bosToken = spec.eosToken;
    spec.padToken = fromConfig("pad_token");
    if (spec.padToken.isEmpty())
        spec.padToken = spec.eosToken;

    for (const QString &framing : {spec.bosToken, spec.eosToken, spec.padToken}) {
        bool added = false;
        for (BpeAddedToken &t : spec.addedTokens)
            if (t.content == framing) {
                t.special = true;
                added = true;
            }
        if (!added) {  // only in the vocabulary (GPT-2's vocab.json): match it whole from now on
            BpeAddedToken t;
            t.content = framing;
            t.id = idOf.value(framing);
            t.special = true;
            spec.addedTokens.push_back(t);
        }
    }
}

}  // namespace peftbench
