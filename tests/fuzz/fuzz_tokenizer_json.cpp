// libFuzzer harness: the tokenizer.json reader and the BPE tokenizer it builds, as `hf:` base models
// load them (loadTokenizerJson: read the file, resolve bos/eos/pad, check vocabulary and merges).
// An accepted tokenizer then encodes a fixed text and the input's own first bytes (invalid UTF-8
// included): every id must be one of its tokens, and decoding them must work.
#include "FuzzCheck.h"
#include "FuzzInputFile.h"

#include "model/TensorFile.h"  // FileFormatError
#include "tokenizer/BpeTokenizer.h"
#include "tokenizer/HfTokenizerFolder.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using namespace peftbench;
using peftbench::fuzz::expectContract;

namespace {

const std::string kSample = "Hello world! It's 2024: naïve café, 東京, 🙂 <|endoftext|></s> \t\r\n  12345 x";
constexpr size_t kInputSampleBytes = 256;

void checkEncodes(const BpeTokenizer &tokenizer, const std::string &text)
{
    const std::vector<int64_t> ids = tokenizer.encode(text);
    for (int64_t id : ids)
        expectContract(id >= 0 && id < tokenizer.vocabSize(),
                       "encode gave id " + std::to_string(id) + " of " + std::to_string(tokenizer.vocabSize()));
    tokenizer.decode(ids);  // throws std::out_of_range for an id no token has: a crash here
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString path = fuzz::writeFuzzInput(QStringLiteral("tokenizer.json"), data, size);
    try {
        const std::unique_ptr<BpeTokenizer> tokenizer = loadTokenizerJson(path, QString());
        for (int64_t id : {tokenizer->bosId(), tokenizer->eosId(), tokenizer->padId()})
            expectContract(id >= 0 && id < tokenizer->vocabSize(), "bos/eos/pad id " + std::to_string(id) + " out of range");
        checkEncodes(*tokenizer, kSample);
        checkEncodes(*tokenizer, std::string(reinterpret_cast<const char *>(data), std::min(size, kInputSampleBytes)));
    } catch (const FileFormatError &error) {
        expectContract(std::string_view(error.what()).rfind(path.toStdString(), 0) == 0,
                       std::string("the message does not start with the file: ") + error.what());
    }
    return 0;
}
