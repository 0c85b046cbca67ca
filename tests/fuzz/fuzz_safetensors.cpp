// libFuzzer harness: the safetensors layout check (parseSafetensorsLayout), the whole of what
// SafetensorsReader does with a file's bytes before LibTorch copies a tensor out of the mapping.
// That copy is memcpy of [begin, end) into a tensor of the checked size, so the layout's promises
// checked here (every range inside the data, exactly shape × dtype bytes) are what keep it safe.
#include "FuzzCheck.h"

#include "model/SafetensorsLayout.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using namespace peftbench;
using peftbench::fuzz::expectContract;

namespace {

const QString kPath = QStringLiteral("fuzz.safetensors");

void checkLayout(const SafetensorsLayout &layout, const uint8_t *data, size_t size)
{
    expectContract(layout.dataStart >= 8 && layout.dataStart <= size, "dataStart outside the file");
    const quint64 dataSize = size - layout.dataStart;
    quint64 next = 0;
    for (const SafetensorsEntry &e : layout.entries) {
        const std::string what = "tensor '" + e.name + "': ";
        expectContract(e.dtype != nullptr, what + "no dtype");
        expectContract(e.begin == next, what + "not contiguous with the previous tensor");
        expectContract(e.begin <= e.end && e.end <= dataSize, what + "byte range outside the data");
        // shape × bits must equal the range exactly. Our own overflow-safe product: a zero
        // dimension makes it 0 whatever the others; otherwise stop once it exceeds the range.
        const unsigned __int128 rangeBits = (unsigned __int128)(e.end - e.begin) * 8;
        bool hasZero = false;
        for (int64_t d : e.shape) {
            expectContract(d >= 0, what + "negative dimension");
            hasZero = hasZero || d == 0;
        }
        unsigned __int128 bits = hasZero ? 0 : unsigned(e.dtype->bits);
        for (size_t i = 0; !hasZero && i < e.shape.size() && bits <= rangeBits; ++i)
            bits *= static_cast<unsigned __int128>(e.shape[i]);
        expectContract(bits == rangeBits, what + "shape × dtype differs from its bytes");
        // Touch the range the reader would copy: AddressSanitizer stops any read outside the input.
        volatile uint8_t sum = 0;
        for (quint64 i = e.begin; i < e.end; ++i)
            sum = uint8_t(sum + data[layout.dataStart + i]);
        next = e.end;
    }
    expectContract(next == dataSize, "the last tensor does not end at the end of the file");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    try {
        checkLayout(parseSafetensorsLayout(kPath, data, size), data, size);
    } catch (const FileFormatError &error) {
        expectContract(std::string_view(error.what()).rfind(kPath.toStdString() + ": ", 0) == 0,
                       std::string("the message does not start with the file: ") + error.what());
    }
    return 0;
}
