#include "tokenizer/BpeNormalizer.h"

#include "tokenizer/BpeUtf8View.h"

namespace peftbench {

std::string BpeNormalizer::apply(std::string_view bytes) const
{
    if (m_forms.empty())
        return std::string(bytes);
    std::string out;
    out.reserve(bytes.size());
    size_t i = 0;
    while (i < bytes.size()) {
        // One maximal run of well-formed UTF-8, then one invalid byte, and so on.
        const size_t runStart = i;
        bool ascii = true;
        size_t n = 0;
        while (i < bytes.size() && (n = validUtf8SequenceLength(bytes, i)) != 0) {
            ascii = ascii && n == 1;
            i += n;
        }
        const std::string_view run = bytes.substr(runStart, i - runStart);
        if (ascii) {  // every normalization form leaves ASCII as it is; skip the round trip
            out.append(run);
        } else {
            QString text = QString::fromUtf8(run.data(), qsizetype(run.size()));
            for (QString::NormalizationForm form : m_forms)
                text = text.normalized(form);
            out.append(text.toUtf8().toStdString());
        }
        if (i < bytes.size() && validUtf8SequenceLength(bytes, i) == 0)
            out.push_back(bytes[i++]);
    }
    return out;
}

}  // namespace peftbench
