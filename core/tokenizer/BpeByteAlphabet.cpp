#include "tokenizer/BpeByteAlphabet.h"

#include <array>

namespace peftbench {

namespace {

struct ByteAlphabet {
    std::array<char16_t, 256> charOf{};
    std::array<int, 0x200> byteOf{};  // indexed by character; every alphabet character is < 0x144

    ByteAlphabet()
    {
        byteOf.fill(-1);
        const auto printable = [](int b) { return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF); };
        int next = 0x100;
        for (int b = 0; b < 256; ++b) {
            const char16_t c = printable(b) ? char16_t(b) : char16_t(next++);
            charOf[size_t(b)] = c;
            byteOf[c] = b;
        }
    }
};

const ByteAlphabet &alphabet()
{
    static const ByteAlphabet instance;
    return instance;
}

}  // namespace

QChar bpeCharForByte(unsigned char byte)
{
    return QChar(alphabet().charOf[byte]);
}

int bpeByteForChar(QChar c)
{
    const char16_t u = c.unicode();
    return u < alphabet().byteOf.size() ? alphabet().byteOf[u] : -1;
}

std::optional<std::string> bpeTokenBytes(const QString &token)
{
    std::string bytes;
    bytes.reserve(size_t(token.size()));
    for (QChar c : token) {
        const int b = bpeByteForChar(c);
        if (b < 0)
            return std::nullopt;
        bytes.push_back(char(static_cast<unsigned char>(b)));
    }
    return bytes;
}

QString bpeTokenSpelling(const std::string &bytes)
{
    QString spelling;
    spelling.reserve(qsizetype(bytes.size()));
    for (unsigned char b : bytes)
        spelling.append(bpeCharForByte(b));
    return spelling;
}

}  // namespace peftbench
