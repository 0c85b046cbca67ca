#pragma once

#include "tokenizer/BpeTokenizerSpec.h"

#include <QString>

namespace peftbench {

// Decides the bos/eos/pad tokens of a BPE tokenizer and makes each one a special added token
// (matched whole, skipped by decode).
//   * tokenizer_config.json at `configPath`, when the file exists: its bos_token, eos_token and
//     pad_token (a string or an AddedToken object with "content"); null or absent means "not
//     set". A token it names that the tokenizer lacks is an error naming the file and key.
//   * Not set by the config (or no config): eos is the first of <|endoftext|>, <|end_of_text|>,
//     </s>, <|im_end|>, <eos> that exists; bos the first of <|begin_of_text|>, <s>, <bos>, or
//     else eos (GPT-2 uses <|endoftext|> for both); pad is eos, as Hugging Face users set it for
//     models trained without padding (padded positions are masked out of the loss anyway).
//   * No eos at all is an error: completion and classification framing need one.
void resolveSpecialTokens(BpeTokenizerSpec &spec, const QString &configPath);

}  // namespace peftbench
