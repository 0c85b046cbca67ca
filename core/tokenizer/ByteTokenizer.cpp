#include "tokenizer/ByteTokenizer.h"

#include <stdexcept>

namespace peftbench {

std::vector<int64_t> ByteTokenizer::encode(const std::string &bytes) const
{
    std::vector<int64_t> ids;
    ids.reserve(bytes.size());
    // Through unsigned char: plain char is signed on x86, and byte 0xFF must become id 255.
    for (unsigned char byte : bytes)
        ids.push_back(static_cast<int64_t>(byte));
    return ids;
}

std::string ByteTokenizer::decode(const std::vector<int64_t> &ids) const
{
    std::string bytes;
    bytes.reserve(ids.size());
    for (int64_t id : ids) {
        if (id < 0 || id >= kVocabSize)
            throw std::out_of_range("ByteTokenizer::decode: token id " + std::to_string(id)
                                    + " is outside the vocabulary [0, "
                                    + std::to_string(kVocabSize) + ")");
        if (id < kByteCount)
            bytes.push_back(static_cast<char>(static_cast<unsigned char>(id)));
    }
    return bytes;
}

QString ByteTokenizer::name() const
{
    return QStringLiteral("byte");
}

}  // namespace peftbench
