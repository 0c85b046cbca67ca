#pragma once

#include <QString>

#include <cstdint>
#include <string>
#include <vector>

namespace peftbench {

// What the data pipeline, trainer and evaluation need from any tokenizer (byte-level or BPE).
// Text is passed as raw bytes in std::string: datasets are not guaranteed to be valid UTF-8 and a
// byte-level model must see exactly the bytes of the file.
class Tokenizer {
public:
    virtual ~Tokenizer() = default;
    // No special tokens are added: callers build bos/eos framing themselves per task.
    virtual std::vector<int64_t> encode(const std::string &bytes) const = 0;
    // Special tokens are skipped, so a decoded generation never contains "<eos>" markers.
    virtual std::string decode(const std::vector<int64_t> &ids) const = 0;
    virtual int64_t vocabSize() const = 0;
    virtual int64_t bosId() const = 0;
    virtual int64_t eosId() const = 0;
    virtual int64_t padId() const = 0;
    // True when one token is one byte, so bits per byte = nats per token / ln 2.
    virtual bool isByteLevel() const = 0;
    virtual QString name() const = 0;
};

}  // namespace peftbench
