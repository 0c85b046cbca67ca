#pragma once

// Checks every dataset source goes through after reading, so a bad dataset fails at load time with
// a message naming the file, not as a confusing error deep inside training.

#include "data/TaskData.h"

#include <QString>

#include <vector>

namespace peftbench {

class Tokenizer;

// Throws DatasetError(fileName, "no records (<why>)") when records is empty; `why` says what was
// found instead, e.g. "the file is empty" or "only a header row".
void requireRecords(const std::vector<TextRecord> &records, const QString &fileName, const QString &why);

// Classification: throws when all records share one label, naming it
// ('every record has the label "spam"; classification needs at least two classes').
void requireTwoLabels(const std::vector<TextRecord> &records, const QString &fileName);

// classification and completion: throws when not one record fits maxLength tokens as the task
// frames it (bos + text + separator + label + eos; bos + prompt + completion + eos). That usually
// means the wrong column, or a max_length far too small: every example would be truncated.
// causal_lm is never too long: its texts are cut into windows.
void requireSomeRecordFits(const std::vector<TextRecord> &records, TaskKind task, const Tokenizer &tok,
                           int maxLength, const QString &fileName);

}  // namespace peftbench
